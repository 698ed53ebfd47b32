from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "edubureau.collect"
    label = "collect"
    verbose_name = _("Data collection")

    def ready(self):
        # The indicators this app feeds join the indicator library, so plan targets can bind to them.
        from edubureau.collect import sources
        from edubureau.indicators import library

        for indicator, binds in sources.indicators():
            library.register(indicator, binds=binds)
