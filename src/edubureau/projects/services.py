"""Writes of the projects app: every change of a project, its money and its milestones is audited.

Stage changes follow ``choices.STAGE_ORDER`` one step at a time; the date a stage was reached may not lie in
the future nor before the previous stage's. Delivery (交付使用) adds the project's places and floor area to
its school's figures, audited on the school as well, so that the 优质均衡 indicators read them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from edubureau.core import audit, clock
from edubureau.core.services import object_create, object_update
from edubureau.projects import choices as c
from edubureau.projects.models import CapitalProject, ProjectFunding, ProjectMilestone, ProjectPayment
from edubureau.registry.models import Area, School


def _wan(amount) -> str:
    """An amount in 万元 as people write it: two decimals, thousands separated."""
    return f"{Decimal(amount):,.2f}"


def _locked(project: CapitalProject) -> CapitalProject:
    return CapitalProject.objects.select_for_update().get(
        pk=project.pk
    )  # no join: PostgreSQL locks no outer join


def _not_future(day: dt.date, field: str) -> None:
    if day > clock.today():
        raise ValidationError(
            {
                field: _("The date {day} is after today; enter a date that has passed.").format(
                    day=day.isoformat()
                )
            }
        )


@transaction.atomic
def project_create(
    *,
    actor,
    county: Area,
    town: Area,
    name: str,
    kind: str,
    school=None,
    new_school_name: str = "",
    preparatory_on: dt.date | None = None,
    **fields,
) -> CapitalProject:
    """A new project in 预备 stage, listed on ``preparatory_on`` (today by default)."""
    preparatory_on = preparatory_on or clock.today()
    _not_future(preparatory_on, "preparatory_on")
    for name_, value in fields.items():
        if name_ in c.PLACE_FIELDS.values() and value is not None and value < 0:
            raise ValidationError({name_: _("学位数不能为负数。")})
    if CapitalProject.objects.filter(county=county, name=name).exists():
        raise ValidationError(
            {"name": _("A project named “{name}” exists already; choose another name.").format(name=name)}
        )
    project = CapitalProject(
        county=county,
        town=town,
        name=name,
        kind=kind,
        school=school,
        new_school_name=new_school_name,
        stage=c.Stage.PREPARATORY,
        preparatory_on=preparatory_on,
        **fields,
    )
    return object_create(actor=actor, obj=project)


@transaction.atomic
def project_advance(*, actor, project: CapitalProject, reached_on: dt.date) -> CapitalProject:
    """Move the project to its next stage, reached on ``reached_on``; delivery adds its places to the school."""
    project = _locked(project)
    target = c.next_stage(project.stage)
    if target is None:
        raise ValidationError(_("项目已交付使用，没有下一阶段。"))
    _not_future(reached_on, "reached_on")
    previous = getattr(project, c.STAGE_DATE_FIELD[c.Stage(project.stage)])
    if previous is not None and reached_on < previous:
        raise ValidationError(
            {
                "reached_on": _(
                    "The date of “{stage}” cannot be before the date of the previous stage “{previous}”, {date}."
                ).format(
                    stage=c.Stage(target).label,
                    previous=project.get_stage_display(),
                    date=previous.isoformat(),
                )
            }
        )
    if target == c.Stage.DELIVERED and project.school_id is None:
        raise ValidationError(
            _(
                "Project “{name}” has no school yet: create “{school}” in the school registry, choose it on the project, then deliver."
            ).format(name=project.name, school=project.new_school_name or project.name)
        )
    before = audit.snapshot(project)
    stage_from = project.stage
    project.stage = target
    setattr(project, c.STAGE_DATE_FIELD[c.Stage(target)], reached_on)
    fields = ["stage", c.STAGE_DATE_FIELD[c.Stage(target)]]
    if target == c.Stage.DELIVERED:
        _deliver(actor=actor, project=project)
        fields.append("capacity_applied")
    project.full_clean()
    project.save(update_fields=fields)
    after = audit.snapshot(project)
    after.update(stage_from=stage_from, stage_to=target, reached_on=reached_on.isoformat())
    audit.record(
        actor=actor, action="projects.capitalproject.advance", obj=project, before=before, after=after
    )
    return project


def _deliver(*, actor, project: CapitalProject) -> None:
    """Add the project's places and floor area to its school (once), audited on the school and the project."""
    if project.capacity_applied:
        return
    # the school row is locked before its figures are read: two projects delivered to one school at once
    # add up, neither overwrites the other
    school = School.objects.select_for_update().get(pk=project.school_id)
    object_update(
        actor=actor,
        obj=school,
        data={
            "capacity": school.capacity + project.places,
            "teaching_floor_area": school.teaching_floor_area + project.floor_area,
        },
    )
    project.capacity_applied = True
    audit.record(
        actor=actor,
        action="projects.capitalproject.deliver",
        obj=project,
        after={"places": project.places, "school": school.pk, "reached_on": project.delivered_on.isoformat()},
    )


@transaction.atomic
def funding_set(*, actor, project: CapitalProject, source: str, budget: Decimal) -> ProjectFunding:
    """Set the budget of one source; it may not fall below what has already been paid from it."""
    if budget < 0:
        raise ValidationError({"budget": _("预算不能为负数。")})
    line = ProjectFunding.objects.filter(project=project, source=source).first()
    if line is None:
        return object_create(actor=actor, obj=ProjectFunding(project=project, source=source, budget=budget))
    paid = line.payments.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if budget < paid:
        raise ValidationError(
            {
                "budget": _(
                    "A budget of {budget} 万元 is below the {paid} 万元 already paid; check the figures."
                ).format(budget=_wan(budget), paid=_wan(paid))
            }
        )
    return object_update(actor=actor, obj=line, data={"budget": budget})


@transaction.atomic
def payment_record(
    *, actor, funding: ProjectFunding, paid_on: dt.date, amount: Decimal, note: str = ""
) -> ProjectPayment:
    """A payment against one budget line; the line's payments may not exceed its budget."""
    if amount <= 0:
        raise ValidationError({"amount": _("拨付金额须大于0。")})
    _not_future(paid_on, "paid_on")
    funding = ProjectFunding.objects.select_for_update().get(pk=funding.pk)
    paid = funding.payments.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if paid + amount > funding.budget:
        raise ValidationError(
            {
                "amount": _(
                    "“{source}”: a budget of {budget} 万元, {paid} 万元 paid; this {amount} 万元 would exceed the budget."
                ).format(
                    source=funding.get_source_display(),
                    budget=_wan(funding.budget),
                    paid=_wan(paid),
                    amount=_wan(amount),
                )
            }
        )
    payment = ProjectPayment(funding=funding, paid_on=paid_on, amount=amount, note=note)
    payment.full_clean()
    payment.save()
    audit.record(
        actor=actor, action="projects.projectpayment.create", obj=payment, after=audit.snapshot(payment)
    )
    return payment


@transaction.atomic
def milestone_set(
    *, actor, project: CapitalProject, kind: str, due_on: dt.date, responsible_unit: str = "基建办"
) -> ProjectMilestone:
    """Create or reschedule one milestone of a project."""
    milestone = ProjectMilestone.objects.filter(project=project, kind=kind).first()
    if milestone is None:
        obj = ProjectMilestone(project=project, kind=kind, due_on=due_on, responsible_unit=responsible_unit)
        return object_create(actor=actor, obj=obj)
    return object_update(
        actor=actor, obj=milestone, data={"due_on": due_on, "responsible_unit": responsible_unit}
    )


@transaction.atomic
def milestone_done(*, actor, milestone: ProjectMilestone, done_on: dt.date) -> ProjectMilestone:
    _not_future(done_on, "done_on")
    milestone = ProjectMilestone.objects.select_for_update().get(pk=milestone.pk)
    before = audit.snapshot(milestone)
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    audit.record(
        actor=actor,
        action="projects.projectmilestone.done",
        obj=milestone,
        before=before,
        after=audit.snapshot(milestone),
    )
    return milestone
