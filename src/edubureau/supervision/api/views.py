"""Supervision API, scoped through ``core.api``: a supervisor sees only the schools assigned to them, a
school only its own visits, findings and rectifications; out of scope answers 404 like missing.

Writes are domain services: ``POST visits/`` records a visit (``services.visit_record``), ``POST
rectifications/{id}/transition/`` answers, closes, returns or urges, decided by workflow role.
"""

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from edubureau.core.api import READ_METHODS, RestrictedModelViewSet, _as_api_errors
from edubureau.core.scoping import user_can
from edubureau.supervision import services
from edubureau.supervision.api import serializers as s
from edubureau.supervision.models import Finding, Rectification, Supervisor, Visit


class MayViewModel(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return user_can(request.user, "view", view.queryset.model)


class SupervisorViewSet(RestrictedModelViewSet):
    """督学 (read-only)."""

    queryset = Supervisor.objects.all()
    serializer_class = s.SupervisorSerializer
    http_method_names = READ_METHODS


class VisitViewSet(RestrictedModelViewSet):
    """督导记录: visits; POST records one (the school must be one of the supervisor's)."""

    queryset = Visit.objects.select_related("school", "supervisor").prefetch_related("checklist")
    serializer_class = s.VisitSerializer
    create_serializer_class = s.VisitCreateSerializer
    http_method_names = [*READ_METHODS, "post"]

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        checklist = {int(e["item"]): (e["rating"], e.get("note", "")) for e in data.pop("checklist")}
        with _as_api_errors(), transaction.atomic():
            try:
                visit = services.visit_record(actor=self.request.user, checklist=checklist, **data)
            except services.Http404:
                raise NotFound from None
            self._check_in_scope(visit, "add")
        serializer.instance = visit


class FindingViewSet(RestrictedModelViewSet):
    queryset = Finding.objects.all()
    serializer_class = s.FindingSerializer
    http_method_names = READ_METHODS


class RectificationViewSet(RestrictedModelViewSet):
    """整改: rectifications; ``transition`` answers, closes, returns or urges one."""

    queryset = Rectification.objects.select_related("school")
    serializer_class = s.RectificationSerializer
    http_method_names = [*READ_METHODS, "post"]

    def get_permissions(self):
        if self.action == "transition":
            return [MayViewModel()]
        return super().get_permissions()

    def get_queryset(self):
        if self.action == "transition":
            return Rectification.objects.select_related("school__area", "finding__visit").restrict(
                self.request.user, "view"
            )
        return super().get_queryset()

    def create(self, request, *args, **kwargs):
        raise NotFound  # rectifications are opened from a finding

    @extend_schema(request=s.RectificationTransitionSerializer, responses=s.RectificationSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        rect = self.get_object()
        data = s.RectificationTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        verb, text = data.validated_data["action"], data.validated_data["text"]
        actor = request.user
        with _as_api_errors():
            try:
                if verb == "answer":
                    rect = services.rectification_answer(actor=actor, rectification=rect, actions=text)
                elif verb == "close":
                    rect = services.rectification_close(actor=actor, rectification=rect, note=text)
                elif verb == "return":
                    rect = services.rectification_return(actor=actor, rectification=rect, reason=text)
                else:
                    services.rectification_urge(actor=actor, rectification=rect, reason=text)
            except services.Http404:
                raise NotFound from None
        fresh = self.queryset.get(pk=rect.pk)
        return Response(s.RectificationSerializer(fresh, context=self.get_serializer_context()).data)
