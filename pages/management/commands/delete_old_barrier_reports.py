from django.conf import settings

from core.management.retention import RetentionCommand
from pages.models import BarrierReport


class Command(RetentionCommand):
    help = (
        "Delete barrier reports older than the retention period the privacy statement "
        "names (BARRIER_REPORT_RETENTION_DAYS). Run it daily, e.g. from cron."
    )

    def expired(self):
        days = settings.BARRIER_REPORT_RETENTION_DAYS
        yield "barrier reports", f"older than {days} days", BarrierReport.objects.older_than(days)
