"""The project's URLs plus this app's, until the project's urls.py includes them."""

from django.urls import include, path

from edubureau.urls import urlpatterns as project

urlpatterns = [
    *[p for p in project if "indicators" not in str(getattr(p, "pattern", ""))],
    path("indicators/", include("edubureau.indicators.urls")),
    path("api/indicators/", include("edubureau.indicators.api.urls")),
]
