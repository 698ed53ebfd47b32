"""Background tasks of the registry; huey's worker discovers tasks through each app's ``tasks`` module."""

from edubureau.registry.imports.tasks import import_job_task  # noqa: F401
