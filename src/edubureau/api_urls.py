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

# Two code lists share a field name ("status"): name their enums explicitly so the schema has no
# hash-suffixed component names. Best kept in settings.SPECTACULAR_SETTINGS (then the bare
# `edubureau spectacular` command agrees); applied here to the served schema meanwhile.
SCHEMA_SETTINGS = {
    "ENUM_NAME_OVERRIDES": {
        "EnrollmentStatusEnum": "edubureau.registry.choices.EnrollmentStatus",
        "TeacherStatusEnum": "edubureau.registry.choices.TeacherStatus",
    },
}

urlpatterns = [
    path("schema/", SchemaView.as_view(custom_settings=SCHEMA_SETTINGS), name="api-schema"),
    path("docs/", login_required(DocsView.as_view(url_name="api-schema")), name="api-docs"),
    path("token/", TokenIssueView.as_view(), name="api-token"),
    path("registry/", include("edubureau.registry.api.urls")),
]
