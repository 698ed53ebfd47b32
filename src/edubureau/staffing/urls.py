"""Staffing pages; the project includes them at ``staffing/``. Every route names at most one ``pk``."""

from django.urls import include, path

from edubureau.staffing import views

app_name = "staffing"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("my/", views.MyEntriesView.as_view(), name="my"),
    path("establishment/", views.EstablishmentView.as_view(), name="establishment"),
    path("competitions/<int:pk>/", views.CompetitionDetailView.as_view(), name="competition_detail"),
    path("competitions/<int:pk>/action/", views.CompetitionActionView.as_view(), name="competition_action"),
    path("competitions/<int:pk>/posts/", views.CompetitionPostsView.as_view(), name="competition_posts"),
    path(
        "competitions/<int:pk>/results/", views.CompetitionResultsView.as_view(), name="competition_results"
    ),
    path(
        "competitions/<int:pk>/results.xlsx",
        views.CompetitionResultsXlsxView.as_view(),
        name="competition_results_xlsx",
    ),
    path(
        "competitions/<int:pk>/notice.docx", views.CompetitionNoticeView.as_view(), name="competition_notice"
    ),
    path("entries/<int:pk>/", views.EntryDetailView.as_view(), name="entry_detail"),
    path("pool/", include("edubureau.staffing.pool_urls")),
    path("", include("edubureau.staffing.preparation_urls")),
]
