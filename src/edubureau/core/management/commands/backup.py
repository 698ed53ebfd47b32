"""`edubureau backup [--output FILE] [--passphrase-env VAR]`: database, uploaded files and keys in one archive."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from edubureau.core.backup import BackupError, backup_create


def passphrase_from(variable: str | None) -> str | None:
    """The passphrase from the environment variable named on the command line (never from argv itself)."""
    if not variable:
        return None
    if not os.environ.get(variable):
        raise CommandError(_("The environment variable {name} is not set or empty.").format(name=variable))
    return os.environ[variable]


class Command(BaseCommand):
    help = "Back up the database, the uploaded files and the keys into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", help="the archive to write (default var/backups/edubureau-DATE.tar.gz)"
        )
        parser.add_argument(
            "--passphrase-env", metavar="VAR", help="encrypt the keys with the passphrase in this variable"
        )

    def handle(self, *args, output=None, passphrase_env=None, **options):
        passphrase = passphrase_from(passphrase_env)
        try:
            path, manifest = backup_create(output=output, passphrase=passphrase)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["database"]["tables"].values())
        media = sum(1 for name in manifest["files"] if name.startswith("media/"))
        message = _("Backup written to {path}: {tables} tables, {rows} rows, {files} uploaded files.")
        self.stdout.write(
            self.style.SUCCESS(
                message.format(path=path, tables=len(manifest["database"]["tables"]), rows=rows, files=media)
            )
        )
        if not passphrase:
            self.stderr.write(
                self.style.WARNING(
                    _(
                        "WARNING: the keys are in this archive in clear: whoever holds it can read every ID "
                        "number. Keep it as safe as the keys, or use --passphrase-env."
                    )
                )
            )
