import importlib
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from stakeholders.models import Actor, ContactPerson, Office, StakeholderGroup
from tests.factories import make_actor, make_contact, make_office
from tests.initial_content import initial_network

phone_migration = importlib.import_module("stakeholders.migrations.0011_phone_numbers_in_e164")


@pytest.mark.django_db
def test_migrate_creates_the_five_groups_in_their_roles(seeded):
    groups = {g.name: g.role for g in StakeholderGroup.objects.all()}
    assert groups == {
        "Politik und Verwaltung": "zentral",
        "Unternehmen und Branchenverbände": "nachfrage",
        "Nichtregierungsorganisationen": "fachwissen",
        "Wissenschaftliche Institute": "fachwissen",
        "Bürgerinnen und Bürger NRW": "indirekt",
    }
    assert StakeholderGroup.objects.first().name == "Politik und Verwaltung"
    assert StakeholderGroup.objects.last().name == "Bürgerinnen und Bürger NRW"


@pytest.mark.django_db
def test_migrate_creates_the_office_from_the_seed_facts(seeded):
    office = Office.objects.get()
    assert (office.name, office.subtitle) == ("newtrade nrw", "Büro für Nachhaltige Beschaffung")
    assert (office.street, office.postal_code, office.city) == ("Stadttor 1", "40190", "Düsseldorf")
    assert office.phone_uri == "tel:+492118371622"
    assert office.phone == "+492118371622"
    # Not given in the seed: left empty for staff, never invented.
    assert office.email == ""
    assert office.opening_hours == ""
    assert office.content_responsible == ""
    assert office.data_protection_officer == ""


@pytest.mark.django_db
def test_migrate_creates_the_actors_of_the_research_network_publicly(seeded):
    actors = {a.name: a.group.slug for a in Actor.objects.public().with_group()}
    assert actors["Wuppertal Institut für Klima, Umwelt, Energie"] == "wissenschaftliche-institute"
    assert actors["Eine Welt Netz NRW"] == "nichtregierungsorganisationen"
    assert Actor.objects.exclude(website="").count() == 1


@pytest.mark.django_db
def test_running_the_network_migration_again_adds_nothing_and_keeps_edits(seeded):
    group = StakeholderGroup.objects.get(slug="politik-und-verwaltung")
    group.description = "Von der Redaktion geändert."
    group.save()
    before = (StakeholderGroup.objects.count(), Actor.objects.count(), Office.objects.count())

    initial_network.create_network(apps, schema_editor=None)
    initial_network.create_network(apps, schema_editor=None)

    assert (StakeholderGroup.objects.count(), Actor.objects.count(), Office.objects.count()) == (
        before
    )
    group.refresh_from_db()
    assert group.description == "Von der Redaktion geändert."


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def store_as_written(model, pk, phone):
    """Put a number into the database as it was written before numbers were converted."""
    model.objects.filter(pk=pk).update(phone=phone)


@pytest.mark.django_db
def test_phone_migration_converts_stored_numbers_to_e164_and_keeps_what_it_cannot_read():
    office = make_office()
    store_as_written(Office, office.pk, "+49 (0)211/837-1622")
    readable = make_contact(make_actor())
    store_as_written(ContactPerson, readable.pk, "0211 / 98 76 54-3")
    unreadable = make_contact(make_actor())
    store_as_written(ContactPerson, unreadable.pk, "Zentrale, bitte erfragen")
    empty = make_contact(make_actor(), phone="")

    phone_migration.convert_phone_numbers(apps, schema_editor=None)
    phone_migration.convert_phone_numbers(apps, schema_editor=None)

    assert Office.objects.get().phone == "+492118371622"
    assert ContactPerson.objects.get(pk=readable.pk).phone == "+492119876543"
    assert ContactPerson.objects.get(pk=unreadable.pk).phone == "Zentrale, bitte erfragen"
    assert ContactPerson.objects.get(pk=empty.pk).phone == ""
    assert Office.objects.count() == 1


@pytest.mark.django_db
def test_phone_migration_converts_the_history_too():
    office = make_office()
    Office.history.filter(id=office.pk).update(phone="+49 (0)211/837-1622")

    phone_migration.convert_phone_numbers(apps, schema_editor=None)

    assert set(Office.history.filter(id=office.pk).values_list("phone", flat=True)) == {
        "+492118371622"
    }
