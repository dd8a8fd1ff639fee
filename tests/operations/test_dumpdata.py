"""Moving the database with Django's own `dumpdata --natural-foreign --natural-primary`
and `loaddata`, as from SQLite to PostgreSQL: everything comes back."""

import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command

from partners.models import Partner, TaggedPartner
from stakeholders.models import ContactPerson
from tests.browser.harness import restore_staff_roles
from tests.factories import make_contact, make_office, make_partner

# The usual move leaves out what `migrate` creates anew in the target database.
WITHOUT_CREATED_BY_MIGRATE = ["contenttypes", "auth.permission"]


def dump(path, exclude):
    call_command(
        "dumpdata",
        natural_foreign=True,
        natural_primary=True,
        exclude=exclude,
        indent=1,
        output=str(path),
        verbosity=0,
    )
    return {json.dumps(record, sort_keys=True) for record in json.loads(path.read_text())}


@pytest.fixture
def moved_network(transactional_db):
    """The staff roles, an editor, the office and a tagged partner with two versions
    and a contact person."""
    restore_staff_roles()
    editor = User.objects.create_user("redaktion", password="x" * 20, is_staff=True)
    editor.groups.add(Group.objects.get(name="Redaktion"))
    make_office()
    partner = make_partner(name="Umzugspartner", tags=["Mehrweg", "Kantine"])
    partner._history_user = editor
    partner.teaser = "Zweite Fassung."
    partner.save()
    make_contact(partner, name="Frau Beispiel", role="Leitung")
    return partner


@pytest.mark.parametrize("exclude", [WITHOUT_CREATED_BY_MIGRATE, []], ids=["usual", "all"])
def test_dumpdata_with_natural_keys_loads_into_a_flushed_database(moved_network, tmp_path, exclude):
    versions = list(moved_network.history.values_list("teaser", "history_tags"))
    before = dump(tmp_path / "vorher.json", exclude)

    call_command("flush", interactive=False, verbosity=0)
    assert not Partner.objects.exists()
    call_command("loaddata", str(tmp_path / "vorher.json"), verbosity=0)

    partner = Partner.objects.get(name="Umzugspartner")
    assert set(partner.tags.names()) == {"Mehrweg", "Kantine"}
    contact = ContactPerson.objects.get()
    assert (contact.name, contact.partner_entry) == ("Frau Beispiel", partner)
    assert list(partner.history.values_list("teaser", "history_tags")) == versions
    assert partner.history.first().history_user == User.objects.get(username="redaktion")
    assert Group.objects.get(name="Redaktion").permissions.exists()
    assert dump(tmp_path / "nachher.json", exclude) == before


def test_loading_again_matches_the_tags_by_partner_and_tag_name(moved_network, tmp_path):
    dump(tmp_path / "daten.json", WITHOUT_CREATED_BY_MIGRATE)
    tagged = set(TaggedPartner.objects.values_list("pk", "content_object", "tag__name"))

    call_command("loaddata", str(tmp_path / "daten.json"), verbosity=0)

    assert set(TaggedPartner.objects.values_list("pk", "content_object", "tag__name")) == tagged
    assert TaggedPartner.objects.get_by_natural_key(moved_network.pk, "Mehrweg").content_object == (
        moved_network
    )
