"""The project's URLs plus this app's, for running these tests before the app is wired into the project."""

from django.urls import include, path

from edubureau import api_urls
from edubureau.urls import urlpatterns as project

urlpatterns = list(project)
if not any("supervision" in str(p.pattern) for p in project):
    urlpatterns.append(path("supervision/", include("edubureau.supervision.urls")))
if not any("supervision" in str(p.pattern) for p in api_urls.urlpatterns):
    urlpatterns.append(path("api/supervision/", include("edubureau.supervision.api.urls")))
