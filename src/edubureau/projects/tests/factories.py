"""Small builders for project tests (and the URL walk): one project with a budget line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from edubureau.projects import choices as c
from edubureau.projects.models import (
    CapitalProject,
    EarmarkLine,
    EarmarkPayment,
    MilestoneFile,
    ProjectFunding,
    ProjectMilestone,
    ProjectPayment,
)


def project_for(school, *, name: str | None = None, founded: bool = True, **kw) -> CapitalProject:
    """A project at ``school`` (or, ``founded=False``, in its town for a school still to be founded)."""
    defaults = {
        "county": school.county,
        "town": school.area,
        "school": school if founded else None,
        "name": name or f"{school.name}综合楼",
        "kind": c.ProjectKind.COMPLEX_BUILDING,
        "stage": c.Stage.PREPARATORY,
        "preparatory_on": dt.date(2019, 1, 10),
        "places_primary": 540,
        "rooms": 12,
        "floor_area": Decimal("5200.0"),
        "total_investment": Decimal("2400.00"),
    }
    defaults.update(kw)
    return CapitalProject.objects.create(**defaults)


def funding_for(project, source=c.FundingSource.DISTRICT, budget="1000.00") -> ProjectFunding:
    return ProjectFunding.objects.create(project=project, source=source, budget=Decimal(budget))


def url_walk_objects(district) -> dict:
    """A project in each school; no principal grant reaches projects, so the own one is None."""
    project_for(district.school)
    other = project_for(district.other_school)
    milestone = ProjectMilestone.objects.create(
        project=other, kind=c.MilestoneKind.APPROVAL, due_on=dt.date(2019, 3, 1)
    )
    funding = funding_for(other)
    paid = ProjectPayment.objects.create(funding=funding, paid_on=dt.date(2019, 4, 1), amount=Decimal(100))
    photo = MilestoneFile.objects.create(
        milestone=milestone, kind="photo", file="projects/x.jpg", name="x.jpg"
    )
    from edubureau.planning.tests.tracking.factories import TaskFactory

    task = TaskFactory(plan__county=district.county, county=district.county, number=12)
    line = EarmarkLine.objects.create(task=task, purpose="特殊教育", budget=Decimal(150))
    payment = EarmarkPayment.objects.create(
        line=line, paid_on=dt.date(2019, 6, 1), amount=Decimal(10), voucher="1", evidence="projects/e.pdf"
    )
    return {
        CapitalProject: (None, other),
        ProjectFunding: (None, funding),
        ProjectPayment: (None, paid),
        ProjectMilestone: (None, milestone),
        MilestoneFile: (None, photo),
        EarmarkLine: (None, line),
        EarmarkPayment: (None, payment),
    }
