"""Report downloads; the project includes them at ``reports/``. Every route names at most one ``pk``."""

from django.urls import path

from edubureau.reports import views

app_name = "reports"
urlpatterns = [
    path("plans/<int:pk>/bulletin/", views.PlanBulletinView.as_view(), name="plan_bulletin"),
    path("plans/<int:pk>/summary/", views.PlanSummaryView.as_view(), name="plan_summary"),
    path("projects/bulletin/", views.ProjectsBulletinView.as_view(), name="projects_bulletin"),
]
