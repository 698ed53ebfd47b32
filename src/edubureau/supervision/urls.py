"""Supervision pages; the project includes them at ``supervision/``. Every route names at most one ``pk``."""

from django.urls import path

from edubureau.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.OversightView.as_view(), name="oversight"),
    path("visits/", views.VisitListView.as_view(), name="visit_list"),
    path("visits/ledger/", views.VisitListView.as_view(export=True), name="visit_export"),
    path("visits/new/", views.VisitCreateView.as_view(), name="visit_create"),
    path("visits/<int:pk>/", views.VisitDetailView.as_view(), name="visit_detail"),
    path("visits/<int:pk>/finding/", views.VisitFindingView.as_view(), name="visit_finding"),
    path("visits/<int:pk>/report/", views.VisitReportView.as_view(), name="visit_report"),
    path("visits/<int:pk>/record.docx", views.VisitDocxView.as_view(), name="visit_docx"),
    path("files/<int:pk>/", views.VisitFileView.as_view(), name="visit_file"),
    path("rectifications/", views.RectificationListView.as_view(), name="rectification_list"),
    path(
        "rectifications/ledger/",
        views.RectificationListView.as_view(export=True),
        name="rectification_export",
    ),
    path("rectifications/<int:pk>/", views.RectificationDetailView.as_view(), name="rectification_detail"),
    path(
        "rectifications/<int:pk>/action/",
        views.RectificationActionView.as_view(),
        name="rectification_action",
    ),
    path("evidence/<int:pk>/", views.RectificationFileView.as_view(), name="rectification_file"),
    path("schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("schedule/<int:pk>/", views.PlannedVisitEditView.as_view(), name="planned_visit_edit"),
    path("organisation/", views.OrganisationView.as_view(), name="organisation"),
    path("schools/<int:pk>/sign/", views.SchoolSignView.as_view(), name="school_sign"),
    path("schools/<int:pk>/supervisor-photo/", views.SupervisorPhotoView.as_view(), name="supervisor_photo"),
    path("cycles/", views.CycleListView.as_view(), name="cycle_list"),
    path("cycles/<int:pk>/", views.CycleDetailView.as_view(), name="cycle_detail"),
    path("cycle-slots/<int:pk>/move/", views.CycleSlotMoveView.as_view(), name="cycle_slot_move"),
    path("report/monthly.docx", views.MonthlyReportView.as_view(), name="monthly_report"),
]
