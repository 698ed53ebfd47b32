"""Template helpers of the work-plan pages."""

from django import template

from edubureau.indicators.library import LIBRARY
from edubureau.planning import binding

register = template.Library()


@register.simple_tag
def indicator_choices(target) -> dict:
    """The library's indicators for a target's binding form, and the one its wording suggests.

    Publishing binds the high-confidence matches itself (``planning.binding``); what is left unbound gets
    its low-confidence match as a suggestion, only preselected: a person confirms it with the Bind
    button, and an unbound target keeps taking manually reported values.
    """
    found = None
    if not target.indicator_code:
        found = binding.match(
            indicator=target.indicator, text=target.text, unit=target.unit, value=target.value
        )
    suggested = found.code if found else ""
    return {
        "suggested": suggested,
        "selected": target.indicator_code or suggested,
        "options": [(code, d.name) for code, d in LIBRARY.items()],
    }


@register.filter
def value_of(values, target):
    """The target's value (``planning.selectors.target_values``) from the mapping a view put in the
    context."""
    return values.get(target.pk) if values else None
