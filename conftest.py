import os

os.environ.setdefault("EDUBUREAU_TASKS_IMMEDIATE", "1")

pytest_plugins = ["edubureau.registry.testing.fixtures", "edubureau.core.testing.browser"]
