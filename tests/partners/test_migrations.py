import pytest
from django.apps import apps
from taggit.models import Tag

from partners.models import Partner, TaggedPartner
from tests.initial_content import initial_partners

SEED_PARTNERS = [
    "Kompass Nachhaltigkeit",
    "Siegelklarheit",
    "Allianz für eine nachhaltige Beschaffung",
    "Kompetenzstelle für nachhaltige Beschaffung",
    "Umweltbundesamt",
    "Bündnis für öko-soziale Beschaffung NRW",
]


@pytest.mark.django_db
def test_migrate_publishes_the_six_seed_partners_in_the_seed_order(seeded):
    assert [p.name for p in Partner.objects.published()] == SEED_PARTNERS


@pytest.mark.django_db
def test_seed_partners_belong_to_their_groups_and_are_tagged(seeded):
    partners = {p.slug: p for p in Partner.objects.with_related()}
    assert partners["buendnis-fuer-oeko-soziale-beschaffung-nrw"].group.slug == (
        "nichtregierungsorganisationen"
    )
    assert partners["siegelklarheit"].group.slug == "politik-und-verwaltung"
    assert {t.name for t in partners["umweltbundesamt"].tags.all()} == {
        "Umweltkriterien",
        "Blauer Engel",
        "Ausschreibung",
        "Produktgruppen",
    }
    assert partners["kompass-nachhaltigkeit"].website == "https://www.kompass-nachhaltigkeit.de"


@pytest.mark.django_db
def test_tags_from_the_migration_have_the_slugs_taggit_would_give(seeded):
    assert Tag.objects.count() > 10
    for tag in Tag.objects.all():
        assert tag.slug == Tag().slugify(tag.name)


@pytest.mark.django_db
def test_running_the_partner_migration_again_adds_nothing_and_keeps_edits(seeded):
    partner = Partner.objects.get(slug="siegelklarheit")
    partner.teaser = "Von der Redaktion geändert."
    partner.save()
    counts = (Partner.objects.count(), Tag.objects.count(), TaggedPartner.objects.count())

    initial_partners.create_partners(apps, schema_editor=None)
    initial_partners.create_partners(apps, schema_editor=None)

    assert (Partner.objects.count(), Tag.objects.count(), TaggedPartner.objects.count()) == counts
    partner.refresh_from_db()
    assert partner.teaser == "Von der Redaktion geändert."
