"""准备 pages (``preparation_views``), included by ``staffing.urls`` under the same namespace."""

from django.urls import path

from edubureau.staffing import preparation_views as views

urlpatterns = [
    path("competitions/new/", views.CompetitionCreateView.as_view(), name="competition_create"),
    path("schemes/", views.SchemeListView.as_view(), name="scheme_list"),
    path("schemes/new/", views.SchemeCreateView.as_view(), name="scheme_create"),
    path("schemes/<int:pk>/", views.SchemeDetailView.as_view(), name="scheme_detail"),
    path("schemes/<int:pk>/edit/", views.SchemeEditView.as_view(), name="scheme_edit"),
    path("schemes/<int:pk>/action/", views.SchemeActionView.as_view(), name="scheme_action"),
    path("schemes/<int:pk>/template.xlsx", views.ScoreTemplateView.as_view(), name="scheme_template"),
]
