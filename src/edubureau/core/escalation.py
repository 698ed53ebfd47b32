"""The urge-notice ladder shared by plan tasks (督办单), rectifications (督整) and hazards: 蓝 → 橙 → 红.

A notice is numbered per county and year under the county's row lock, so two notices issued at once never
share a number; it is answered within ``RESPOND_DAYS``, and answering the subject resolves its open ones.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from edubureau.core import audit, clock
from edubureau.core.models import BaseModel


class UrgeLevel(models.IntegerChoices):
    """催办 → 督办 → 约谈: 蓝 (reminder) → 橙 (warning, 限期办结) → 红 (约谈, escalated)."""

    BLUE = 1, _("blue notice")
    ORANGE = 2, _("orange notice")
    RED = 3, _("red notice")


#: Tabler colour of each level.
URGE_COLOUR = {UrgeLevel.BLUE: "blue", UrgeLevel.ORANGE: "orange", UrgeLevel.RED: "red"}

#: Days the urged unit (lead unit, school) has to answer a notice before the next level may be issued.
RESPOND_DAYS = 5


class CountyUrgeNotice(BaseModel):
    """A numbered urge notice under one counter per county and year (督整〔2019〕3号, 安整〔2019〕3号); a
    subclass adds the foreign key to what it urges, its ``doc_prefix`` and its own Meta constraints; the
    number comes from ``next_number``."""

    doc_prefix = ""

    county = models.ForeignKey(
        "registry.Area", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    level = models.PositiveSmallIntegerField(_("urge level"), choices=UrgeLevel.choices)
    reason = models.TextField(_("reason"))
    issued_on = models.DateField(_("issued on"))
    respond_by = models.DateField(_("respond by"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-year", "-number"]

    def __str__(self) -> str:
        return self.doc_number

    @property
    def doc_number(self) -> str:
        """督整〔2019〕3号: the year in 六角括号, the number not zero-padded (GB/T 9704 §7.2.5)."""
        return f"{self.doc_prefix}〔{self.year}〕{self.number}号"

    @property
    def colour(self) -> str:
        return URGE_COLOUR[self.level]

    @property
    def css(self) -> str:
        """The light badge of the level, ``bg-blue-lt``."""
        return f"bg-{self.colour}-lt"


def ladder_level(*, open_level: int, requested: int | None = None) -> int:
    """The level of the next notice: one step above the highest open one, or a higher one asked for."""
    level = requested or open_level + 1
    if level > UrgeLevel.RED:
        raise ValidationError({"level": _t("A red notice is already open: the ladder has no higher step.")})
    if level <= open_level:
        raise ValidationError(
            {"level": _t("A notice of this level or higher is already open; issue a higher level.")}
        )
    return level


def next_number(notice_model: type[CountyUrgeNotice], *, county_id: int, year: int) -> int:
    """The next number of ``notice_model`` in the county and year; the county's row is locked first, so a
    second caller waits until the first one's notice is saved (the transaction ends)."""
    county = notice_model._meta.get_field("county").related_model
    county.objects.select_for_update().filter(pk=county_id).first()
    notices = notice_model.objects.filter(county_id=county_id, year=year)
    last = notices.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def open_notices(
    subject: models.Model, *, notice_model: type[CountyUrgeNotice], link: str
) -> models.QuerySet:
    """The unresolved notices on ``subject`` (``link`` is the notice's field pointing to it)."""
    return notice_model.objects.filter(**{link: subject, "resolved_at__isnull": True})


def urges_resolve(subject: models.Model, *, notice_model: type[CountyUrgeNotice], link: str) -> None:
    """The subject was answered (submitted, fixed, closed, given a new date): its open notices are too."""
    open_notices(subject, notice_model=notice_model, link=link).update(resolved_at=clock.now())


def urge_issue(
    *,
    actor,
    action: str,
    subject: models.Model,
    notice_model: type[CountyUrgeNotice],
    link: str,
    level: int | None,
    reason: str,
    today: dt.date,
    respond_by: dt.date | None = None,
    **fields,
) -> CountyUrgeNotice:
    """Issue the next notice on ``subject`` (a row locked by the caller, with ``county_id``, ``urge_level``
    and ``updated_at``; ``link`` is the notice's field pointing to it): the level one step above its open
    notices (or the one asked for), the number per county and year (``next_number``), to be answered by
    ``respond_by`` (``RESPOND_DAYS`` from today unless given); ``fields`` are the notice's other fields.
    The subject's urge level is raised and the whole audited as ``action``."""
    open_level = max(
        open_notices(subject, notice_model=notice_model, link=link).values_list("level", flat=True), default=0
    )
    level = ladder_level(open_level=open_level, requested=level)
    notice = notice_model(
        **{link: subject},
        **fields,
        county_id=subject.county_id,
        year=today.year,
        number=next_number(notice_model, county_id=subject.county_id, year=today.year),
        level=level,
        reason=reason,
        issued_on=today,
        respond_by=respond_by or today + dt.timedelta(days=RESPOND_DAYS),
    )
    notice.full_clean()
    notice.save()
    before = {"urge_level": subject.urge_level}
    subject.urge_level = max(subject.urge_level, level)
    subject.save(update_fields=["urge_level", "updated_at"])
    after = {"urge_level": subject.urge_level, "notice": notice.doc_number, "level": level}
    audit.record(actor=actor, action=action, obj=subject, before=before, after=after)
    return notice


def return_changes(locked: models.Model, *, reason: str, missing: str) -> dict:
    """退回: the answer does not put ``locked`` right (a subject re-read under its row lock, with
    ``returned_count`` and ``return_reason``). The reason is required (``missing`` says so to the user) and
    kept, the count goes up; the changes are written by the app's audited ``return`` transition."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": missing})
    return {"returned_count": locked.returned_count + 1, "return_reason": reason}


def ladder_escalate(
    overdue: models.QuerySet, *, today, notice_model: type[models.Model], link: str, issue
) -> list:
    """The daily ladder over ``overdue`` (the subjects past their deadline and still awaiting the
    responsible unit): one with no open notice gets a 蓝 one; one whose highest open notice's answer date
    has passed gets the next level, up to 红. ``issue`` is the app's urge service, called as
    ``issue(actor=None, <link>=subject, level=level, today=today)``; the issued notices are returned in
    the order of ``overdue``."""
    tops: dict[int, tuple[int, object]] = {}
    for subject_id, level, respond_by in notice_model.objects.filter(
        **{f"{link}__in": overdue, "resolved_at__isnull": True}
    ).values_list(f"{link}_id", "level", "respond_by"):
        top = tops.get(subject_id)
        if top is None or level > top[0]:
            tops[subject_id] = (level, respond_by)
    issued = []
    for subject in overdue:
        top = tops.get(subject.pk)
        if top is None:
            level = UrgeLevel.BLUE
        elif top[0] < UrgeLevel.RED and today > top[1]:
            level = top[0] + 1
        else:
            continue
        issued.append(issue(actor=None, **{link: subject}, level=level, today=today))
    return issued
