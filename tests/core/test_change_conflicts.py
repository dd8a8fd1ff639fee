"""Optimistic locking on the change forms (core.admin.HistoryAdmin): a save over a
colleague's change made since the form was opened shows both versions and asks."""

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests.core.conftest import browser_form
from tests.factories import (
    make_actor,
    make_group,
    make_office,
    make_page,
    make_partner,
    make_staff,
    make_statement,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("four_eyes_off")]


CONFLICT = "Dieser Eintrag wurde geändert, während Sie ihn bearbeitet haben"


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@pytest.fixture
def colleague():
    """A second Redaktion member, signed in in another browser."""
    client = Client()
    client.force_login(make_staff(first_name="Kira", last_name="Kollegin"))
    return client


def test_a_save_over_a_colleagues_change_shows_both_versions_and_keeps_what_you_typed(
    editor_client, colleague, submit_form
):
    partner = make_partner(teaser="Der alte Kurztext.", description="Die alte Beschreibung.")
    opened = editor_client.get(change_url(partner))
    submit_form(colleague, change_url(partner), teaser="Der Kurztext der Kollegin.")

    mine = browser_form(opened, description="Meine neue Beschreibung.")
    response = editor_client.post(change_url(partner), mine)
    assert response.status_code == 200
    assertContains(response, CONFLICT)
    assertContains(response, "Kira Kollegin")
    assertContains(response, "Der Kurztext der Kollegin.")  # what the colleague saved
    assertContains(response, "Der alte Kurztext.")  # what you still have in the form
    assertContains(response, "Meine neue Beschreibung.")  # what you typed, kept
    assertContains(response, "Meine Fassung speichern")
    assertContains(response, f'href="{change_url(partner)}"')  # take theirs: reload
    partner.refresh_from_db()
    assert partner.teaser == "Der Kurztext der Kollegin."
    assert partner.description == "Die alte Beschreibung."


def test_keeping_your_version_after_a_conflict_saves_it(editor_client, colleague, submit_form):
    partner = make_partner(teaser="Der alte Kurztext.")
    opened = editor_client.get(change_url(partner))
    submit_form(colleague, change_url(partner), teaser="Der Kurztext der Kollegin.")
    conflict = editor_client.post(change_url(partner), browser_form(opened, teaser="Meiner."))

    response = editor_client.post(change_url(partner), browser_form(conflict))
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.teaser == "Meiner."


def test_taking_their_version_reloads_the_form_with_it(editor_client, colleague, submit_form):
    partner = make_partner(teaser="Der alte Kurztext.")
    opened = editor_client.get(change_url(partner))
    submit_form(colleague, change_url(partner), teaser="Der Kurztext der Kollegin.")
    editor_client.post(change_url(partner), browser_form(opened, teaser="Meiner."))

    reloaded = editor_client.get(change_url(partner))
    assertContains(reloaded, 'value="Der Kurztext der Kollegin."')
    assertNotContains(reloaded, CONFLICT)
    assert editor_client.post(change_url(partner), browser_form(reloaded)).status_code == 302


def test_saving_twice_in_a_row_without_a_colleague_is_no_conflict(editor_client, submit_form):
    partner = make_partner()
    assert submit_form(editor_client, change_url(partner), teaser="Eins.").status_code == 302
    assert submit_form(editor_client, change_url(partner), teaser="Zwei.").status_code == 302
    partner.refresh_from_db()
    assert partner.teaser == "Zwei."


def test_a_form_with_an_error_keeps_watching_for_a_colleagues_change(
    editor_client, colleague, submit_form
):
    partner = make_partner(teaser="Der alte Kurztext.")
    opened = editor_client.get(change_url(partner))
    with_error = editor_client.post(change_url(partner), browser_form(opened, teaser=""))
    assert with_error.status_code == 200
    submit_form(colleague, change_url(partner), teaser="Der Kurztext der Kollegin.")

    response = editor_client.post(change_url(partner), browser_form(with_error, teaser="Mein."))
    assertContains(response, CONFLICT)


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (make_actor, "description"),
        (make_group, "description"),
        (make_page, "body"),
        (make_statement, "method"),
        (make_office, "opening_hours"),
    ],
    ids=["actor", "group", "page", "statement", "office"],
)
def test_every_history_tracked_form_guards_against_overwriting(
    editor_client, colleague, submit_form, make, field
):
    obj = make()
    opened = editor_client.get(change_url(obj))
    submit_form(colleague, change_url(obj), **{field: "Von der Kollegin."})

    response = editor_client.post(change_url(obj), browser_form(opened, **{field: "Von mir."}))
    assertContains(response, CONFLICT)
    obj.refresh_from_db()
    assert getattr(obj, field) == "Von der Kollegin."
