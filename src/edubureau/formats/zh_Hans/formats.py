"""Django's zh_Hans formats, with thousands grouped by three and a comma as 统计 tables print them
(12,345人; Django's own zh_Hans groups nothing, so ``intcomma`` printed 12345), and a month and day
without the leading zero (7月10日, as 2019年7月10日; Django's own prints 07月10日).

Dates on pages, tables included, print as ``|date`` (DATE_FORMAT: 2019年7月10日, July 10, 2019 in English)
and moments as ``|date:"DATETIME_FORMAT"`` (2019年7月10日 14:30), never ISO: a table keeps the year, so
that a date of another year cannot be misread. Only a second date beside a full one of the same row (the
original due date next to the due date, a dispatch inside a dated vacancy) may drop it with
``|date:"MONTH_DAY_FORMAT"``. Machine-read values (``<input type="date">``, ``data-*``, links, exports,
the API) stay ISO."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
MONTH_DAY_FORMAT = "n月j日"
