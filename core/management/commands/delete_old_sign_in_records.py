from django.conf import settings
from django.core.management.base import BaseCommand

from core.models import SignInRecord
from core.signin import expired_access_attempts


class Command(BaseCommand):
    help = (
        "Delete sign-in records older than SIGN_IN_RECORD_RETENTION_DAYS, and django-axes' "
        "counters of failed log-ins whose cool-off has passed. Run it daily, e.g. from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, dry_run=False, **options):
        days = settings.SIGN_IN_RECORD_RETENTION_DAYS
        old = SignInRecord.objects.older_than(days)
        counters = expired_access_attempts()
        if dry_run:
            self.stdout.write(
                f"{old.count()} sign-in records are older than {days} days; "
                f"{counters.count()} failed log-in counters have expired."
            )
            return
        deleted, _ = old.delete()
        expired, _ = counters.delete()
        self.stdout.write(
            f"Deleted {deleted} sign-in records older than {days} days "
            f"and {expired} expired failed log-in counters."
        )
