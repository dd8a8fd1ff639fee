from django.conf import settings
from django.core.management.base import BaseCommand

from pages.models import BarrierReport


class Command(BaseCommand):
    help = (
        "Delete barrier reports older than the retention period the privacy statement "
        "names (BARRIER_REPORT_RETENTION_DAYS). Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, dry_run=False, **options):
        days = settings.BARRIER_REPORT_RETENTION_DAYS
        old = BarrierReport.objects.older_than(days)
        if dry_run:
            self.stdout.write(f"{old.count()} barrier reports are older than {days} days.")
            return
        deleted, _ = old.delete()
        self.stdout.write(f"Deleted {deleted} barrier reports older than {days} days.")
