"""Realistic demo partners and actors for benchmarks and trying the site at scale.

Every demo row has a slug starting with "demo-" and a website on the reserved
".example" domain, so it can never be mistaken for a real entry or link.
"""

import random

from django.db import transaction
from django.utils.text import slugify
from taggit.models import Tag

from partners.models import Partner, TaggedPartner
from stakeholders.models import Actor, PartnershipStatus, StakeholderGroup

DEMO_PREFIX = "demo-"
KINDS = [
    "Leitfaden",
    "Portal",
    "Beratungsstelle",
    "Kompetenzzentrum",
    "Netzwerk",
    "Datenbank",
    "Arbeitshilfe",
    "Schulungsangebot",
    "Marktübersicht",
    "Praxisforum",
]
TOPICS = [
    "Textilien",
    "IT-Hardware",
    "Papier",
    "Reinigungsmittel",
    "Lebensmittel",
    "Büromöbel",
    "Dienstfahrzeuge",
    "Baustoffe",
    "Ökostrom",
    "Arbeitskleidung",
    "Spielgeräte",
    "Natursteine",
    "Gemeinschaftsverpflegung",
    "Druckerzeugnisse",
    "Beleuchtung",
    "Veranstaltungen",
]
REGIONS = [
    "NRW",
    "Münsterland",
    "Rheinland",
    "Ruhrgebiet",
    "Ostwestfalen-Lippe",
    "Sauerland",
    "Niederrhein",
    "Bergisches Land",
    "Siegerland",
    "Eifel",
]
PLACES = ["Düsseldorf", "Köln", "Dortmund", "Essen", "Münster", "Bielefeld", "Bonn", "Aachen"]
ORGANISATIONS = [
    "Stadtverwaltung",
    "Kreisverwaltung",
    "Einkaufsgemeinschaft",
    "Fachverband",
    "Forschungsinstitut",
    "Eine-Welt-Verein",
    "Verbraucherinitiative",
    "Handwerkskammer",
]
TAGS = [
    "Ausschreibung",
    "Gütezeichen",
    "Recht",
    "Kommunen",
    "Praxisbeispiele",
    "Beratung",
    "Schulungen",
    "Leitfäden",
    "Sozialstandards",
    "Umweltkriterien",
    "Fairer Handel",
    "Klimaschutz",
    "Kreislaufwirtschaft",
    "Lieferketten",
    "Markterkundung",
    "Lebenszykluskosten",
    "Vergabepraxis",
    "Bieterdialog",
    "Nachweise",
    "Zertifikate",
    "Energieeffizienz",
    "Regionalität",
    "Bio",
    "Mehrweg",
    "Barrierefreiheit",
    "Digitalisierung",
    "Mobilität",
    "Bauen",
]


def real_content():
    """Partners and actors that are not demo rows: the office's own content."""
    return (
        Partner.objects.exclude(slug__startswith=DEMO_PREFIX).count()
        + Actor.objects.exclude(slug__startswith=DEMO_PREFIX).count()
    )


def remove():
    """Delete the demo rows; returns how many partners and actors (not their tags) went."""
    counts = []
    for model in (Partner, Actor):
        _total, per_model = model.objects.filter(slug__startswith=DEMO_PREFIX).delete()
        counts.append(per_model.get(model._meta.label, 0))
    return tuple(counts)


@transaction.atomic
def fill(partners, actors, seed=2026, batch_size=1000):
    """Add `partners` and `actors` demo rows after any that exist; returns both counts."""
    rng = random.Random(seed)
    groups = list(StakeholderGroup.objects.all())
    if not groups:
        raise ValueError("There are no stakeholder groups: run the migrations first.")
    tags = [
        Tag.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0] for name in TAGS
    ]
    start = Partner.objects.filter(slug__startswith=DEMO_PREFIX).count()
    new_partners = [demo_partner(start + n, rng, groups) for n in range(partners)]
    Partner.objects.bulk_create(new_partners, batch_size=batch_size)
    created = Partner.objects.filter(slug__in=[p.slug for p in new_partners]).only("pk")
    TaggedPartner.objects.bulk_create(
        [
            TaggedPartner(content_object_id=partner.pk, tag=tag)
            for partner in created.iterator(chunk_size=batch_size)
            for tag in rng.sample(tags, rng.randint(1, 4))
        ],
        batch_size=batch_size,
    )
    start = Actor.objects.filter(slug__startswith=DEMO_PREFIX).count()
    Actor.objects.bulk_create(
        [demo_actor(start + n, rng, groups) for n in range(actors)], batch_size=batch_size
    )
    return partners, actors


def demo_partner(number, rng, groups):
    kind, topic, region = rng.choice(KINDS), rng.choice(TOPICS), rng.choice(REGIONS)
    name = f"{kind} {topic} {region}"
    return Partner(
        name=name,
        slug=f"{DEMO_PREFIX}{number}-{slugify(name)}"[:200],
        website=f"https://{DEMO_PREFIX}{number}.example",
        teaser=f"{kind} zur nachhaltigen Beschaffung von {topic} für öffentliche "
        f"Auftraggeber in {region}.",
        description=(
            f"Das Angebot bündelt Wissen zur Beschaffung von {topic}: Kriterien für "
            f"Ausschreibungen, Hinweise zu Gütezeichen und Beispiele aus Kommunen in "
            f"{region}.\n\nEs richtet sich an Vergabestellen, die soziale und ökologische "
            "Anforderungen in ihre Verfahren aufnehmen wollen."
        ),
        operator=f"Demo-Träger {region}",
        group=rng.choice(groups),
        is_published=rng.random() < 0.9,
        partnership_status=rng.choice(PartnershipStatus.values),
        order=rng.randint(0, 100),
    )


def demo_actor(number, rng, groups):
    organisation, place = rng.choice(ORGANISATIONS), rng.choice(PLACES)
    name = f"{organisation} {place} {number}"
    return Actor(
        name=name,
        slug=f"{DEMO_PREFIX}{number}-{slugify(name)}"[:200],
        group=rng.choice(groups),
        description=f"{organisation} aus {place}, die im Netzwerk zur nachhaltigen "
        "Beschaffung mitarbeitet.",
        place=place,
        is_public=rng.random() < 0.9,
    )
