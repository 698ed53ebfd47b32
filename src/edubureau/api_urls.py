"""The REST API: OpenAPI schema and docs, token issue, and each app's routes.

The schema and the docs page need a signed-in user, like every page of the platform: the API is an
internal tool of the bureau and its schools, and nothing in it is meant for the public. Being signed in
also makes Swagger UI's "Try it out" work with the browser session. The docs page sends anonymous
visitors to the login page; the schema answers them 401/403.
"""

from django.contrib.auth.decorators import login_required
from django.urls import include, path

from edubureau.accounts.api.views import TokenIssueView
from edubureau.core.api import DocsView, SchemaView

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", login_required(DocsView.as_view(url_name="api-schema")), name="api-docs"),
    path("token/", TokenIssueView.as_view(), name="api-token"),
    path("registry/", include("edubureau.registry.api.urls")),
    path("planning/", include("edubureau.planning.api.urls")),
    path("indicators/", include("edubureau.indicators.api.urls")),
    path("supervision/", include("edubureau.supervision.api.urls")),
    path("projects/", include("edubureau.projects.api.urls")),
    path("safety/", include("edubureau.safety.api.urls")),
    path("evaluation/", include("edubureau.evaluation.api.urls")),
    path("staffing/", include("edubureau.staffing.api.urls")),
    path("collect/", include("edubureau.collect.api.urls")),
]
