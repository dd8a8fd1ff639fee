"""Give the fixed pages and the accessibility statement a first version.

The data migration 0002 wrote them without history, so after the first edit the
shipped text could not be restored. Each row without a version gets one, like the
other records got theirs in stakeholders 0005. Running it again changes nothing.
"""

from django.db import migrations
from django.utils import timezone

BASELINE = "Ausgangsstand"
HISTORY_MODELS = ["Page", "AccessibilityStatement"]


def create_baseline(apps, schema_editor):
    now = timezone.now()
    for name in HISTORY_MODELS:
        model = apps.get_model("pages", name)
        historical = apps.get_model("pages", f"Historical{name}")
        recorded = historical.objects.values("id")
        fields = [field.attname for field in model._meta.concrete_fields]
        historical.objects.bulk_create(
            historical(
                **{field: getattr(obj, field) for field in fields},
                history_date=now,
                history_type="+",
                history_change_reason=BASELINE,
            )
            for obj in model.objects.exclude(pk__in=recorded)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0004_barrier_report_done"),
    ]

    operations = [migrations.RunPython(create_baseline, migrations.RunPython.noop)]
