from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    label = "projects"
    name = "edubureau.projects"
    verbose_name = "基建项目"
