from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "edubureau.registry"
    label = "registry"
    verbose_name = _("Registry")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_copy_triggers, sender=self)


def _copy_triggers(sender, using="default", **kwargs) -> None:
    """The triggers that copy a pupil's birth year and disability onto their enrolments
    (``registry.triggers``)."""
    from django.db import connections

    from edubureau.registry import triggers

    triggers.install(connections[using])
