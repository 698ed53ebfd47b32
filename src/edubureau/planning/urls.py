"""Work-plan pages; the project includes them at ``plan/``. Every route names at most one ``pk``."""

from django.urls import path

from edubureau.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.PlanListView.as_view(), name="plan_list"),
    path("new/", views.PlanImportView.as_view(), name="plan_import"),
    path("new/<int:pk>/", views.PlanParseJobView.as_view(), name="plan_import_job"),
    path("<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("<int:pk>/rules/", views.PlanRulesView.as_view(), name="plan_rules"),
    path("tasks/", views.TaskListView.as_view(), name="task_list"),
    path("tasks/ledger/", views.TaskListView.as_view(export=True), name="task_export"),
    path("tasks/mine/", views.MyTaskListView.as_view(), name="my_tasks"),
    path("tasks/<int:pk>/", views.TaskDetailView.as_view(), name="task_detail"),
    path("tasks/<int:pk>/action/", views.TaskActionView.as_view(), name="task_action"),
    path("tasks/<int:pk>/report/", views.TaskReportView.as_view(), name="task_report"),
    path("tasks/<int:pk>/extension/", views.TaskExtensionView.as_view(), name="task_extension"),
    path("tasks/<int:pk>/urge/", views.TaskUrgeView.as_view(), name="task_urge"),
    path("targets/<int:pk>/bind/", views.TargetBindView.as_view(), name="target_bind"),
    path("milestones/<int:pk>/done/", views.MilestoneDoneView.as_view(), name="milestone_done"),
    path("extensions/<int:pk>/decide/", views.ExtensionDecideView.as_view(), name="extension_decide"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("departments/<int:pk>/", views.DepartmentDetailView.as_view(), name="department_detail"),
    path("escalations/", views.EscalationListView.as_view(), name="escalation_list"),
    path("notices/<int:pk>/", views.UrgeNoticeDetailView.as_view(), name="urge_notice_detail"),
    path("notifications/", views.NotificationListView.as_view(), name="notification_list"),
]
