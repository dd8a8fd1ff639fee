import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from pages.models import BarrierReport
from tests.factories import make_barrier_report


@pytest.mark.django_db
def test_retention_command_deletes_only_reports_older_than_the_stated_period(settings):
    settings.BARRIER_REPORT_RETENTION_DAYS = 30
    old = make_barrier_report(message="alt")
    recent = make_barrier_report(message="neu")
    BarrierReport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=31)
    )
    out = io.StringIO()
    call_command("delete_old_barrier_reports", "--dry-run", stdout=out)
    assert "1 barrier reports are older than 30 days." in out.getvalue()
    assert BarrierReport.objects.count() == 2
    call_command("delete_old_barrier_reports", stdout=out)
    assert "Deleted 1 barrier reports older than 30 days." in out.getvalue()
    assert list(BarrierReport.objects.all()) == [recent]
