"""Template filters that write codes and numbers the way a Chinese reader expects."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from edubureau.core.escalation import UrgeLevel

register = template.Library()


@register.filter
def urge_name(level) -> str:
    """An urge level by the name of its notice: 蓝色催办单 / 橙色督办单 / 红色督办单."""
    try:
        return str(UrgeLevel(int(level)).label)
    except (TypeError, ValueError):
        return ""


@register.filter
def with_unit(value, unit: str = "") -> str:
    """A count or amount with thousands separators and its unit beside it (12,345人, 1,200.50元)."""
    if value is None or value == "":
        return "—"
    return f"{intcomma(value)}{unit}"
