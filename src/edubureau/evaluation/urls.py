"""Evaluation pages; the project includes them at ``evaluation/``."""

from django.urls import path

from edubureau.evaluation import views

app_name = "evaluation"
urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("schemes/new/", views.SchemeCreateView.as_view(), name="scheme_create"),
    path("schemes/<int:pk>/", views.SchemeDetailView.as_view(), name="scheme_detail"),
    path("schemes/<int:pk>/criteria/", views.SchemeCriterionAddView.as_view(), name="criterion_add"),
    path("schemes/<int:pk>/copy/", views.SchemeCopyView.as_view(), name="scheme_copy"),
    path("criteria/<int:pk>/delete/", views.CriterionDeleteView.as_view(), name="criterion_delete"),
    path("rounds/new/", views.RoundCreateView.as_view(), name="round_create"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/compute/", views.RoundComputeView.as_view(), name="round_compute"),
    path("rounds/<int:pk>/status/", views.RoundStatusView.as_view(), name="round_status"),
    path("rounds/<int:pk>/tiers/", views.RoundTiersView.as_view(), name="round_tiers"),
    path("rounds/<int:pk>/experts/", views.RoundExpertAddView.as_view(), name="round_expert_add"),
    path("rounds/<int:pk>/import/", views.RoundImportView.as_view(), name="round_import"),
    path("rounds/<int:pk>/notice/", views.RoundNoticeView.as_view(), name="round_notice"),
    path("rounds/<int:pk>/results/", views.RoundExportView.as_view(), name="round_export"),
    path("rounds/<int:pk>/expert/", views.RoundExpertView.as_view(), name="round_expert"),
    path("sheets/<int:pk>/", views.SheetDetailView.as_view(), name="sheet_detail"),
    path("sheets/<int:pk>/expert/", views.SheetExpertView.as_view(), name="sheet_expert"),
    path("exams/", views.ExamListView.as_view(), name="exam_list"),
    path("exams/<int:pk>/", views.ExamDetailView.as_view(), name="exam_detail"),
    path("value-added/", views.ValueAddedView.as_view(), name="value_added"),
]
