"""The office, its stakeholder groups and first actors, from the office's page "Das Netzwerk".

Running it again (or on a database that already has the data) adds nothing
twice and never overwrites what staff have changed since.
"""

from django.db import migrations

GROUPS = [
    {
        "slug": "politik-und-verwaltung",
        "name": "Politik und Verwaltung",
        "role": "zentral",
        "order": 10,
        "description": (
            "Entscheidungsträgerinnen und Entscheidungsträger aus Politik und Verwaltung "
            "stehen im Mittelpunkt des Netzwerks. Ohne ihre Mitwirkung lässt sich "
            "nachhaltige öffentliche Beschaffung nicht erfolgreich umsetzen."
        ),
    },
    {
        "slug": "unternehmen-und-branchenverbaende",
        "name": "Unternehmen und Branchenverbände",
        "role": "nachfrage",
        "order": 20,
        "description": (
            "Unternehmen und ihre Branchenverbände sollen die öffentliche Hand stärker als "
            "Kundin wahrnehmen, die nachhaltige Produkte nachfragt. newtrade nrw arbeitet "
            "dabei mit ausgewählten einzelnen Akteuren, die an einer Zusammenarbeit "
            "interessiert sind."
        ),
    },
    {
        "slug": "nichtregierungsorganisationen",
        "name": "Nichtregierungsorganisationen",
        "role": "fachwissen",
        "order": 30,
        "description": (
            "Nichtregierungsorganisationen bringen zusätzliches Fachwissen ein, das eine "
            "nachhaltige öffentliche Beschaffungspraxis voranbringt. Das Büro unterstützt "
            "ihre Beiträge zur Umsetzung."
        ),
    },
    {
        "slug": "wissenschaftliche-institute",
        "name": "Wissenschaftliche Institute",
        "role": "fachwissen",
        "order": 40,
        "description": (
            "Wissenschaftliche Institute tragen Forschung und Fachwissen zu einer "
            "nachhaltigen öffentlichen Beschaffungspraxis bei. Das Büro unterstützt ihre "
            "Beiträge zur Umsetzung."
        ),
    },
    {
        "slug": "buergerinnen-und-buerger-nrw",
        "name": "Bürgerinnen und Bürger NRW",
        "role": "indirekt",
        "order": 50,
        "description": (
            "Öffentliche Beschaffung hängt immer mit dem angemessenen Einsatz von "
            "Steuergeldern zusammen und geht deshalb die ganze Öffentlichkeit an. Im "
            "Leistungsprofil von newtrade nrw sind die Bürgerinnen und Bürger "
            "Nordrhein-Westfalens jedoch eine indirekte Zielgruppe."
        ),
    },
]

RESEARCH_NETWORK = (
    "Partner im Forschungsnetzwerk zur nachhaltigen öffentlichen Beschaffung, das "
    "newtrade nrw mit wissenschaftlichen Instituten begonnen hat."
)

ACTORS = [
    {
        "slug": "deutsches-institut-fuer-entwicklungspolitik",
        "name": "Deutsches Institut für Entwicklungspolitik (DIE)",
        "group": "wissenschaftliche-institute",
        "description": RESEARCH_NETWORK,
    },
    {
        "slug": "wuppertal-institut",
        "name": "Wuppertal Institut für Klima, Umwelt, Energie",
        "group": "wissenschaftliche-institute",
        "description": RESEARCH_NETWORK,
    },
    {
        "slug": "institut-fuer-entwicklung-und-frieden",
        "name": "Institut für Entwicklung und Frieden (INEF) der Universität Duisburg-Essen",
        "group": "wissenschaftliche-institute",
        "description": RESEARCH_NETWORK,
    },
    {
        "slug": "eine-welt-netz-nrw",
        "name": "Eine Welt Netz NRW",
        "group": "nichtregierungsorganisationen",
        "website": "https://eine-welt-netz-nrw.de",
        "description": (
            "Arbeitet mit newtrade nrw zusammen und gehört zum Bündnis für öko-soziale "
            "Beschaffung NRW."
        ),
    },
]

OFFICE = {
    "name": "newtrade nrw",
    "subtitle": "Büro für Nachhaltige Beschaffung",
    "street": "Stadttor 1",
    "postal_code": "40190",
    "city": "Düsseldorf",
    "phone": "+49 (0)211/837-1622",
}


def create_network(apps, schema_editor):
    StakeholderGroup = apps.get_model("stakeholders", "StakeholderGroup")
    Actor = apps.get_model("stakeholders", "Actor")
    Office = apps.get_model("stakeholders", "Office")

    groups = {}
    for data in GROUPS:
        fields = dict(data)
        slug = fields.pop("slug")
        groups[slug], _ = StakeholderGroup.objects.get_or_create(slug=slug, defaults=fields)
    for data in ACTORS:
        fields = dict(data, is_public=True)
        slug = fields.pop("slug")
        fields["group"] = groups[fields["group"]]
        Actor.objects.get_or_create(slug=slug, defaults=fields)
    if not Office.objects.exists():
        Office.objects.create(**OFFICE)


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0001_initial")]

    operations = [migrations.RunPython(create_network, migrations.RunPython.noop)]
