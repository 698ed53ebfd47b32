"""Template helpers of the supervision pages."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from edubureau.core.scoping import user_can
from edubureau.supervision.models import EvaluationCycle, PlannedVisit

register = template.Library()

_TONES = {0: "bg-red-lt", 1: "bg-green-lt"}


@register.simple_tag
def heatmap_cells(cells) -> str:
    """The cells of one row of the visits heatmap: a month's visits coloured (none red, one light green,
    more green), a summer month a dash. Built here rather than by a loop in the template: the template's
    tests and lookups for 1,200 cells were most of the oversight page's time under load."""
    holiday = format_html(
        '<td class="text-center text-secondary" title="{}" data-holiday>—</td>', _("summer holidays")
    )
    return mark_safe(  # noqa: S308 (every part is built by format_html)
        "".join(
            holiday
            if c is None
            else format_html('<td class="text-center {}">{}</td>', _TONES.get(c, "bg-green text-white"), c)
            for c in cells
        )
    )


@register.inclusion_tag("supervision/_nav.html", takes_context=True)
def supervision_nav(context):
    """The section's tab row: the schedule and the evaluation cycles only for those who may open them (a
    principal sees the visits and rectifications of the school, not the bureau's planning)."""
    user = context["request"].user
    return {
        "show": {
            "schedule": user_can(user, "view", PlannedVisit),
            "cycles": user_can(user, "view", EvaluationCycle),
        }
    }
