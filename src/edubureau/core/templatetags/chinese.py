"""Template filters that write codes and numbers the way a Chinese reader expects."""

import datetime as dt
import decimal
import re

from django import template
from django.utils.translation import pgettext

from edubureau.core import clock
from edubureau.core.escalation import UrgeLevel

register = template.Library()


@register.filter
def urge_name(level) -> str:
    """An urge level by the name of its notice: 蓝色催办单 / 橙色督办单 / 红色督办单."""
    try:
        return str(UrgeLevel(int(level)).label)
    except (TypeError, ValueError):
        return ""


_MONTH_KEY = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


@register.filter
def month_key(value) -> str:
    """A month as stored (a report's period, a monthly assignment's: 2019-06) as a sentence writes it:
    2019年6月 / June 2019; any other period (2019-2020, 2019上) unchanged."""
    if not _MONTH_KEY.fullmatch(str(value)):
        return value
    return clock.written_month(dt.date.fromisoformat(f"{value}-01"))


@register.filter
def listed(items) -> str:
    """Items in a row as the UI language writes a list: 语文、数学 in Chinese, "Chinese, Maths" in English."""
    return pgettext("list separator", ", ").join(str(i) for i in items or ())


@register.filter
def with_unit(value, unit: str = "") -> str:
    """A count or amount with thousands separators and its unit beside it (12,345人, 1,200.50元)."""
    if value is None or value == "":
        return "—"
    return f"{grouped(value, -2)}{unit}"


#: Decimals by kind of number, so that the same kind always reads the same (rates 85.3%, counts 12,345人;
#: a negative number drops the decimals of a whole value, so counts print whole and means keep one).
DECIMALS_BY_UNIT = {
    "%": 1,
    "人": -1,
    "个": -1,
    "所": 0,
    "班": 0,
    "名": 0,
    "项": 0,
    "元": 0,
    "人/百生": 2,
    "间/百生": 2,
    "m²": 2,
}
RATIO_DECIMALS = 3  # 差异系数 and other ratios without a unit


@register.filter
def measure(value, unit: str = "") -> str:
    """A computed value with its unit, thousands separators and the decimals of its kind."""
    if value is None or value == "":
        return "—"
    decimals = DECIMALS_BY_UNIT.get(unit, RATIO_DECIMALS if not unit else -2)
    return f"{grouped(value, decimals)}{unit}"


def grouped(value, decimals: int) -> str:
    """12345.6 → "12,345.6": thousands separated by commas as 统计 tables print them; a negative
    ``decimals`` drops the decimals of a whole number (like ``floatformat:"-2"``)."""
    number = decimal.Decimal(str(value))
    places = abs(decimals)
    if decimals < 0 and number == number.to_integral_value():
        places = 0
    return f"{number:,.{places}f}"
