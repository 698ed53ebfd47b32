"""Stored indicator values, with history.

History decision: ``IndicatorValue`` holds the current value of each (indicator, period, scope) — one row,
unique, upserted on every recomputation, so pages and the API read one indexed row per number. When a
recomputation changes a value (or a scope disappears), the superseded figures are copied first into
``IndicatorValueHistory`` with the time they were computed and the time they were replaced. So the
current table stays as small as the registry it describes, and every number ever shown can be recovered
("what did the dashboard say on 1 March?"). Year-on-year comparisons do not need the history table:
each period is its own row.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from edubureau.core import clock
from edubureau.core.scoping import RestrictedQuerySet


class ScopeType(models.TextChoices):
    DISTRICT = "district", _("district")
    TOWN = "town", _("town")
    SCHOOL = "school", _("school")
    CLASS = "class", _("class")
    LEVEL = "level", _("school level")


NUMBER = {"max_digits": 24, "decimal_places": 6, "null": True, "blank": True}


class IndicatorValue(models.Model):
    """指标值: one indicator for one period (学年 “2019-2020” or calendar year “2019”) and one scope.

    ``scope_code`` is the area code (district, town), the 学校标识码 (school), the class id (class) or
    ``<county code>:<level>`` (level). The foreign keys place the row for scoping: ``area`` is the town
    of a school or class, else the area itself (the county for district and level values).
    """

    indicator = models.CharField(_("indicator"), max_length=80)
    period = models.CharField(_("period"), max_length=9)
    scope_type = models.CharField(_("scope type"), max_length=10, choices=ScopeType.choices)
    scope_code = models.CharField(_("scope code"), max_length=40)
    county = models.ForeignKey(
        "registry.Area", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "registry.Area", verbose_name=_("area"), on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey(
        "registry.School",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    school_class = models.ForeignKey(
        "registry.SchoolClass",
        verbose_name=_("class"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    value = models.DecimalField(_("value"), **NUMBER)
    numerator = models.DecimalField(_("numerator"), **NUMBER)
    denominator = models.DecimalField(_("denominator"), **NUMBER)
    computed_at = models.DateTimeField(_("computed at"))

    objects = RestrictedQuerySet.as_manager()
    scope_school = "school"
    scope_area_path = "area__path"

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "period", "scope_type", "scope_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "scope_type", "scope_code"], name="indicatorvalue_unique_scope"
            ),
        ]
        indexes = [
            models.Index(fields=["period", "scope_type", "indicator"], name="indicatorvalue_period_idx"),
            models.Index(fields=["school", "period"], name="indicatorvalue_school_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period} {self.scope_type}:{self.scope_code}"


class IndicatorValueHistory(models.Model):
    """A superseded indicator value: what it was, when it was computed and when a recomputation replaced it."""

    indicator = models.CharField(_("indicator"), max_length=80)
    period = models.CharField(_("period"), max_length=9)
    scope_type = models.CharField(_("scope type"), max_length=10, choices=ScopeType.choices)
    scope_code = models.CharField(_("scope code"), max_length=40)
    value = models.DecimalField(_("value"), **NUMBER)
    numerator = models.DecimalField(_("numerator"), **NUMBER)
    denominator = models.DecimalField(_("denominator"), **NUMBER)
    computed_at = models.DateTimeField(_("computed at"))
    superseded_at = models.DateTimeField(_("superseded at"))

    class Meta:
        verbose_name = _("superseded indicator value")
        verbose_name_plural = _("superseded indicator values")
        ordering = ["indicator", "period", "scope_type", "scope_code", "-superseded_at"]
        indexes = [
            models.Index(
                fields=["indicator", "period", "scope_type", "scope_code"], name="indicatorhistory_scope_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period} {self.scope_type}:{self.scope_code} ({clock.written(self.superseded_at)})"


class Freshness(models.Model):
    """How current a county's stored values are: when its registry last changed, when a recomputation
    last started reading it, whether one is queued. One row per county (``indicators.freshness``).

    The values are up to date when ``computed_at`` is at or after ``changed_at``; a change after it means
    a recomputation is due (queued, or running when ``started_at`` is after ``computed_at``).
    """

    county = models.OneToOneField(
        "registry.Area", verbose_name=_("county"), on_delete=models.CASCADE, related_name="+"
    )
    changed_at = models.DateTimeField(_("data changed at"), null=True, blank=True)
    computed_at = models.DateTimeField(_("values computed at"), null=True, blank=True)
    started_at = models.DateTimeField(_("recomputation started at"), null=True, blank=True)
    queued = models.BooleanField(_("recomputation queued"), default=False)
    queued_at = models.DateTimeField(_("recomputation queued at"), null=True, blank=True)
    # The schools whose rows the changes since ``computed_at`` touched (an import names them): only those
    # are read again (``services.indicators_compute_schools``). None: anything may have changed.
    changed_schools = models.JSONField(_("schools changed since"), null=True, blank=True)
    # Moves on with every write of the county's values (``services.indicators_compute``, a saved value): a
    # process that kept the values it wrote knows from it whether they are still what is stored.
    values_version = models.PositiveBigIntegerField(_("values version"), default=0)
    # The last change not confined to some schools (an edit, a school or population import): a process whose
    # kept inputs stand as of a time after it may read again only the schools changed since (``SchoolChange``).
    wide_changed_at = models.DateTimeField(_("county-wide change at"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator freshness")
        verbose_name_plural = _("indicator freshness")

    def __str__(self) -> str:
        return str(self.county_id)

    @property
    def pending(self) -> bool:
        return bool(self.changed_at and (self.computed_at is None or self.changed_at > self.computed_at))


class SchoolChange(models.Model):
    """The last time an import (or another write that names its schools) changed a school's registry rows.

    A process that kept a county's inputs as of some time reads again just the schools changed at or after
    it, whoever computed the county in between, while no county-wide change came since
    (``Freshness.wide_changed_at``); entries older than that are pruned (``freshness._flush``)."""

    county = models.ForeignKey(
        "registry.Area", verbose_name=_("county"), on_delete=models.CASCADE, related_name="+"
    )
    school = models.ForeignKey(
        "registry.School", verbose_name=_("school"), on_delete=models.CASCADE, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("school change")
        verbose_name_plural = _("school changes")
        constraints = [
            models.UniqueConstraint(fields=["county", "school"], name="schoolchange_unique_school")
        ]
        indexes = [models.Index(fields=["county", "changed_at"], name="schoolchange_county_time_idx")]

    def __str__(self) -> str:
        return f"{self.school_id} {clock.written(self.changed_at)}"
