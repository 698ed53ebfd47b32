from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "edubureau.supervision"
    label = "supervision"
    verbose_name = "责任督学挂牌督导"
