from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = (
        "Replace everything in the database by a file from export_network. The file is "
        "checked first, and the import runs in one transaction: on any error nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="a file written by export_network")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="confirm that the database's current content is to be replaced",
        )

    def handle(self, *args, file, replace=False, **options):
        if not replace:
            raise CommandError(
                "import_network replaces all content of this database (including the initial "
                "network from the migrations and all sessions). Run it again with --replace."
            )
        try:
            count = backup.replace_with(file)
        except ValueError as error:
            raise CommandError(str(error)) from error
        except backup.IMPORT_ERRORS as error:
            raise CommandError(f"The import failed and nothing was changed: {error}") from error
        self.stdout.write(f"Imported {count} records from {file}.")
