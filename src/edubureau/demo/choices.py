"""Code lists of the demonstration data: the event names of its audit codes (see ``core.audit``)."""

from django.utils.translation import pgettext_lazy

AUDIT_ACTIONS = {"demo.generate": pgettext_lazy("audit event", "Demonstration data generated")}
