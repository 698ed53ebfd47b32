"""Query filters of the safety API (``?school=3&status=reported&overdue=true``); related rows by id, as in
``registry.api.filters``."""

import django_filters as df
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edubureau.core import clock
from edubureau.core.filters import FilterSet, IntegerFilter
from edubureau.safety.choices import HAZARD_AWAITING_SCHOOL
from edubureau.safety.models import CentreInspection, Hazard, TrainingCentre


class HazardFilterSet(FilterSet):
    school = IntegerFilter(field_name="school_id")
    town = IntegerFilter(field_name="school__area_id")
    overdue = df.BooleanFilter(method="filter_overdue", label=_("Overdue"))

    class Meta:
        model = Hazard
        fields = ["school", "town", "status", "level", "category", "source", "overdue"]

    def filter_overdue(self, queryset, name, value):
        overdue = Q(status__in=HAZARD_AWAITING_SCHOOL, deadline__lt=clock.today())
        return queryset.filter(overdue if value else ~overdue)


class TrainingCentreFilterSet(FilterSet):
    town = IntegerFilter(field_name="area_id")
    name = df.CharFilter(lookup_expr="icontains")

    class Meta:
        model = TrainingCentre
        fields = ["town", "name", "status"]


class CentreInspectionFilterSet(FilterSet):
    centre = IntegerFilter(field_name="centre_id")
    town = IntegerFilter(field_name="centre__area_id")

    class Meta:
        model = CentreInspection
        fields = ["centre", "town", "result"]
