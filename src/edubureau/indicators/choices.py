"""Code lists of indicators: the event names of their audit codes (see ``core.audit.action_label``)."""

from django.utils.translation import pgettext_lazy

AUDIT_ACTIONS = {"indicators.compute": pgettext_lazy("audit event", "Indicators computed")}
