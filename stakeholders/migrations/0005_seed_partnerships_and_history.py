"""Mark the seed partnerships active and give every existing record a first version.

The office's page names the six partner resources and the first actors as
current partners, so their partnership is "aktiv" (unless staff changed it).
Records created before history was switched on get a baseline version, so
that staff can go back to it. Running it again changes nothing.
"""

from django.db import migrations
from django.utils import timezone

SEED_PARTNERS = [
    "kompass-nachhaltigkeit",
    "siegelklarheit",
    "allianz-fuer-eine-nachhaltige-beschaffung",
    "kompetenzstelle-fuer-nachhaltige-beschaffung",
    "umweltbundesamt",
    "buendnis-fuer-oeko-soziale-beschaffung-nrw",
]
SEED_ACTORS = [
    "deutsches-institut-fuer-entwicklungspolitik",
    "wuppertal-institut",
    "institut-fuer-entwicklung-und-frieden",
    "eine-welt-netz-nrw",
]

HISTORY_MODELS = [
    ("stakeholders", "StakeholderGroup"),
    ("stakeholders", "Actor"),
    ("stakeholders", "Office"),
    ("stakeholders", "ContactPerson"),
    ("partners", "Partner"),
]


def mark_seed_partnerships_active(apps):
    Partner = apps.get_model("partners", "Partner")
    Actor = apps.get_model("stakeholders", "Actor")
    for model, slugs in [(Partner, SEED_PARTNERS), (Actor, SEED_ACTORS)]:
        model.objects.filter(slug__in=slugs, partnership_status="angebahnt").update(
            partnership_status="aktiv"
        )


def create_history_baseline(apps):
    now = timezone.now()
    for app_label, name in HISTORY_MODELS:
        model = apps.get_model(app_label, name)
        historical = apps.get_model(app_label, f"Historical{name}")
        recorded = set(historical.objects.values_list("id", flat=True).distinct())
        fields = [f.attname for f in model._meta.concrete_fields]
        historical.objects.bulk_create(
            historical(
                **{field: getattr(obj, field) for field in fields},
                history_date=now,
                history_type="+",
                history_change_reason="Ausgangsstand",
            )
            for obj in model.objects.exclude(pk__in=recorded)
        )


def forwards(apps, schema_editor):
    mark_seed_partnerships_active(apps)
    create_history_baseline(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("stakeholders", "0004_editorial_group"),
        ("partners", "0003_partnership_and_history"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
