from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "edubureau.safety"
    label = "safety"
    verbose_name = _("Campus safety")
