"""FilterSets of the work-plan lists, shared by the pages and the REST API.

They filter a queryset they are given (already restricted by a selector); related-object choices are the
whole table here and a page narrows them to the user's scope (``ObjectListView.narrow_choices``).
"""

from __future__ import annotations

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edubureau.core.filters import FilterSet, IntegerFilter, ModelChoiceFilter
from edubureau.planning.choices import Light, TaskStatus, UrgeLevel
from edubureau.planning.models import Plan, ProgressReport, Target, Task, UrgeNotice
from edubureau.registry.models import Department


class PlanFilterSet(FilterSet):
    year = IntegerFilter(label=_("Year"))

    class Meta:
        model = Plan
        fields = ["year"]


class TaskFilterSet(FilterSet):
    q = df.CharFilter(label=_("Search"), method="search")
    plan = ModelChoiceFilter(label=_("Plan"), queryset=Plan.objects.all())
    status = df.ChoiceFilter(label=_("Status"), choices=TaskStatus.choices)
    light = df.ChoiceFilter(label=_("Light"), choices=Light.choices)
    department = ModelChoiceFilter(
        label=_("Lead unit"), queryset=Department.objects.all(), field_name="lead_units", distinct=True
    )

    class Meta:
        model = Task
        fields = ["q", "plan", "status", "light", "department"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(body__icontains=value))


class TargetFilterSet(FilterSet):
    plan = IntegerFilter(field_name="plan_id", label=_("Plan"))
    task = IntegerFilter(field_name="task_id", label=_("Task"))
    bound = df.BooleanFilter(label=_("Bound to an indicator"), method="filter_bound")

    class Meta:
        model = Target
        fields = ["plan", "task", "bound"]

    def filter_bound(self, queryset, name, value):
        return queryset.exclude(indicator_code="") if value else queryset.filter(indicator_code="")


class ReportFilterSet(FilterSet):
    task = IntegerFilter(field_name="task_id", label=_("Task"))
    plan = IntegerFilter(field_name="task__plan_id", label=_("Plan"))
    period = df.CharFilter(label=_("Period"))

    class Meta:
        model = ProgressReport
        fields = ["task", "plan", "period"]


class UrgeNoticeFilterSet(FilterSet):
    plan = ModelChoiceFilter(label=_("Plan"), queryset=Plan.objects.all())
    level = df.ChoiceFilter(label=_("Urge level"), choices=UrgeLevel.choices)
    open = df.BooleanFilter(label=_("Unanswered"), field_name="resolved_at", lookup_expr="isnull")

    class Meta:
        model = UrgeNotice
        fields = ["plan", "level", "open"]
