"""Django's zh_Hans formats, with thousands grouped by three and a comma as 统计 tables print them
(12,345人; Django's own zh_Hans groups nothing, so ``intcomma`` printed 12345)."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
