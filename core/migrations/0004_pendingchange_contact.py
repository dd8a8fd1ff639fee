"""A change can come from an entry's contact person, who has no account (the yearly
confirmation): `submitted_by` may be empty, and `submitted_by_name` names them then
("Name <address>"). Existing rows keep their submitter."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_reminder_sent"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="pendingchange",
            name="submitted_by_name",
            field=models.CharField(
                blank=True,
                help_text="Name und E-Mail-Adresse der Ansprechperson, die die Änderung vorschlug.",
                max_length=300,
                verbose_name="eingereicht von (extern)",
            ),
        ),
        migrations.AlterField(
            model_name="pendingchange",
            name="submitted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="eingereicht von",
            ),
        ),
    ]
