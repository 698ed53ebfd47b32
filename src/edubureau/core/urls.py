from django.urls import path

from edubureau.core import views

app_name = "core"
urlpatterns = [
    path("jobs/<int:pk>/", views.job_status, name="job"),
    path("history/<str:app_label>/<str:model_name>/<str:pk>/", views.object_history, name="history"),
]
