"""`edubureau keys rotate [--new-key-env VAR] [--batch-size N] [--max-batches N]`: rotate the field key.

It runs without the system checks: an unfinished rotation stops every other command until it is run
again. Stop the web server and the worker first.
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from edubureau.core import crypto
from edubureau.core.keys import RotationStopped, rotation_run, rotation_start


class Command(BaseCommand):
    help = "Field-key tasks. `keys rotate` re-encrypts and re-hashes every ID number under a new key."
    requires_system_checks = []

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        rotate = actions.add_parser("rotate", help="re-encrypt every value under a new field key (resumable)")
        rotate.add_argument("--new-key-env", metavar="VAR", help="take the new key from this variable")
        rotate.add_argument("--batch-size", type=int, default=2000, help="rows per transaction")
        rotate.add_argument(
            "--max-batches", type=int, help="stop after this many batches (run again to go on)"
        )

    def handle(self, *args, new_key_env=None, batch_size=2000, max_batches=None, **options):
        new_key = None
        if new_key_env:
            new_key = os.environ.get(new_key_env)
            if not new_key:
                raise CommandError(
                    _("The environment variable {name} is not set or empty.").format(name=new_key_env)
                )
        try:
            rotation = rotation_start(new_key=new_key)
            rotation_run(rotation, batch_size=batch_size, max_batches=max_batches)
        except RotationStopped:
            message = _(
                "Stopped after {batches} batches ({rows} rows re-encrypted); run it again to continue."
            )
            self.stdout.write(
                self.style.WARNING(message.format(batches=rotation.batches, rows=rotation.rows))
            )
            return
        except crypto.FieldKeyError as exc:
            raise CommandError(str(exc)) from exc
        message = _(
            "Field key rotated: {rows} values re-encrypted and re-hashed; new key fingerprint {fingerprint}."
        )
        self.stdout.write(
            self.style.SUCCESS(
                message.format(rows=rotation.rows, fingerprint=crypto.fingerprint(rotation.new))
            )
        )
        if rotation.next_path is None:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "Now set EDUBUREAU_FIELD_KEY to the new key (from {name}) and restart the server."
                    ).format(name=new_key_env)
                )
            )
