from django.conf import settings

from core.management.retention import RetentionCommand
from core.models import SignInRecord
from core.signin import expired_access_attempts


class Command(RetentionCommand):
    help = (
        "Delete sign-in records older than SIGN_IN_RECORD_RETENTION_DAYS, and django-axes' "
        "counters of failed log-ins whose cool-off has passed. Run it daily, e.g. from cron."
    )

    def expired(self):
        days = settings.SIGN_IN_RECORD_RETENTION_DAYS
        yield "sign-in records", f"older than {days} days", SignInRecord.objects.older_than(days)
        yield "failed log-in counters", "past their cool-off", expired_access_attempts()
