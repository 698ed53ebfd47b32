"""The project's URLs plus the report downloads, for as long as the project does not include them itself
(then this adds nothing)."""

from django.urls import URLResolver, include, path

from edubureau import urls as project


def _has_namespace(patterns, namespace: str) -> bool:
    return any(
        isinstance(p, URLResolver) and (p.namespace == namespace or _has_namespace(p.url_patterns, namespace))
        for p in patterns
    )


urlpatterns = list(project.urlpatterns)
if not _has_namespace(urlpatterns, "reports"):
    urlpatterns.append(path("reports/", include("edubureau.reports.urls")))
