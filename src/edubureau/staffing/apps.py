from django.apps import AppConfig


class StaffingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "edubureau.staffing"
    label = "staffing"
    verbose_name = "区管校聘与教师调配"
