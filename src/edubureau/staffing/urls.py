"""Staffing pages; the project includes them at ``staffing/``."""

from django.urls import include, path

app_name = "staffing"
urlpatterns = [
    path("pool/", include("edubureau.staffing.pool_urls")),
]
