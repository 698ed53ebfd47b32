"""Template helpers of the indicator pages."""

from django import template

from edubureau.indicators.library import LIBRARY

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` or None (dicts of values by indicator code)."""
    return mapping.get(key) if mapping else None


@register.filter
def unit_of(code: str) -> str:
    """The unit of an indicator (for ``measure``)."""
    definition = LIBRARY.get(code)
    return definition.unit if definition else ""
