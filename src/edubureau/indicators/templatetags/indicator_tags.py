"""Template helpers of the indicator pages."""

from django import template

from edubureau.indicators import freshness
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


@register.simple_tag(takes_context=True)
def values_state(context):
    """The freshness of the stored values (``indicators.freshness.state``), read once per request."""
    request = context.get("request")
    if request is None:
        return freshness.state()
    if not hasattr(request, "_indicator_state"):
        request._indicator_state = freshness.state()
    return request._indicator_state
