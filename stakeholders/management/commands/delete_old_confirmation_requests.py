from django.conf import settings

from core.management.retention import RetentionCommand
from stakeholders.models import EntryConfirmation


class Command(RetentionCommand):
    help = (
        "Delete yearly confirmation requests older than the retention period the privacy "
        "statement names (CONFIRMATION_RETENTION_DAYS, at least REVIEW_INTERVAL_DAYS). Run "
        "it daily, e.g. from cron."
    )

    def expired(self):
        days = max(settings.CONFIRMATION_RETENTION_DAYS, settings.REVIEW_INTERVAL_DAYS)
        yield (
            "confirmation requests",
            f"older than {days} days",
            EntryConfirmation.objects.older_than(days),
        )
