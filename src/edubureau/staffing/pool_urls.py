"""周转池 and 校际交流 pages, included by ``staffing/urls.py`` at ``pool/``; owned by the pool work.
Every ``pk`` names the model of its view's ``model`` attribute (for ``DecideView``, its ``model`` argument)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from edubureau.staffing import pool_views as v
from edubureau.staffing.pool import rotation as rot
from edubureau.staffing.pool import services as svc
from edubureau.staffing.pool_models import DispatchRun, RotationPlan

run_decision = {"model": DispatchRun, "arg": "run", "page": "staffing:pool_run"}
plan_decision = {"model": RotationPlan, "arg": "plan", "page": "staffing:rotation_plan"}

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
    path(
        "runs/<int:pk>/confirm/",
        v.DecideView.as_view(
            **run_decision,
            service=svc.dispatch_run_confirm,
            done=_("The dispatches are confirmed; the schools and the pool teachers can see them."),
        ),
        name="pool_run_confirm",
    ),
    path("runs/<int:pk>/xlsx/", v.RunExportView.as_view(), name="pool_run_export"),
    path(
        "runs/<int:pk>/discard/",
        v.DecideView.as_view(
            **run_decision,
            service=svc.dispatch_run_discard,
            done=_("This dispatch run is discarded."),
            after="staffing:pool_runs",
        ),
        name="pool_run_discard",
    ),
    path("rules/", v.RulesView.as_view(), name="pool_rules"),
    path("rotation/", v.RotationListView.as_view(), name="rotation_list"),
    path("rotation/new/", v.RotationCreateView.as_view(), name="rotation_create"),
    path("rotation/<int:pk>/", v.RotationDetailView.as_view(), name="rotation_plan"),
    path("rotation/<int:pk>/xlsx/", v.RotationExportView.as_view(), name="rotation_export"),
    path("rotation/<int:pk>/add/", v.RotationAddView.as_view(), name="rotation_add"),
    path(
        "rotation/<int:pk>/confirm/",
        v.DecideView.as_view(
            **plan_decision,
            service=rot.rotation_confirm,
            done=_("The rotation plan is confirmed."),
            dates=("effective_on",),
        ),
        name="rotation_confirm",
    ),
    path(
        "rotation/<int:pk>/discard/",
        v.DecideView.as_view(
            **plan_decision,
            service=rot.rotation_discard,
            done=_("The rotation plan is discarded; nobody moves."),
            after="staffing:rotation_list",
        ),
        name="rotation_discard",
    ),
    path("rotation/lines/<int:pk>/change/", v.RotationMoveChangeView.as_view(), name="rotation_move_change"),
    path("rotation/lines/<int:pk>/remove/", v.RotationMoveRemoveView.as_view(), name="rotation_move_remove"),
]
