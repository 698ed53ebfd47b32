"""The filters of the project list: stage, town, kind, plan year, and a name search."""

from __future__ import annotations

import django_filters as df
from django.utils.translation import gettext_lazy as _

from edubureau.core.filters import FilterSet, ModelChoiceFilter
from edubureau.projects import choices as c
from edubureau.projects.models import CapitalProject
from edubureau.registry.choices import AreaKind
from edubureau.registry.models import Area


class ProjectFilterSet(FilterSet):
    q = df.CharFilter(field_name="name", lookup_expr="icontains", label=_("Project name"))
    stage = df.ChoiceFilter(choices=c.Stage.choices, label=_("Stage"))
    town = ModelChoiceFilter(queryset=Area.objects.filter(kind=AreaKind.TOWN), label=_("Town (subdistrict)"))
    kind = df.ChoiceFilter(choices=c.ProjectKind.choices, label=_("Project kind"))

    class Meta:
        model = CapitalProject
        fields = ["q", "stage", "town", "kind"]
