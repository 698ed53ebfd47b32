"""Work-plan API: plans, tasks, targets and progress reports, scoped by county through ``core.api``.

Reads follow the view scope. Writes are domain services, so the workflow table and the lead-unit rule
apply exactly as on the pages: department staff file reports only on tasks their department leads, and a
task outside their scope or not theirs answers 404 like a missing one. Workflow steps
(``POST tasks/{id}/transition/``) are open to any signed-in user who can see the task; the service then
decides by role (lead units, or the supervising side: leaders, the plan's supervising department).
"""

from django.db import transaction
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed
from rest_framework.response import Response

from edubureau.core.api import READ_METHODS, RestrictedModelViewSet, _as_api_errors
from edubureau.core.scoping import get_scoped_or_404, user_can
from edubureau.planning import filters, selectors, services
from edubureau.planning.api import serializers as s
from edubureau.planning.models import Plan, ProgressReport, Target, Task
from edubureau.registry.models import Department


class MayViewModel(permissions.BasePermission):
    """For workflow steps: holding the view grant on the model somewhere is enough to ask (403 otherwise,
    like the other routes); which task, and whether the step is the user's, is decided further on."""

    def has_permission(self, request, view) -> bool:
        return user_can(request.user, "view", view.queryset.model)


class PlanViewSet(RestrictedModelViewSet):
    """工作要点: published plans with their sections (read-only; plans are published from the review page)."""

    queryset = Plan.objects.select_related("county").prefetch_related("sections")
    serializer_class = s.PlanSerializer
    filterset_class = filters.PlanFilterSet
    http_method_names = READ_METHODS


class TaskViewSet(RestrictedModelViewSet):
    """条目: plan tasks with lead units, status, light and progress; workflow steps by ``transition``."""

    queryset = Task.objects.select_related("section").prefetch_related(
        Prefetch("lead_units", queryset=Department.objects.order_by("sort_order", "name")),
        Prefetch("co_units", queryset=Department.objects.order_by("sort_order", "name")),
    )
    serializer_class = s.TaskSerializer
    filterset_class = filters.TaskFilterSet
    http_method_names = [*READ_METHODS, "post"]

    def get_permissions(self):
        if self.action in ("transition", "extension"):
            return [MayViewModel()]
        return super().get_permissions()

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action in ("transition", "extension"):
            # Seeing the task is enough to ask; the service decides by workflow role (404 otherwise).
            queryset = Task.objects.select_related("plan__county").restrict(self.request.user, "view")
        return queryset

    def create(self, request, *args, **kwargs):
        raise MethodNotAllowed("POST")  # tasks are created by publishing a plan

    @extend_schema(request=s.TransitionSerializer, responses=s.TaskSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Sign, submit, close, return or cancel the task."""
        task = self.get_object()
        data = s.TransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        verb, note = data.validated_data["action"], data.validated_data["note"]
        actor = request.user
        with _as_api_errors():
            if verb == "sign":
                task = services.task_sign(actor=actor, task=task)
            elif verb == "submit":
                task = services.task_submit(actor=actor, task=task, note=note)
            elif verb == "close":
                task = services.task_close(actor=actor, task=task, note=note)
            elif verb == "return":
                task = services.task_return(actor=actor, task=task, reason=note)
            else:
                task = services.task_cancel(actor=actor, task=task, reason=note)
        fresh = self.queryset.get(pk=task.pk)
        return Response(s.TaskSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(request=s.ExtensionRequestSerializer, responses={201: None})
    @action(detail=True, methods=["post"])
    def extension(self, request, pk=None):
        """Request an extension (lead units, before the due date)."""
        task = self.get_object()
        data = s.ExtensionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with _as_api_errors():
            extension = services.extension_request(actor=request.user, task=task, **data.validated_data)
        return Response({"id": extension.pk, "new_due": extension.new_due}, status=status.HTTP_201_CREATED)


def _values_of(targets, user) -> dict:
    values = {}
    for plan in {t.plan_id: t.plan for t in targets}.values():
        values.update(
            selectors.target_values(
                plan=plan, user=user, targets=[t for t in targets if t.plan_id == plan.pk]
            )
        )
    return values


class TargetViewSet(RestrictedModelViewSet):
    """目标: targets with their actual values; ``bind`` sets the indicator code."""

    queryset = Target.objects.select_related("plan", "actual_by")
    serializer_class = s.TargetSerializer
    filterset_class = filters.TargetFilterSet
    http_method_names = [*READ_METHODS, "post"]

    def get_permissions(self):
        if self.action == "bind":
            return [MayViewModel()]
        return super().get_permissions()

    def get_queryset(self):
        if self.action == "bind":
            return Target.objects.select_related("plan__county", "task").restrict(self.request.user, "view")
        return super().get_queryset()

    def create(self, request, *args, **kwargs):
        raise MethodNotAllowed("POST")

    def paginate_queryset(self, queryset):
        """The page's targets, with their values (``target_values``, once per plan on the page)."""
        page = super().paginate_queryset(queryset)
        self.target_values = _values_of(page if page is not None else list(queryset), self.request.user)
        return page

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action in ("retrieve", "bind") and "pk" in self.kwargs:
            target = Target.objects.select_related("plan", "actual_by").filter(pk=self.kwargs["pk"]).first()
            self.target_values = _values_of([target] if target else [], self.request.user)
        context["target_values"] = getattr(self, "target_values", {})
        return context

    @extend_schema(request=s.TargetBindSerializer, responses=s.TargetSerializer)
    @action(detail=True, methods=["post"])
    def bind(self, request, pk=None):
        target = self.get_object()
        data = s.TargetBindSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with _as_api_errors():
            target = services.target_bind(actor=request.user, target=target, **data.validated_data)
        return Response(s.TargetSerializer(target, context=self.get_serializer_context()).data)


class ReportViewSet(RestrictedModelViewSet):
    """进展报送: progress reports; POST files one on a task the user's department leads."""

    queryset = ProgressReport.objects.select_related("author", "department").prefetch_related("evidence")
    serializer_class = s.ReportSerializer
    filterset_class = filters.ReportFilterSet
    http_method_names = [*READ_METHODS, "post"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        user = self.request.user
        task = get_scoped_or_404(
            Task.objects.select_related("plan__county"), user, "view", pk=data.pop("task_id")
        )
        with _as_api_errors(), transaction.atomic():
            report = services.task_report_progress(actor=user, task=task, files=data.pop("files", []), **data)
            self._check_in_scope(report, "add")
        serializer.instance = report
