"""Safety reads, all through ``restrict()``: out of scope is absent. A bullying case's ``restrict`` keeps
only the cases the user handles (``models.BullyingCaseQuerySet``)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from edubureau.safety.choices import (
    HAZARD_AWAITING_SCHOOL,
    HAZARD_UNFINISHED,
    CentreStatus,
    ComplaintStatus,
    HazardLevel,
    HazardStatus,
    InspectionResult,
)
from edubureau.safety.models import (
    BullyingCase,
    CampusGrade,
    CampusScheme,
    CentreInspection,
    Complaint,
    Hazard,
    HazardUrge,
    TrainingCentre,
)


def hazard_list(*, user, action: str = "view", status: str = "", level: str = "", today: dt.date):
    """The hazards the user may see, by ``status`` ("" = unfinished, "overdue", "all", or a state)."""
    hazards = Hazard.objects.restrict(user, action).select_related("school")
    if status == "overdue":
        hazards = hazards.filter(status__in=HAZARD_AWAITING_SCHOOL, deadline__lt=today)
    elif status in HazardStatus.values:
        hazards = hazards.filter(status=status)
    elif status != "all":
        hazards = hazards.filter(status__in=HAZARD_UNFINISHED)
    if level in HazardLevel.values:
        hazards = hazards.filter(level=level)
    return hazards.order_by("deadline", "pk")


def hazard_counts(*, user, today: dt.date) -> dict[str, int]:
    """Unfinished, overdue, major-unfinished and verified hazards in scope, in one query."""
    unfinished = Q(status__in=HAZARD_UNFINISHED)
    return Hazard.objects.restrict(user, "view").aggregate(
        unfinished=Count("pk", filter=unfinished),
        overdue=Count("pk", filter=Q(status__in=HAZARD_AWAITING_SCHOOL, deadline__lt=today)),
        major=Count("pk", filter=unfinished & Q(level=HazardLevel.MAJOR)),
        verified=Count("pk", filter=Q(status=HazardStatus.VERIFIED)),
    )


def hazard_detail(*, hazard: Hazard) -> dict:
    files = list(hazard.files.all())
    return {
        "found_files": [f for f in files if f.stage == "found"],
        "fixed_files": [f for f in files if f.stage == "fixed"],
        "urges": list(HazardUrge.objects.filter(hazard=hazard)),
    }


def bullying_case_list(*, user):
    """The cases the user is a named handler of; nothing else exists for them."""
    return (
        BullyingCase.objects.restrict(user, "view").select_related("school").order_by("-reported_on", "-pk")
    )


def centre_list(*, user, action: str = "view", q: str = "", status: str = ""):
    centres = TrainingCentre.objects.restrict(user, action).select_related("area")
    if q:
        centres = centres.filter(
            Q(name__contains=q) | Q(organiser__contains=q) | Q(licence_number__contains=q)
        )
    if status in CentreStatus.values:
        centres = centres.filter(status=status)
    return centres.annotate(
        open_rectifications=Count(
            "inspections",
            filter=Q(inspections__rectified_on__isnull=True)
            & ~Q(inspections__result=InspectionResult.PASSED),
            distinct=True,
        ),
        open_complaints=Count("complaints", filter=Q(complaints__status=ComplaintStatus.OPEN), distinct=True),
    ).order_by("name", "pk")


def public_centres(*, user):
    """The 白名单 the bureau publishes: licensed centres only, by town and name."""
    return (
        TrainingCentre.objects.restrict(user, "export")
        .filter(status=CentreStatus.LICENSED)
        .select_related("area")
        .order_by("area__name", "name", "pk")
    )


def centre_detail(*, centre: TrainingCentre) -> dict:
    return {
        "inspections": list(CentreInspection.objects.filter(centre=centre)),
        "complaints": list(Complaint.objects.filter(centre=centre)),
    }


def scheme_list(*, user):
    return (
        CampusScheme.objects.restrict(user, "view").annotate(graded=Count("grades")).order_by("-cycle", "pk")
    )


def scheme_grades(*, scheme: CampusScheme, user):
    return CampusGrade.objects.restrict(user, "view").filter(scheme=scheme).select_related("school")
