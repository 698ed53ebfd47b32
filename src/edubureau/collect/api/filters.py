"""Query filters of the collect API (``?assignment=4&status=pending``); related rows by id, as in
``registry.api.filters``."""

import django_filters as df

from edubureau.collect.models import Assignment, Form, Submission
from edubureau.core.filters import FilterSet, IntegerFilter


class FormFilterSet(FilterSet):
    title = df.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Form
        fields = ["code", "title", "frequency"]


class AssignmentFilterSet(FilterSet):
    form = IntegerFilter(field_name="form_id")

    class Meta:
        model = Assignment
        fields = ["form", "period"]


class SubmissionFilterSet(FilterSet):
    assignment = IntegerFilter(field_name="assignment_id")
    form = IntegerFilter(field_name="assignment__form_id")
    period = df.CharFilter(field_name="assignment__period")
    school = IntegerFilter(field_name="school_id")
    town = IntegerFilter(field_name="school__area_id")

    class Meta:
        model = Submission
        fields = ["assignment", "form", "period", "school", "town", "status"]
