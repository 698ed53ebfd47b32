"""Data-collection pages; the project includes them at ``collect/``. Every route names at most one ``pk``."""

from django.urls import path

from edubureau.collect import views

app_name = "collect"
urlpatterns = [
    path("", views.FormListView.as_view(), name="form_list"),
    path("forms/new/", views.FormCreateView.as_view(), name="form_create"),
    path("forms/<int:pk>/", views.FormDetailView.as_view(), name="form_detail"),
    path("forms/<int:pk>/fields/", views.FormDefineView.as_view(), name="form_define"),
    path("forms/<int:pk>/assign/", views.FormAssignView.as_view(), name="form_assign"),
    path("assignments/<int:pk>/", views.AssignmentDetailView.as_view(), name="assignment_detail"),
    path("assignments/<int:pk>/export/", views.AssignmentExportView.as_view(), name="assignment_export"),
    path("assignments/<int:pk>/upload/", views.AssignmentUploadView.as_view(), name="assignment_upload"),
    path("submissions/", views.MySubmissionsView.as_view(), name="my_submissions"),
    path("submissions/<int:pk>/", views.SubmissionDetailView.as_view(), name="submission_detail"),
    path("submissions/<int:pk>/action/", views.SubmissionActionView.as_view(), name="submission_action"),
    path("files/<int:pk>/", views.SubmissionFileView.as_view(), name="submission_file"),
    path(
        "submissions/<int:pk>/template.xlsx",
        views.SubmissionTemplateView.as_view(),
        name="submission_template",
    ),
]
