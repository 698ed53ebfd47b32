from django.apps import AppConfig


class SafetyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "edubureau.safety"
    label = "safety"
    verbose_name = "校园安全"
