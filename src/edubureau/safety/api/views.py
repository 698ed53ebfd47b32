"""Safety API (read-only), scoped through ``core.api``: a school sees its own hazards, a supervisor those
of the schools they supervise, the bureau the county's; out of scope answers 404 like missing. Writes
(reporting, fixing, verifying a hazard; inspecting a centre) stay on the pages and their workflows."""

from edubureau.core.api import RestrictedReadOnlyModelViewSet
from edubureau.safety.api import filters
from edubureau.safety.api import serializers as s
from edubureau.safety.models import CentreInspection, Hazard, TrainingCentre


class HazardViewSet(RestrictedReadOnlyModelViewSet):
    """安全隐患: hazards with their fix loop status and urge level."""

    queryset = Hazard.objects.select_related("school")
    serializer_class = s.HazardSerializer
    filterset_class = filters.HazardFilterSet


class TrainingCentreViewSet(RestrictedReadOnlyModelViewSet):
    """校外培训机构: licensed off-campus training centres."""

    queryset = TrainingCentre.objects.select_related("area")
    serializer_class = s.TrainingCentreSerializer
    filterset_class = filters.TrainingCentreFilterSet


class CentreInspectionViewSet(RestrictedReadOnlyModelViewSet):
    """Inspections of training centres, open until their rectification is verified."""

    queryset = CentreInspection.objects.select_related("centre")
    serializer_class = s.CentreInspectionSerializer
    filterset_class = filters.CentreInspectionFilterSet
