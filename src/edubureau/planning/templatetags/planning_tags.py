"""Template helpers of the work-plan pages."""

from django import template

from edubureau.indicators.library import LIBRARY, bind

register = template.Library()


@register.simple_tag
def indicator_choices(target) -> dict:
    """The library's indicators for a target's binding form, and the one its wording suggests.

    The suggestion (by name and synonyms, ``indicators.library.bind``) is only preselected: a person
    confirms it with the Bind button, and an unbound target keeps taking manually reported values.
    """
    suggested = "" if target.indicator_code else bind(f"{target.indicator} {target.text}")
    return {
        "suggested": suggested,
        "selected": target.indicator_code or suggested,
        "options": [(code, d.name) for code, d in LIBRARY.items()],
    }
