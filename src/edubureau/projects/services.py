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
                    day=clock.written(day)
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
            raise ValidationError({name_: _("Places cannot be negative; enter 0 or more.")})
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
def project_advance(
    *, actor, project: CapitalProject, reached_on: dt.date, refresh_lights: bool = True
) -> CapitalProject:
    """Move the project to its next stage, reached on ``reached_on``; delivery adds its places to the school."""
    project = _locked(project)
    target = c.next_stage(project.stage)
    if target is None:
        raise ValidationError(_("The project is delivered; there is no next stage."))
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
                    date=clock.written(previous),
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
    if refresh_lights:
        _refresh_lights(project)
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
        raise ValidationError({"budget": _("A budget cannot be negative.")})
    line = ProjectFunding.objects.filter(project=project, source=source).first()
    if line is None:
        return object_create(actor=actor, obj=ProjectFunding(project=project, source=source, budget=budget))
    paid = line.payments.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if budget < paid:
        raise ValidationError(
            {
                "budget": _(
                    "A budget of {budget} is below the {paid} already paid (in 10,000 yuan); check the figures."
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
        raise ValidationError({"amount": _("The amount paid must be above 0 (in 10,000 yuan).")})
    _not_future(paid_on, "paid_on")
    funding = ProjectFunding.objects.select_for_update().get(pk=funding.pk)
    paid = funding.payments.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if paid + amount > funding.budget:
        raise ValidationError(
            {
                "amount": _(
                    "“{source}”: a budget of {budget}, {paid} paid; this {amount} would exceed the budget (in 10,000 yuan)."
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
    *,
    actor,
    project: CapitalProject,
    kind: str,
    due_on: dt.date,
    responsible_unit: str = "基建办",
    refresh_lights: bool = True,
) -> ProjectMilestone:
    """Create or reschedule one milestone of a project."""
    milestone = ProjectMilestone.objects.filter(project=project, kind=kind).first()
    if milestone is None:
        obj = ProjectMilestone(project=project, kind=kind, due_on=due_on, responsible_unit=responsible_unit)
        milestone = object_create(actor=actor, obj=obj)
    else:
        milestone = object_update(
            actor=actor, obj=milestone, data={"due_on": due_on, "responsible_unit": responsible_unit}
        )
    if refresh_lights:
        _refresh_lights(project)
    return milestone


@transaction.atomic
def milestone_done(
    *, actor, milestone: ProjectMilestone, done_on: dt.date, refresh_lights: bool = True
) -> ProjectMilestone:
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
    if refresh_lights:
        _refresh_lights(milestone.project)
    return milestone


def _refresh_lights(project: CapitalProject) -> None:
    """The lights of the tasks bound to the county's projects follow their milestones at once (a bulk
    load passes ``refresh_lights=False`` and recomputes the plan's lights once at the end)."""
    from edubureau.planning.models import Task
    from edubureau.planning.services import task_refresh
    from edubureau.projects.selectors import INDICATOR_CODES

    tasks = Task.objects.filter(
        county_id=project.county_id, targets__indicator_code__in=INDICATOR_CODES
    ).distinct()
    for task in tasks:
        task_refresh(task=task)


@transaction.atomic
def project_revert(*, actor, project: CapitalProject, reason: str) -> CapitalProject:
    """Move the project back one stage (a stage entered by mistake, work stopped), with the reason, which
    is audited; the date of the stage left is cleared. A delivered project's places are in its school's
    capacity already and cannot be taken back here."""
    project = _locked(project)
    if not (reason or "").strip():
        raise ValidationError(
            {"reason": _("Moving a project back a stage needs a reason; write why in “Reason”.")}
        )
    i = c.STAGE_ORDER.index(project.stage)
    if i == 0:
        raise ValidationError(_("The project is at its first stage; there is no stage before it."))
    if project.capacity_applied:
        raise ValidationError(
            _(
                "Project “{name}” is delivered and its places are counted in the school: it cannot move back a stage."
            ).format(name=project.name)
        )
    before = audit.snapshot(project)
    stage_from, target = project.stage, c.STAGE_ORDER[i - 1]
    date_field = c.STAGE_DATE_FIELD[c.Stage(stage_from)]
    project.stage = target
    setattr(project, date_field, None)
    project.save(update_fields=["stage", date_field])
    after = audit.snapshot(project)
    after.update(stage_from=stage_from, stage_to=target, reason=reason.strip())
    audit.record(
        actor=actor, action="projects.capitalproject.revert", obj=project, before=before, after=after
    )
    return project


#: Milestone files: photos of the site, and the documents of a milestone (批复, 许可证, 验收报告…).
PHOTO_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp"}
DOCUMENT_EXTENSIONS = {
    ".pdf",
    ".ofd",
    ".doc",
    ".docx",
    ".wps",
    ".xls",
    ".xlsx",
    ".et",
    ".jpg",
    ".jpeg",
    ".png",
}
FILE_MAX_BYTES = 20 * 1024 * 1024
FILES_PER_MILESTONE = 50


def _file_check(upload, *, allowed: set[str], field: str) -> str:
    """The upload's file name, once its kind and size are accepted."""
    from pathlib import Path

    name = Path(upload.name or "").name[:200]
    if Path(name).suffix.lower() not in allowed:
        raise ValidationError(
            {
                field: _("“{name}”: this kind of file is not accepted; send one of {kinds}.").format(
                    name=name, kinds=" ".join(sorted(allowed))
                )
            }
        )
    if upload.size > FILE_MAX_BYTES:
        raise ValidationError(
            {field: _("“{name}” is larger than 20 MB; send a smaller file.").format(name=name)}
        )
    if upload.size == 0:
        raise ValidationError({field: _("“{name}” is empty.").format(name=name)})
    return name


@transaction.atomic
def milestone_file_add(*, actor, milestone: ProjectMilestone, kind: str, upload):
    """Attach a photo or document to a milestone (≤ 20 MB, of the kinds listed, ≤ 50 per milestone)."""
    from edubureau.projects.models import MilestoneFile

    allowed = PHOTO_EXTENSIONS if kind == MilestoneFile.Kind.PHOTO else DOCUMENT_EXTENSIONS
    name = _file_check(upload, allowed=allowed, field="file")
    milestone = ProjectMilestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.files.count() >= FILES_PER_MILESTONE:
        raise ValidationError(
            {
                "file": _("This milestone has {n} files already, the most it may hold.").format(
                    n=FILES_PER_MILESTONE
                )
            }
        )
    record = MilestoneFile(milestone=milestone, kind=kind, file=upload, name=name, size=upload.size)
    record.full_clean(exclude=["file"])
    record.save()
    audit.record(
        actor=actor,
        action="projects.milestonefile.create",
        obj=record,
        after={"milestone": milestone.pk, "kind": kind, "name": name, "size": upload.size},
    )
    return record


# --- earmarked money of the plan's tasks --------------------------------------------------------------


@transaction.atomic
def earmarks_from_plan(*, actor, plan) -> list:
    """Keep the sums each task of ``plan`` names (``tracking.find_earmarks``) as its budget lines; a line
    already kept is left as it is (run again after a plan is republished)."""
    from edubureau.projects.models import EarmarkLine
    from edubureau.projects.tracking import find_earmarks

    created = []
    for task in plan.tasks.order_by("number"):
        for earmark in find_earmarks(task.body):
            if EarmarkLine.objects.filter(task=task, purpose=earmark.purpose).exists():
                continue
            line = EarmarkLine(
                task=task, purpose=earmark.purpose, budget=earmark.amount, source_text=earmark.source_text
            )
            created.append(object_create(actor=actor, obj=line))
    return created


@transaction.atomic
def earmark_pay(*, actor, line, paid_on: dt.date, amount: Decimal, voucher: str, evidence=None):
    """拨付 against an earmarked line, with its voucher number and (optionally) the scanned evidence; the
    line's payments may not exceed its budget."""
    from edubureau.projects.models import EarmarkLine, EarmarkPayment

    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("The amount paid must be above 0 (in 10,000 yuan).")})
    if not (voucher or "").strip():
        raise ValidationError({"voucher": _("Enter the voucher number of the payment.")})
    _not_future(paid_on, "paid_on")
    name = ""
    if evidence is not None:
        name = _file_check(evidence, allowed=DOCUMENT_EXTENSIONS, field="evidence")
    line = EarmarkLine.objects.select_for_update().get(pk=line.pk)
    paid = line.payments.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if paid + amount > line.budget:
        raise ValidationError(
            {
                "amount": _(
                    "“{purpose}”: a budget of {budget}, {paid} paid; this {amount} would exceed the budget (in 10,000 yuan)."
                ).format(purpose=line.purpose, budget=_wan(line.budget), paid=_wan(paid), amount=_wan(amount))
            }
        )
    payment = EarmarkPayment(
        line=line, paid_on=paid_on, amount=amount, voucher=voucher.strip(), evidence_name=name
    )
    if evidence is not None:
        payment.evidence = evidence
    payment.full_clean(exclude=["evidence"])
    payment.save()
    audit.record(
        actor=actor,
        action="projects.earmarkpayment.create",
        obj=payment,
        after={
            "line": line.pk,
            "paid_on": paid_on.isoformat(),
            "amount": str(amount),
            "voucher": payment.voucher,
            "evidence": name,
        },
    )
    return payment
