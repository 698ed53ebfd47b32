from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    label = "projects"
    name = "edubureau.projects"
    verbose_name = _("Capital projects")

    def ready(self) -> None:
        from edubureau.planning import extensions
        from edubureau.projects import tracking, views

        extensions.register_light_rule(tracking.task_lights)
        extensions.register_task_panel(views.project_light_panel)
        extensions.register_task_panel(views.earmark_panel)
