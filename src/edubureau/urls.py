from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

urlpatterns = [
    path("", include("edubureau.home.urls")),
    path("", include("edubureau.core.urls")),
    path("accounts/", include("edubureau.accounts.urls")),
    path("registry/", include("edubureau.registry.urls")),
    path("plan/", include("edubureau.planning.urls")),
    path("indicators/", include("edubureau.indicators.urls")),
    path("supervision/", include("edubureau.supervision.urls")),
    path("collect/", include("edubureau.collect.urls")),
    path("projects/", include("edubureau.projects.urls")),
    path("staffing/", include("edubureau.staffing.urls")),
    path("reports/", include("edubureau.reports.urls")),
    path("api/", include("edubureau.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # One way in: the admin's own login form would be a second password check; send it to ours.
    path("django-admin/login/", RedirectView.as_view(pattern_name="accounts:login", query_string=True)),
    path("django-admin/", admin.site.urls),
]
