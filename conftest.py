import os

os.environ.setdefault("EDUBUREAU_TASKS_IMMEDIATE", "1")

pytest_plugins = ["edubureau.core.testing.fixtures", "edubureau.core.testing.browser"]
