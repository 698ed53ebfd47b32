from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    label = "evaluation"
    name = "edubureau.evaluation"
    verbose_name = _("Evaluation")
