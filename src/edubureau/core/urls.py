from django.urls import path

from edubureau.core import views

app_name = "core"
urlpatterns = [
    path("jobs/<int:pk>/", views.job_status, name="job"),
    path("jobs/<int:pk>/file/", views.job_file, name="job_file"),
    path("history/<str:app_label>/<str:model_name>/<str:pk>/", views.object_history, name="history"),
]
