from pathlib import Path

from django.core.management.base import BaseCommand

from core import backup


class Command(BaseCommand):
    help = (
        "Write the whole network (groups, actors, partners, tags, fixed pages, barrier "
        "reports, the office, with their history, and the staff accounts) to a JSON file."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="where to write the export")

    def handle(self, *args, file, **options):
        backup.export(file)
        self.stdout.write(f"Exported the network to {file}.")
