"""The history keeps the tags of each version (core.history.TagsSnapshot).

The tags of the versions recorded before are not known; the latest version of each
existing partner gets the tags the partner has now, so that a restore of it brings
them back. Running it again changes nothing.
"""

from django.db import migrations, models


def record_current_tags(apps, schema_editor):
    Partner = apps.get_model("partners", "Partner")
    HistoricalPartner = apps.get_model("partners", "HistoricalPartner")
    TaggedPartner = apps.get_model("partners", "TaggedPartner")
    tags = {}
    for partner_id, name in TaggedPartner.objects.values_list("content_object_id", "tag__name"):
        tags.setdefault(partner_id, []).append(name)
    for partner_id in Partner.objects.values_list("pk", flat=True):
        latest = (
            HistoricalPartner.objects.filter(id=partner_id)
            .order_by("-history_date", "-history_id")
            .first()
        )
        if latest is not None and latest.history_tags is None:
            latest.history_tags = sorted(tags.get(partner_id, []), key=str.casefold)
            latest.save(update_fields=["history_tags"])


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0005_keeping_current"),
        # The first versions of the partners are recorded there.
        ("stakeholders", "0005_seed_partnerships_and_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalpartner",
            name="history_tags",
            field=models.JSONField(
                blank=True,
                default=None,
                help_text="Die Schlagwörter dieser Fassung; leer, wo sie nicht festgehalten wurden.",
                null=True,
                verbose_name="Schlagwörter",
            ),
        ),
        migrations.RunPython(record_current_tags, migrations.RunPython.noop),
    ]
