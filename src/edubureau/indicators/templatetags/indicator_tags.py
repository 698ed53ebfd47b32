"""Template helpers of the indicator pages."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` or None (dicts of values by indicator code)."""
    return mapping.get(key) if mapping else None
