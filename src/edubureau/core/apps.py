from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "edubureau.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.db.models.signals import post_migrate

        from edubureau.core import checks  # noqa: F401  (registers the system checks)

        post_migrate.connect(_page_triggers, sender=self)


def _page_triggers(sender, using="default", **kwargs) -> None:
    """The ``pages`` data version's triggers on every table it counts (``core.pagecache``)."""
    from django.db import connections

    from edubureau.core.pagecache import install_triggers

    install_triggers(connections[using])
