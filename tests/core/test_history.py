"""Nothing lost in the back office's history (core.history, core.admin.HistoryAdmin): the
tags of each version, what a delete took with it, a first version of the fixed pages,
and no version for a save that changed nothing."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from pages.models import AccessibilityStatement, Page
from partners.models import Partner
from stakeholders.models import Actor, ContactPerson
from tests.core.conftest import admin_url, browser_form, restore_url
from tests.factories import (
    make_actor,
    make_contact,
    make_group,
    make_office,
    make_page,
    make_partner,
    make_statement,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("four_eyes_off")]


def create_history_baseline():
    migration = importlib.import_module("pages.migrations.0005_history_baseline")
    migration.create_baseline(apps, schema_editor=None)


# --- Tags in the history ----------------------------------------------------------------


def test_restoring_an_older_partner_version_brings_its_tags_back(editor_client, submit_form):
    partner = make_partner(name="Siegelportal", tags=["Gütezeichen", "Recht"])
    old = partner.history.first()
    submit_form(editor_client, admin_url(partner), tags="Mehrweg", teaser="Neuer Kurztext.")
    assert set(partner.tags.names()) == {"Mehrweg"}

    history = editor_client.get(admin_url(partner, "history"))
    assertContains(history, "<strong>Schlagwörter:</strong>")
    assertContains(history, "[entfernt: </span>Gütezeichen")
    assertContains(history, "[hinzugefügt: </span>Mehrweg")
    revert_form = editor_client.get(restore_url(old))
    assertContains(revert_form, 'value="Gütezeichen, Recht"')

    response = editor_client.post(restore_url(old), browser_form(revert_form))
    assert response.status_code == 302
    partner.refresh_from_db()
    assert set(partner.tags.names()) == {"Gütezeichen", "Recht"}
    assert partner.teaser == old.teaser
    latest = partner.history.first()
    assert latest.history_tags == ["Gütezeichen", "Recht"]
    assert latest.history_change_reason.startswith("wiederhergestellt")


def test_a_tag_change_alone_records_a_version_with_the_tags(editor_client, submit_form):
    partner = make_partner(tags=["Recht"])
    versions = partner.history.count()
    submit_form(editor_client, admin_url(partner), tags="Recht, Kantine")
    assert partner.history.count() == versions + 1
    assert partner.history.first().history_tags == ["Kantine", "Recht"]

    partner.tags.remove("Recht")
    assert partner.history.count() == versions + 2
    assert partner.history.first().history_tags == ["Kantine"]


def test_every_version_of_a_partner_records_its_tags_in_one_version_per_save(
    editor_client, submit_form
):
    partner = make_partner(tags=["Recht"])
    versions = partner.history.count()
    submit_form(editor_client, admin_url(partner), tags="Vergabe", description="Neu.")
    latest = partner.history.first()
    assert partner.history.count() == versions + 1
    assert (latest.description, latest.history_tags) == ("Neu.", ["Vergabe"])


# --- Restore what a delete removed --------------------------------------------------------


def test_restoring_a_deleted_partner_brings_back_its_contacts_and_tags(admin_client, editor_client):
    partner = make_partner(name="Gelöschtes Portal", tags=["Kantine", "Recht"])
    created = timezone.now() - datetime.timedelta(days=400)
    Partner.objects.filter(pk=partner.pk).update(created_at=created)
    partner.refresh_from_db()
    partner.save()  # the latest version knows the creation date
    make_contact(partner, name="Frau Alt")
    make_contact(partner, name="Herr Bleibt")
    pk = partner.pk
    admin_client.post(admin_url(partner, "delete"), {"post": "yes"})
    assert not Partner.objects.filter(pk=pk).exists()
    assert not ContactPerson.objects.exists()

    deleted = Partner.history.get(id=pk, history_type="-")
    start_page = editor_client.get(reverse("admin:index"))
    assertContains(start_page, restore_url(deleted))
    form = editor_client.get(restore_url(deleted))
    assertContains(form, "2 Ansprechpersonen")
    assertContains(form, "Frau Alt")
    assertContains(form, 'value="Kantine, Recht"')

    response = editor_client.post(restore_url(deleted), browser_form(form), follow=True)
    assertContains(response, "wiederhergestellt")
    restored = Partner.objects.get(pk=pk)
    assert set(restored.tags.names()) == {"Kantine", "Recht"}
    assert sorted(c.name for c in restored.contacts.all()) == ["Frau Alt", "Herr Bleibt"]
    reason = restored.history.first().history_change_reason
    assert reason == "wiederhergestellt mit 2 Ansprechpersonen und 2 Schlagwörtern"
    assert restored.created_at == created  # "angelegt am" stays the entry's own date


def test_restoring_a_deleted_actor_brings_back_its_contacts(admin_client, editor_client):
    actor = make_actor(name="Gelöschtes Amt")
    make_contact(actor, name="Frau Amt")
    pk = actor.pk
    admin_client.post(admin_url(actor, "delete"), {"post": "yes"})
    deleted = Actor.history.get(id=pk, history_type="-")
    form = editor_client.get(restore_url(deleted))
    editor_client.post(restore_url(deleted), browser_form(form))
    restored = Actor.objects.get(pk=pk)
    assert [c.name for c in restored.contacts.all()] == ["Frau Amt"]
    assert restored.history.first().history_change_reason == (
        "wiederhergestellt mit 1 Ansprechperson"
    )


def test_a_contact_deleted_before_its_entry_stays_deleted_on_restore(admin_client, editor_client):
    partner = make_partner()
    make_contact(partner, name="Bleibt gelöscht").delete()
    make_contact(partner, name="Kommt zurück")
    pk = partner.pk
    admin_client.post(admin_url(partner, "delete"), {"post": "yes"})
    deleted = Partner.history.get(id=pk, history_type="-")
    editor_client.post(restore_url(deleted), browser_form(editor_client.get(restore_url(deleted))))
    assert [c.name for c in ContactPerson.objects.all()] == ["Kommt zurück"]


# --- A first version of the fixed pages ----------------------------------------------------


def shipped_pages():
    """The fixed pages and the statement as the data migrations leave them: without history."""
    make_page(Page.Slug.IMPRINT, body="Der ausgelieferte Text.")
    make_page(Page.Slug.PRIVACY)
    make_statement(method="Die ausgelieferte Bewertung.")
    Page.history.all().delete()
    AccessibilityStatement.history.all().delete()


def test_history_baseline_gives_each_fixed_page_one_first_version_and_runs_twice():
    shipped_pages()
    create_history_baseline()
    create_history_baseline()
    for model in (Page, AccessibilityStatement):
        for obj in model.objects.all():
            record = obj.history.get()
            assert (record.history_type, record.history_change_reason) == ("+", "Ausgangsstand")


@pytest.mark.parametrize(
    ("model", "field", "shipped"),
    [
        (Page, "body", "Der ausgelieferte Text."),
        (AccessibilityStatement, "method", "Die ausgelieferte Bewertung."),
    ],
)
def test_shipped_text_can_be_restored_after_the_first_edit(
    editor_client, submit_form, model, field, shipped
):
    shipped_pages()
    create_history_baseline()
    obj = model.objects.filter(**{field: shipped}).get()
    submit_form(editor_client, admin_url(obj), **{field: "Die erste Bearbeitung."})
    obj.refresh_from_db()
    assert getattr(obj, field) == "Die erste Bearbeitung."

    first = obj.history.last()
    revert_form = editor_client.get(restore_url(first))
    assertContains(revert_form, shipped)
    editor_client.post(restore_url(first), browser_form(revert_form))
    obj.refresh_from_db()
    assert getattr(obj, field) == shipped


# --- An unchanged save records nothing ------------------------------------------------------


UNCHANGED = "Erste Zeile.\nZweite Zeile.\n\nNeuer Absatz."


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: make_partner(description=UNCHANGED, tags=["Recht"]), "description"),
        (lambda: make_actor(description=UNCHANGED), "description"),
        (lambda: make_group(description=UNCHANGED), "description"),
        (lambda: make_page(body=UNCHANGED), "body"),
        (lambda: make_statement(method=UNCHANGED), "method"),
        (lambda: make_office(opening_hours=UNCHANGED), "opening_hours"),
    ],
    ids=["partner", "actor", "group", "page", "statement", "office"],
)
def test_saving_an_unchanged_entry_in_the_browser_records_no_change(
    editor_client, submit_form, make, field
):
    obj = make()
    versions = obj.history.count()
    response = submit_form(editor_client, admin_url(obj))
    assert response.status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == UNCHANGED
    assert obj.history.count() == versions


def test_a_change_in_the_list_records_one_version(editor_client, submit_form):
    partner = make_partner(order=3, tags=["Recht"])
    versions = partner.history.count()
    url = reverse("admin:partners_partner_changelist")
    submit_form(editor_client, url, **{"form-0-order": "4", "_save": "Sichern"})
    partner.refresh_from_db()
    assert partner.order == 4
    assert partner.history.count() == versions + 1
    assert (partner.history.first().order, partner.history.first().history_tags) == (4, ["Recht"])


def test_line_breaks_typed_in_the_browser_are_stored_as_newlines(editor_client, submit_form):
    partner = make_partner(description="Alt.")
    submit_form(editor_client, admin_url(partner), description="Eins.\r\nZwei.\rDrei.")
    partner.refresh_from_db()
    assert partner.description == "Eins.\nZwei.\nDrei."
    assert partner.history.first().description == "Eins.\nZwei.\nDrei."
