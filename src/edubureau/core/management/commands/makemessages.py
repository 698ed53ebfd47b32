"""``makemessages`` that also reads the ``_t`` alias (``gettext as _t``, used where a message is formatted at
once in a view) and writes no source locations, so that regenerating the catalogue changes only the messages
that changed (``make messages``)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_t", "--no-location"]
