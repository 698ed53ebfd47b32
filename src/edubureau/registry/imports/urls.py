"""Import pages; their patterns join the ``registry`` namespace (see registry/urls.py)."""

from django.urls import path

from edubureau.registry.imports import views

urlpatterns: list = [
    path("imports/", views.import_list, name="import_list"),
    path("imports/new/<str:kind>/", views.import_new, name="import_new"),
    path("imports/template/<str:kind>/", views.import_template, name="import_template"),
    path("imports/<int:pk>/", views.import_job, name="import_job"),
    path("imports/<int:pk>/errors.xlsx", views.import_errors_xlsx, name="import_errors_xlsx"),
]
