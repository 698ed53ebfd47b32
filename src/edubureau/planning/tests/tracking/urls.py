"""The project's URLs plus the planning pages and API, for as long as the project does not include them
itself (then this adds nothing)."""

from django.urls import URLResolver, include, path

from edubureau import api_urls
from edubureau import urls as project


def _has_namespace(patterns, namespace: str) -> bool:
    return any(
        isinstance(p, URLResolver) and (p.namespace == namespace or _has_namespace(p.url_patterns, namespace))
        for p in patterns
    )


urlpatterns = list(project.urlpatterns)
if not _has_namespace(urlpatterns, "planning"):
    urlpatterns.append(path("plan/", include("edubureau.planning.urls")))
if not _has_namespace(api_urls.urlpatterns, "planning-api"):
    urlpatterns.append(path("api/planning/", include("edubureau.planning.api.urls")))
