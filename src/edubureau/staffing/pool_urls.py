"""周转池 and 校际交流 pages, included by ``staffing/urls.py`` at ``pool/``; owned by the pool work.
Every ``pk`` names the model of its view's ``model`` attribute."""

from django.urls import path

from edubureau.staffing import pool_views as v

urlpatterns = [
    path("", v.PoolHomeView.as_view(), name="pool_home"),
    path("vacancies/new/", v.VacancyCreateView.as_view(), name="pool_vacancy_create"),
    path("vacancies/<int:pk>/", v.VacancyDetailView.as_view(), name="pool_vacancy"),
    path("vacancies/<int:pk>/cancel/", v.VacancyCancelView.as_view(), name="pool_vacancy_cancel"),
    path("dispatches/<int:pk>/evaluate/", v.DispatchEvaluateView.as_view(), name="pool_dispatch_evaluate"),
    path("dispatches/<int:pk>/cancel/", v.DispatchCancelView.as_view(), name="pool_dispatch_cancel"),
    path("teachers/", v.PoolTeacherListView.as_view(), name="pool_teachers"),
    path("teachers/new/", v.PoolTeacherCreateView.as_view(), name="pool_teacher_create"),
    path("teachers/<int:pk>/", v.PoolTeacherDetailView.as_view(), name="pool_teacher"),
    path("mine/", v.MyDispatchesView.as_view(), name="pool_mine"),
    path("runs/", v.RunListView.as_view(), name="pool_runs"),
    path("runs/new/", v.RunCreateView.as_view(), name="pool_run_create"),
    path("runs/<int:pk>/", v.RunDetailView.as_view(), name="pool_run"),
    path("runs/<int:pk>/confirm/", v.RunConfirmView.as_view(), name="pool_run_confirm"),
    path("runs/<int:pk>/xlsx/", v.RunExportView.as_view(), name="pool_run_export"),
    path("runs/<int:pk>/discard/", v.RunDiscardView.as_view(), name="pool_run_discard"),
    path("rules/", v.RulesView.as_view(), name="pool_rules"),
    path("rotation/", v.RotationListView.as_view(), name="rotation_list"),
    path("rotation/new/", v.RotationCreateView.as_view(), name="rotation_create"),
    path("rotation/<int:pk>/", v.RotationDetailView.as_view(), name="rotation_plan"),
    path("rotation/<int:pk>/xlsx/", v.RotationExportView.as_view(), name="rotation_export"),
    path("rotation/<int:pk>/add/", v.RotationAddView.as_view(), name="rotation_add"),
    path("rotation/<int:pk>/confirm/", v.RotationConfirmView.as_view(), name="rotation_confirm"),
    path("rotation/lines/<int:pk>/change/", v.RotationMoveChangeView.as_view(), name="rotation_move_change"),
    path("rotation/lines/<int:pk>/remove/", v.RotationMoveRemoveView.as_view(), name="rotation_move_remove"),
]
