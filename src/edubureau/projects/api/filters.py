"""Query filters of the projects API (``?town=3&stage=construction``).

Related rows are filtered by id with plain number filters, as in ``registry.api.filters``: a missing id
and an out-of-scope one both give an empty list.
"""

import django_filters as df
from django.utils.translation import gettext_lazy as _

from edubureau.core.filters import FilterSet, IntegerFilter
from edubureau.projects.models import CapitalProject, ProjectFunding, ProjectMilestone, ProjectPayment


class CapitalProjectFilterSet(FilterSet):
    town = IntegerFilter(field_name="town_id")
    school = IntegerFilter(field_name="school_id")
    name = df.CharFilter(lookup_expr="icontains")

    class Meta:
        model = CapitalProject
        fields = ["town", "school", "name", "kind", "stage", "plan_year"]


class ProjectFundingFilterSet(FilterSet):
    project = IntegerFilter(field_name="project_id")

    class Meta:
        model = ProjectFunding
        fields = ["project", "source"]


class ProjectPaymentFilterSet(FilterSet):
    project = IntegerFilter(field_name="funding__project_id")
    funding = IntegerFilter(field_name="funding_id")
    paid_from = df.DateFilter(field_name="paid_on", lookup_expr="gte", label=_("Paid on or after"))
    paid_to = df.DateFilter(field_name="paid_on", lookup_expr="lte", label=_("Paid on or before"))

    class Meta:
        model = ProjectPayment
        fields = ["project", "funding", "paid_from", "paid_to"]


class ProjectMilestoneFilterSet(FilterSet):
    project = IntegerFilter(field_name="project_id")
    done = df.BooleanFilter(field_name="done_on", lookup_expr="isnull", exclude=True, label=_("Done"))

    class Meta:
        model = ProjectMilestone
        fields = ["project", "kind", "done"]
