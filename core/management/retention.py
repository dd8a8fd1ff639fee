"""The base of the commands that delete what is kept only for a while (the retention
periods the privacy statement and the README name): `--dry-run` counts, otherwise they
delete, and both say how many."""

from django.core.management.base import BaseCommand


class RetentionCommand(BaseCommand):
    """A subclass says what has expired: `expired()` yields (what, condition, queryset),
    e.g. ("barrier reports", "older than 30 days", BarrierReport.objects.older_than(30))."""

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def expired(self):
        raise NotImplementedError

    def handle(self, *args, dry_run=False, **options):
        for what, condition, queryset in self.expired():
            if dry_run:
                self.stdout.write(f"{queryset.count()} {what} are {condition}.")
            else:
                deleted, _ = queryset.delete()
                self.stdout.write(f"Deleted {deleted} {what} {condition}.")
