"""The second pair of eyes in the back office: an editor ("Redaktion") submits, a second
person ("Freigabe") releases or returns on the review page; nobody releases their own."""

import pytest
from django.test import Client

from core import release
from core.models import PendingChange
from partners.models import Partner
from tests.core.conftest import admin_url
from tests.factories import make_actor, make_contact, make_page, make_partner, make_staff

pytestmark = pytest.mark.django_db

WAITING = "Ihre Änderungen warten auf Freigabe. Öffentlich bleibt die freigegebene Fassung."


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def author_client(author):
    return signed_in(author)


@pytest.fixture
def releaser_client(releaser):
    return signed_in(releaser)


def test_an_editors_change_to_a_public_partner_waits(author_client, submit_form, client):
    partner = make_partner(teaser="Der freigegebene Kurztext.", tags=["Bau"])
    response = submit_form(
        author_client, admin_url(partner), follow=True, teaser="Der neue Kurztext.", tags="Energie"
    )
    assert response.status_code == 200
    assert WAITING in response.content.decode()
    partner.refresh_from_db()
    assert partner.teaser == "Der freigegebene Kurztext."
    assert partner.tag_names == ["Bau"]
    public = client.get(partner.get_absolute_url()).content.decode()
    assert "Der freigegebene Kurztext." in public
    assert "Der neue Kurztext." not in public
    change = PendingChange.objects.for_object(partner).get()
    assert change.is_open and not change.is_new_entry
    assert change.data["teaser"] == "Der neue Kurztext."
    assert change.data["tags"] == ["Energie"]


def test_the_editors_form_shows_the_submitted_version_and_a_second_save_updates_it(
    author_client, submit_form
):
    partner = make_partner(teaser="Alt.", operator="Alt GmbH")
    submit_form(author_client, admin_url(partner), teaser="Neu.")
    page = author_client.get(admin_url(partner)).content.decode()
    assert "Neu." in page and "warten auf Freigabe" in page
    submit_form(author_client, admin_url(partner), operator="Neu GmbH")
    change = PendingChange.objects.for_object(partner).get()
    assert (change.data["teaser"], change.data["operator"]) == ("Neu.", "Neu GmbH")
    assert Partner.objects.get(pk=partner.pk).operator == "Alt GmbH"


def test_another_editor_cannot_save_over_an_open_submission(author_client, submit_form):
    partner = make_partner(teaser="Alt.")
    submit_form(author_client, admin_url(partner), teaser="Neu.")
    other = signed_in(make_staff("Redaktion"))
    response = submit_form(other, admin_url(partner), teaser="Anders.")
    assert response.status_code == 200
    assert "wartet bereits eine Änderung von Rita Redakteurin" in response.content.decode()
    assert PendingChange.objects.for_object(partner).get().data["teaser"] == "Neu."


def test_internal_fields_and_contact_persons_are_saved_directly(author_client, submit_form):
    partner = make_partner(teaser="Alt.")
    make_contact(partner, name="Petra Kontakt")
    response = submit_form(
        author_client,
        admin_url(partner),
        internal_notes="Nur fürs Büro.",
        **{"stakeholders-contactperson-content_type-object_id-0-role": "Leitung"},
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.internal_notes == "Nur fürs Büro."
    assert partner.contacts.get().role == "Leitung"
    assert not PendingChange.objects.exists()


def test_an_editor_may_not_publish(author_client):
    partner = make_partner(is_published=False)
    page = author_client.get(admin_url(partner)).content.decode()
    assert 'name="is_published"' not in page
    assert "Zur Freigabe einreichen" in page
    changelist = author_client.get("/admin/partners/partner/").content.decode()
    assert 'value="publish"' not in changelist
    assert 'name="form-0-order"' not in changelist


def test_release_on_the_review_page(author_client, releaser, releaser_client, submit_form, client):
    partner = make_partner(teaser="Alt.")
    submit_form(author_client, admin_url(partner), teaser="Freigegeben neu.")
    change = PendingChange.objects.get()
    review = releaser_client.get(change.get_admin_url())
    content = review.content.decode()
    assert "Rita Redakteurin" in content
    assert "Alt." in content and "Freigegeben neu." in content
    assert f"{partner.get_absolute_url()}?vorschau={change.pk}" in content
    assert 'name="_release"' in content
    response = releaser_client.post(change.get_admin_url(), {"_release": "1"}, follow=True)
    assert "ist freigegeben und öffentlich" in response.content.decode()
    assert "Freigegeben neu." in client.get(partner.get_absolute_url()).content.decode()
    latest = partner.history.first()
    assert latest.history_user == releaser
    assert latest.history_change_reason.startswith("Freigegeben von Frieda Freigeberin")
    history = releaser_client.get(admin_url(partner, "history")).content.decode()
    assert "Freigaben" in history and "freigegeben" in history


def test_return_needs_a_comment(author_client, releaser_client, submit_form):
    partner = make_partner(teaser="Alt.")
    submit_form(author_client, admin_url(partner), teaser="Neu.")
    change = PendingChange.objects.get()
    response = releaser_client.post(change.get_admin_url(), {"_return": "1", "comment": " "})
    assert response.status_code == 200
    assert "warum Sie die Änderung zurückgeben" in response.content.decode()
    assert PendingChange.objects.get().is_open
    releaser_client.post(change.get_admin_url(), {"_return": "1", "comment": "Quelle fehlt."})
    change.refresh_from_db()
    assert change.state == PendingChange.State.RETURNED
    assert Partner.objects.get(pk=partner.pk).teaser == "Alt."
    form = author_client.get(admin_url(partner)).content.decode()
    assert "zurückgegeben: „Quelle fehlt.“" in form


def test_nobody_releases_their_own_change(releaser, releaser_client, admin_user):
    actor = make_actor(name="Alt")
    actor.name = "Neu"
    change = release.submit(actor, releaser)
    page = releaser_client.get(change.get_admin_url()).content.decode()
    assert 'name="_release"' not in page
    assert "selbst eingereicht" in page
    response = releaser_client.post(change.get_admin_url(), {"_release": "1"}, follow=True)
    assert "selbst eingereicht" in response.content.decode()
    assert PendingChange.objects.get().is_open
    superuser_change = release.submit(make_actor(name="Auch alt"), admin_user)
    response = signed_in(admin_user).post(superuser_change.get_admin_url(), {"_release": "1"})
    assert PendingChange.objects.get(pk=superuser_change.pk).is_open


def test_an_editor_sees_the_review_page_without_buttons(author, author_client):
    change = release.submit(make_actor(), make_staff("Redaktion"))
    page = author_client.get(change.get_admin_url())
    assert page.status_code == 200
    assert 'name="_release"' not in page.content.decode()
    author_client.post(change.get_admin_url(), {"_release": "1"})
    assert PendingChange.objects.get().is_open


def test_a_superuser_releases_anothers_change(author_client, submit_form, admin_client):
    actor = make_actor(description="Alt.")
    submit_form(author_client, admin_url(actor), description="Neu.")
    change = PendingChange.objects.get()
    admin_client.post(change.get_admin_url(), {"_release": "1"})
    change.refresh_from_db()
    assert change.state == PendingChange.State.RELEASED and change.released_as_superuser
    actor.refresh_from_db()
    assert actor.description == "Neu."
    assert actor.history.first().history_change_reason.startswith("Als Superuser freigegeben")


def test_the_imprint_waits_for_release(author_client, releaser_client, submit_form, client):
    page = make_page(title="Impressum", body="Alter Text.")
    response = submit_form(author_client, admin_url(page), follow=True, body="Neuer Text.")
    assert WAITING in response.content.decode()
    assert "Alter Text." in client.get("/impressum/").content.decode()
    change = PendingChange.objects.get()
    releaser_client.post(change.get_admin_url(), {"_release": "1"})
    assert "Neuer Text." in client.get("/impressum/").content.decode()


def test_a_new_entry_is_submitted_and_published_by_the_release(
    author_client, releaser_client, submit_form, client
):
    partner = make_partner(is_published=False, teaser="Noch nicht öffentlich.")
    response = submit_form(author_client, admin_url(partner), follow=True, _submit_for_release="1")
    assert "ist zur Freigabe eingereicht" in response.content.decode()
    change = PendingChange.objects.get()
    assert change.is_new_entry
    assert client.get(partner.get_absolute_url()).status_code == 404
    review = releaser_client.get(change.get_admin_url()).content.decode()
    assert "Noch nicht öffentlich." in review
    releaser_client.post(change.get_admin_url(), {"_release": "1"})
    assert Partner.objects.get(pk=partner.pk).is_published
    assert client.get(partner.get_absolute_url()).status_code == 200


def test_the_list_of_submissions(releaser_client, author):
    release.submit(make_actor(), author)
    response = releaser_client.get("/admin/core/pendingchange/?stand=eingereicht")
    assert response.status_code == 200
    assert "wartet auf Freigabe" in response.content.decode()
    assert (
        releaser_client.get("/admin/core/pendingchange/?wartezeit=ueberfaellig").status_code == 200
    )


def test_with_four_eyes_off_editors_publish_directly(settings, author_client, submit_form):
    settings.FOUR_EYES = False
    partner = make_partner(teaser="Alt.", is_published=False)
    page = author_client.get(admin_url(partner)).content.decode()
    assert 'name="is_published"' in page
    assert "Zur Freigabe einreichen" not in page
    submit_form(author_client, admin_url(partner), teaser="Neu.", is_published="on")
    partner.refresh_from_db()
    assert (partner.teaser, partner.is_published) == ("Neu.", True)
    assert not PendingChange.objects.exists()


def test_a_releaser_saves_directly(releaser_client, submit_form):
    partner = make_partner(teaser="Alt.")
    submit_form(releaser_client, admin_url(partner), teaser="Direkt.")
    assert Partner.objects.get(pk=partner.pk).teaser == "Direkt."
    assert not PendingChange.objects.exists()
