"""`edubureau restore FILE [--passphrase-env VAR] [--replace-keys]`: back to the state of a backup archive.

It runs without the system checks — a lost field key is exactly what a restore repairs. Stop the web
server and the worker first.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from edubureau.core.backup import BackupError, backup_restore
from edubureau.core.management.commands.backup import passphrase_from


class Command(BaseCommand):
    help = "Restore the database, the uploaded files and the keys from an archive of `edubureau backup`."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz written by edubureau backup")
        parser.add_argument(
            "--passphrase-env", metavar="VAR", help="the variable holding the keys' passphrase"
        )
        parser.add_argument(
            "--replace-keys",
            action="store_true",
            help="restore the archive's keys over different ones (the old field key is kept beside)",
        )

    def handle(self, *args, archive, passphrase_env=None, replace_keys=False, **options):
        try:
            manifest = backup_restore(
                archive=archive, passphrase=passphrase_from(passphrase_env), replace_keys=replace_keys
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        message = _("Restored {archive} (made {created_at}): {tables} tables, {files} files checked.")
        self.stdout.write(
            self.style.SUCCESS(
                message.format(
                    archive=archive,
                    created_at=manifest["created_at"],
                    tables=len(manifest["database"]["tables"]),
                    files=len(manifest["files"]),
                )
            )
        )
