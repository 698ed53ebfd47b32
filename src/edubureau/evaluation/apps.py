from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    label = "evaluation"
    name = "edubureau.evaluation"
    verbose_name = "综合评价"
