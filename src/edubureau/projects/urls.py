"""Project pages; the project includes them at ``projects/``. Every ``pk`` names a CapitalProject."""

from django.urls import path

from edubureau.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("ledger/", views.ProjectListView.as_view(export=True), name="project_export"),
    path("seats/", views.SeatsView.as_view(), name="seats"),
    path("new/", views.ProjectEditView.as_view(), name="project_create"),
    path("<int:pk>/", views.ProjectDetailView.as_view(), name="project_detail"),
    path("<int:pk>/edit/", views.ProjectEditView.as_view(), name="project_update"),
    path("<int:pk>/advance/", views.ProjectAdvanceView.as_view(), name="project_advance"),
    path("<int:pk>/funding/", views.ProjectFundingView.as_view(), name="project_funding"),
    path("<int:pk>/payment/", views.ProjectPaymentView.as_view(), name="project_payment"),
    path("<int:pk>/milestone/", views.ProjectMilestoneView.as_view(), name="project_milestone"),
    path("<int:pk>/milestone/done/", views.ProjectMilestoneDoneView.as_view(), name="project_milestone_done"),
    path("<int:pk>/revert/", views.ProjectRevertView.as_view(), name="project_revert"),
    path("<int:pk>/milestone/file/", views.ProjectMilestoneFileView.as_view(), name="project_milestone_file"),
    path("files/<int:pk>/", views.MilestoneFileDownloadView.as_view(), name="milestone_file"),
    path("earmarks/<int:pk>/pay/", views.EarmarkPaymentView.as_view(), name="earmark_pay"),
    path("earmarks/payments/<int:pk>/", views.EarmarkEvidenceDownloadView.as_view(), name="earmark_evidence"),
]
