"""Code lists of accounts: the event names of their audit codes (see ``core.audit.action_label``)."""

from django.utils.translation import pgettext_lazy

AUDIT_ACTIONS = {
    "accounts.user.locked": pgettext_lazy("audit event", "Locked after failed logins"),
    "accounts.user.token_issue": pgettext_lazy("audit event", "API token issued"),
    "accounts.user.unlock": pgettext_lazy("audit event", "Login lock lifted"),
    "accounts.user.password_change": pgettext_lazy("audit event", "Password changed"),
    "accounts.roleassignment.create": pgettext_lazy("audit event", "Role assigned"),
}
AUDIT_KEYS = {
    "locked_until": pgettext_lazy("audit key", "Locked until"),
    "address": pgettext_lazy("audit key", "Client address"),
    "attempts_cleared": pgettext_lazy("audit key", "Failed attempts cleared"),
}
