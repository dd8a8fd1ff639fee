"""Partners confirm their entry once a year (stakeholders/confirmations.py, the command
`request_confirmations` and the pages of its link, stakeholders/confirmation_views.py)."""

import datetime
import io
import logging
import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail, signing
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from core import release
from core.models import PendingChange
from core.reminders import reminder_for
from partners.models import Partner
from stakeholders import confirmations
from stakeholders.models import Actor, EntryConfirmation
from tests.factories import make_actor, make_contact, make_office, make_partner, make_staff
from tests.smtp import received

pytestmark = pytest.mark.django_db

SITE = "https://netzwerk.example.test"
LONG_AGO = datetime.date(2020, 5, 4)
LINK = re.compile(re.escape(SITE) + r"(/eintrag-bestaetigen/[^/\s]+/)")
Answer = EntryConfirmation.Answer


@pytest.fixture(autouse=True)
def mail_settings(settings):
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.REVIEW_INTERVAL_DAYS = 365
    settings.CONFIRMATION_LINK_DAYS = 30


@pytest.fixture
def office(db):
    return make_office(phone="+49 211 5550100", email="buero@example.test")


def due_partner(contact="erika@example.org", contact_name="Erika Muster", **fields):
    """A published partner whose review is due, with a contact person (unless None)."""
    partner = make_partner(
        **{"last_reviewed": LONG_AGO, "teaser": "Der veröffentlichte Kurztext.", **fields}
    )
    if contact is not None:
        make_contact(partner, name=contact_name, email=contact)
    return partner


def run(*args):
    out = io.StringIO()
    call_command("request_confirmations", *args, stdout=out)
    return out.getvalue()


def mails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def path_in(message):
    """The path of the confirmation link in a mail."""
    return LINK.search(message.body).group(1)


def requested(entry):
    return confirmations.requests_for(entry)


def asked(partner, address="erika@example.org"):
    """Run the command and return the path of the link mailed to `address`."""
    run()
    [message] = mails_to(address)
    return path_in(message)


def page(client, path, **kwargs):
    response = client.get(path, **kwargs)
    return response, response.content.decode()


# --- Who is asked ---------------------------------------------------------------------


def test_each_public_entry_with_a_due_review_and_a_contact_email_is_asked_once(office):
    partner = due_partner()
    never = due_partner(contact="nie@example.org", last_reviewed=None)
    actor = make_actor(name="Stadt Köln", last_reviewed=LONG_AGO)
    make_contact(actor, name="Max Beispiel", email="max@example.org")
    fresh = due_partner(contact="frisch@example.org", last_reviewed=timezone.localdate())
    hidden = due_partner(contact="verborgen@example.org", is_published=False)
    hidden_actor = make_actor(is_public=False, last_reviewed=LONG_AGO)
    make_contact(hidden_actor, email="verborgen-akteur@example.org")
    expired = due_partner(
        contact="abgelaufen@example.org",
        publish_until=timezone.now() - datetime.timedelta(days=1),
    )
    scheduled = due_partner(
        contact="geplant@example.org", publish_from=timezone.now() + datetime.timedelta(days=3)
    )

    out = run()

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["erika@example.org", "max@example.org", "nie@example.org"]
    for entry in (partner, never, actor):
        [request] = requested(entry)
        assert request.sent_at is not None and request.answer == ""
    for entry in (fresh, hidden, hidden_actor, expired, scheduled):
        assert not requested(entry).exists()
    assert f"Partner „{partner.name}“: Erika Muster <erika@example.org> – Anfrage gesendet" in out
    assert "3 gesendet, 0 fehlgeschlagen, 0 ohne Ansprechperson mit E-Mail-Adresse." in out


def test_entries_without_a_contact_email_get_no_request_and_stay_on_the_review_list(office):
    nobody = due_partner(contact=None)
    no_address = due_partner(contact="")
    out = run()
    assert mail.outbox == []
    assert not EntryConfirmation.objects.exists()
    assert "keine Ansprechperson mit E-Mail-Adresse" in out
    assert "0 gesendet, 0 fehlgeschlagen, 2 ohne Ansprechperson mit E-Mail-Adresse." in out
    assert set(Partner.objects.review_due()) == {nobody, no_address}


def test_the_first_contact_with_an_address_is_asked(office):
    partner = due_partner(contact="")
    make_contact(partner, name="Zweite Person", email="zweite@example.org")
    make_contact(partner, name="Dritte Person", email="dritte@example.org")
    run()
    assert [message.to for message in mail.outbox] == [["zweite@example.org"]]
    assert requested(partner).get().contact_name == "Zweite Person"


def test_not_more_than_one_request_per_entry_per_interval_however_often_it_runs(office, clock):
    partner = due_partner()
    run()
    run()
    run()
    clock(days=364)
    run()
    assert len(mail.outbox) == 1
    assert requested(partner).count() == 1
    clock(days=2)  # the interval has passed, and nobody has reviewed the entry since
    run()
    assert len(mail.outbox) == 2
    assert requested(partner).count() == 2


def test_dry_run_lists_who_would_be_asked_and_makes_nothing(office):
    partner = due_partner()
    due_partner(contact=None, name="Ohne Kontakt")
    out = run("--dry-run")
    assert (
        f"Partner „{partner.name}“: Erika Muster <erika@example.org> – bekäme eine Anfrage" in out
    )
    assert "Partner „Ohne Kontakt“: keine Ansprechperson mit E-Mail-Adresse" in out
    assert "1 würden gesendet" in out
    assert mail.outbox == [] and not EntryConfirmation.objects.exists()


# --- The mail -------------------------------------------------------------------------


def test_the_mail_is_german_and_links_to_the_page_with_a_signed_token(office, client):
    partner = due_partner()
    run()
    [message] = mail.outbox
    request = requested(partner).get()
    until = timezone.localdate(request.sent_at) + datetime.timedelta(days=30)
    assert message.subject == f"Ist Ihr Eintrag bei newtrade nrw noch aktuell? „{partner.name}“"
    assert message.to == ["erika@example.org"]
    assert message.reply_to == ["buero@example.test"]
    body = message.body
    assert body.startswith("Guten Tag Erika Muster,\n")
    assert f"als\nAnsprechperson für den Eintrag „{partner.name}“ (Partner) hinterlegt" in body
    assert "einmal im Jahr" in body
    assert f"{SITE}{partner.get_absolute_url()}\n" in body
    assert f"Der Link gilt bis zum {until:%d.%m.%Y} (30 Tage)" in body
    assert "telefonisch unter 0211 5550100" in body and "buero@example.test" in body
    assert "&quot;" not in body and "&amp;" not in body
    path = path_in(message)
    token = path.split("/")[2]
    assert signing.loads(token, salt=confirmations.SALT) == request.pk
    response = client.get(path)
    assert response.status_code == 200


def test_the_mail_reads_well_without_phone_or_office():
    due_partner()
    run()
    [message] = mail.outbox
    assert "telefonisch" not in message.body and "E-Mail an" not in message.body
    assert message.body.rstrip().endswith("Mit freundlichen Grüßen\nnewtrade nrw")
    assert message.reply_to == []


# --- The page of the link -------------------------------------------------------------


def test_the_page_shows_the_entry_as_published_and_opening_it_changes_nothing(office, client):
    partner = due_partner(
        website="https://portal.example/siegel",
        description="Ein Portal über Siegel.",
        operator="Testministerium",
    )
    path = asked(partner)
    response, html = page(client, path)
    assert response.status_code == 200
    assert "<h1>Ist Ihr Eintrag noch aktuell?</h1>" in html
    assert "Guten Tag Erika Muster" in html
    for text in (
        partner.name,
        "Der veröffentlichte Kurztext.",
        "https://portal.example/siegel",
        "Ein Portal über Siegel.",
        "Testministerium",
        partner.group.name,
        f'href="{partner.get_absolute_url()}"',
    ):
        assert text in html, text
    assert 'name="answer" value="aktuell"' in html
    assert 'name="answer" value="nicht_zustaendig"' in html
    assert f'href="{path}aendern/"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "0211 5550100" in html
    client.get(path)
    client.head(path)
    client.get(f"{path}aendern/")
    client.get(f"{path}danke/")
    request = requested(partner).get()
    assert request.answer == "" and request.answered_at is None
    partner.refresh_from_db()
    assert partner.last_reviewed == LONG_AGO
    assert not PendingChange.objects.exists()


def test_all_is_current_sets_the_review_date_and_records_it_in_the_history(office, client):
    partner = due_partner()
    before = partner.history.count()
    updated_at = Partner.objects.get(pk=partner.pk).updated_at
    path = asked(partner)

    response = client.post(path, {"answer": "aktuell"})

    assert response.status_code == 302 and response["Location"] == f"{path}danke/"
    partner.refresh_from_db()
    assert partner.last_reviewed == timezone.localdate()
    assert partner.teaser == "Der veröffentlichte Kurztext."
    assert partner.updated_at == updated_at  # the public content did not change
    assert partner.history.count() == before + 1
    version = partner.history.first()
    assert version.history_change_reason == confirmations.CONFIRMED_BY_CONTACT
    assert version.history_change_reason == "bestätigt durch Ansprechperson"
    assert version.history_user is None
    request = requested(partner).get()
    assert request.answer == Answer.CURRENT and request.answered_at is not None
    _response, thanks = page(client, f"{path}danke/")
    assert "Vielen Dank für Ihre Bestätigung" in thanks
    assert "Wir fragen in einem Jahr wieder nach." in thanks
    assert partner not in Partner.objects.review_due()


def test_the_history_page_shows_who_confirmed(office, client, admin_client):
    partner = due_partner()
    client.post(asked(partner), {"answer": "aktuell"})
    history = admin_client.get(f"/admin/partners/partner/{partner.pk}/history/")
    assert "bestätigt durch Ansprechperson" in history.content.decode()


def test_a_used_link_gets_a_clear_page_and_changes_nothing(office, client, clock):
    partner = due_partner()
    path = asked(partner)
    client.post(path, {"answer": "aktuell"})
    reviewed = Partner.objects.get(pk=partner.pk).last_reviewed
    versions = partner.history.count()
    clock(days=1)
    for response in (
        client.get(path),
        client.post(path, {"answer": "nicht_zustaendig"}),
        client.post(f"{path}aendern/", {"name": "Neu", "teaser": "Neu."}),
    ):
        html = response.content.decode()
        assert response.status_code == 410
        assert "Dieser Link wurde schon benutzt" in html
        assert "„Alles ist aktuell“" in html
        assert "0211 5550100" in html
    assert Partner.objects.get(pk=partner.pk).last_reviewed == reviewed
    assert partner.history.count() == versions
    assert requested(partner).get().answer == Answer.CURRENT
    assert not PendingChange.objects.exists()
    assert len(mail.outbox) == 1  # nobody was told anything


def test_the_typed_proposal_is_shown_when_the_link_is_used_meanwhile(office, client):
    partner = due_partner()
    path = asked(partner)
    client.post(path, {"answer": "aktuell"})  # e.g. in another tab
    response = client.post(
        f"{path}aendern/", {"name": partner.name, "teaser": "Mein mühsam getippter Text."}
    )
    assert response.status_code == 410
    assert "Mein mühsam getippter Text." in response.content.decode()


def test_an_expired_link_gets_a_clear_page_and_changes_nothing(office, client, clock):
    partner = due_partner()
    path = asked(partner)
    clock(days=30, hours=1)
    for response in (client.get(path), client.post(path, {"answer": "aktuell"})):
        html = response.content.decode()
        assert response.status_code == 410
        assert "Dieser Link ist abgelaufen" in html
        assert "gilt 30 Tage" in html
        assert "0211 5550100" in html
    partner.refresh_from_db()
    assert partner.last_reviewed == LONG_AGO
    assert requested(partner).get().answer == ""


def test_a_link_signed_longer_ago_than_its_lifetime_is_expired(office, client, monkeypatch):
    partner = due_partner()
    path = asked(partner)
    later = signing.time.time() + 31 * 24 * 60 * 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.get(path)
    assert response.status_code == 410
    assert "Dieser Link ist abgelaufen" in response.content.decode()


@pytest.mark.parametrize(
    "token",
    [
        "changed",  # one character of the real token changed
        "other-salt",  # signed with the site's key for something else
        "MQ:1tXyzAB:notasignature",
        "nonsense",
        "%C3%A4%C3%B6%C3%BC",
        "a" * 300,
    ],
)
def test_a_tampered_link_gets_a_clear_page_never_an_error(office, client, token):
    partner = due_partner()
    path = asked(partner)
    real = path.split("/")[2]
    if token == "changed":
        token = real[:-1] + ("A" if real[-1] != "A" else "B")
    elif token == "other-salt":
        token = signing.dumps(requested(partner).get().pk)
    for response in (
        client.get(f"/eintrag-bestaetigen/{token}/"),
        client.post(f"/eintrag-bestaetigen/{token}/", {"answer": "aktuell"}),
        client.get(f"/eintrag-bestaetigen/{token}/aendern/"),
        client.get(f"/eintrag-bestaetigen/{token}/danke/"),
    ):
        html = response.content.decode()
        assert response.status_code == 404
        assert "Dieser Link funktioniert nicht" in html
        assert "0211 5550100" in html
    assert requested(partner).get().answer == ""
    assert Partner.objects.get(pk=partner.pk).last_reviewed == LONG_AGO


def test_the_bad_link_page_reads_well_without_a_phone_number(client):
    make_office(phone="", email="")
    response = client.get("/eintrag-bestaetigen/nonsense/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Telefon" not in html.split("<main")[1].split("</main>")[0]
    assert "telefonisch" not in html
    assert 'Alle Wege zum Büro stehen auf der Seite <a href="/kontakt/">Kontakt</a>.' in html


def test_the_bad_link_page_works_without_any_office_record(client):
    response = client.get("/eintrag-bestaetigen/nonsense/")
    assert response.status_code == 404
    assert "Dieser Link funktioniert nicht" in response.content.decode()


def test_an_entry_hidden_since_the_mail_cannot_be_answered(office, client):
    partner = due_partner()
    path = asked(partner)
    partner.set_visible(False)
    for response in (client.get(path), client.post(path, {"answer": "aktuell"})):
        assert response.status_code == 404
        assert "nicht mehr veröffentlicht" in response.content.decode()
    assert requested(partner).get().answer == ""


def test_an_unknown_answer_changes_nothing(office, client):
    partner = due_partner()
    path = asked(partner)
    response = client.post(path, {"answer": "freigeben"})
    assert response.status_code == 400
    assert "Bitte wählen Sie eine der Antworten" in response.content.decode()
    assert requested(partner).get().answer == ""


def test_the_pages_are_german_only(office, client):
    partner = due_partner()
    path = asked(partner)
    response = client.get(f"/en{path}")
    assert response.status_code == 302 and response["Location"] == path
    assert client.get(f"/en{path}danke/")["Location"] == f"{path}danke/"


def test_odd_methods_are_refused_on_the_sites_page(office, client):
    path = asked(due_partner())
    allowed = {
        path: "GET, HEAD, POST, OPTIONS",
        f"{path}aendern/": "GET, HEAD, POST, OPTIONS",
        f"{path}danke/": "GET, HEAD, OPTIONS",
        "/eintrag-bestaetigen/x/": "GET, HEAD, POST, OPTIONS",  # a bad link, too
        "/eintrag-bestaetigen/x/danke/": "GET, HEAD, OPTIONS",
    }
    for url, allow in allowed.items():
        for method in ("PUT", "DELETE", "TRACE", "BREW"):
            response = client.generic(method, url)
            assert response.status_code == 405, (method, url)
            assert response["Allow"] == allow, (method, url)
            assert "Diese Anfrage ist hier nicht möglich" in response.content.decode()
    assert client.post(f"{path}danke/").status_code == 405
    assert EntryConfirmation.objects.get().answer == ""


# --- "Änderungen vorschlagen" ---------------------------------------------------------


def proposal(partner, **changes):
    data = {
        "name": partner.name,
        "website": partner.website,
        "teaser": partner.teaser,
        "description": partner.description,
        "operator": partner.operator,
    }
    return {**data, **changes}


@pytest.mark.parametrize("four_eyes", [True, False])
def test_a_proposed_change_waits_for_staff_and_never_goes_live(office, client, settings, four_eyes):
    settings.FOUR_EYES = four_eyes
    partner = due_partner(operator="Alt GmbH")
    path = asked(partner)
    form_page = client.get(f"{path}aendern/").content.decode()
    assert 'value="Der veröffentlichte Kurztext."' in form_page
    assert 'value="Alt GmbH"' in form_page

    response = client.post(
        f"{path}aendern/", proposal(partner, teaser="Der neue Kurztext.", operator="Neu GmbH")
    )

    assert response.status_code == 302 and response["Location"] == f"{path}danke/"
    change = PendingChange.objects.for_object(partner).get()
    assert change.is_open and not change.is_new_entry and change.is_from_contact
    assert change.submitted_by is None
    assert change.submitted_by_name == "Erika Muster <erika@example.org>"
    assert change.submitter_name() == "Ansprechperson (extern): Erika Muster"
    assert change.contact_email == "erika@example.org"
    assert set(change.changed_names()) == {"teaser", "operator", "last_reviewed"}
    assert change.data["teaser"] == "Der neue Kurztext."
    partner.refresh_from_db()
    assert partner.teaser == "Der veröffentlichte Kurztext." and partner.operator == "Alt GmbH"
    assert partner.last_reviewed == LONG_AGO
    public = client.get(partner.get_absolute_url()).content.decode()
    assert "Der neue Kurztext." not in public
    assert requested(partner).get().answer == Answer.CHANGES
    assert not LogEntry.objects.exists()  # the back office's log names accounts only
    thanks = client.get(f"{path}danke/").content.decode()
    assert "Vielen Dank für Ihren Vorschlag" in thanks
    assert "Erst wenn sie freigegeben sind, erscheinen sie auf der Website" in thanks


def test_a_releaser_releases_the_proposal_on_the_review_page(office, client):
    partner = due_partner()
    client.post(f"{asked(partner)}aendern/", proposal(partner, teaser="Der neue Kurztext."))
    change = PendingChange.objects.get()
    releaser = make_staff("Freigabe", first_name="Frieda", last_name="Freigeberin")
    staff = Client()
    staff.force_login(releaser)

    review = staff.get(change.get_admin_url()).content.decode()
    assert "Ansprechperson (extern): Erika Muster" in review
    assert "mailto:erika@example.org" in review
    assert 'name="_release"' in review
    assert "Anmerkung (intern, wird nicht verschickt)" in review
    response = staff.post(change.get_admin_url(), {"_release": "Freigeben"}, follow=True)

    assert "ist freigegeben und öffentlich" in response.content.decode()
    partner.refresh_from_db()
    assert partner.teaser == "Der neue Kurztext."
    assert partner.last_reviewed == timezone.localdate()
    change.refresh_from_db()
    assert change.state == PendingChange.State.RELEASED and change.decided_by == releaser
    reason = partner.history.first().history_change_reason
    assert reason.startswith("Freigegeben von Frieda Freigeberin (Vorschlag der Ansprechperson ")
    assert "Erika Muster" in reason and len(reason) <= 100
    assert "Der neue Kurztext." in client.get(partner.get_absolute_url()).content.decode()
    assert mails_to("erika@example.org") == mail.outbox[:1]  # the contact gets nothing more


def test_returning_a_proposal_works_without_an_account_to_notify(office, client):
    partner = due_partner()
    client.post(f"{asked(partner)}aendern/", proposal(partner, teaser="Werbung statt Kurztext."))
    change = PendingChange.objects.get()
    staff = Client()
    staff.force_login(make_staff("Freigabe"))
    response = staff.post(
        change.get_admin_url(),
        {"_return": "1", "comment": "Werbung, nicht übernommen."},
        follow=True,
    )
    html = response.content.decode()
    assert "Die Ansprechperson erhält darüber keine Nachricht." in html
    change.refresh_from_db()
    assert change.state == PendingChange.State.RETURNED
    partner.refresh_from_db()
    assert partner.teaser == "Der veröffentlichte Kurztext."
    assert len(mail.outbox) == 1  # only the request itself


def test_a_contacts_proposal_does_not_lock_staff_out(office, client, settings):
    """With FOUR_EYES on, Freigabe decides it and an editor is told why they must wait; with
    FOUR_EYES off, an editor who may change partners decides it (nobody else might)."""
    partner = due_partner()
    client.post(f"{asked(partner)}aendern/", proposal(partner, teaser="Der neue Kurztext."))
    change = PendingChange.objects.get()
    editor = make_staff("Redaktion")
    releaser = make_staff("Freigabe")
    editor_client = Client()
    editor_client.force_login(editor)

    assert list(PendingChange.objects.reviewable_by(releaser)) == [change]
    assert list(PendingChange.objects.reviewable_by(editor)) == []
    form = editor_client.get(f"/admin/partners/partner/{partner.pk}/change/").content.decode()
    assert "Ansprechperson (extern): Erika Muster" in form
    assert "Mitglieder der Gruppe „Freigabe“" in form
    assert 'name="_release"' not in editor_client.get(change.get_admin_url()).content.decode()
    assert "Ansprechperson (extern): Erika Muster" in str(
        reminder_for(releaser, timezone.localdate()).sections
    )

    settings.FOUR_EYES = False
    assert list(PendingChange.objects.reviewable_by(editor)) == [change]
    assert 'name="_release"' in editor_client.get(change.get_admin_url()).content.decode()
    editor_client.post(change.get_admin_url(), {"_release": "Freigeben"})
    partner.refresh_from_db()
    assert partner.teaser == "Der neue Kurztext."


def test_with_four_eyes_off_the_start_page_lists_a_contacts_proposal_for_editors(
    office, client, settings
):
    partner = due_partner()
    client.post(f"{asked(partner)}aendern/", proposal(partner, teaser="Der neue Kurztext."))
    editor = make_staff("Redaktion")
    editor_client = Client()
    editor_client.force_login(editor)
    settings.FOUR_EYES = True
    assert (
        "Ansprechperson (extern): Erika Muster" not in editor_client.get("/admin/").content.decode()
    )
    settings.FOUR_EYES = False
    start = editor_client.get("/admin/").content.decode()
    assert "Ansprechperson (extern): Erika Muster" in start


def test_staff_changes_still_need_the_release_permission_with_four_eyes_off(settings):
    settings.FOUR_EYES = False
    partner = make_partner()
    partner.teaser = "Geändert von Rita."
    change = release.submit(partner, make_staff("Redaktion"))
    other_editor = make_staff("Redaktion")
    assert not change.may_be_decided_by(other_editor)
    assert list(PendingChange.objects.reviewable_by(other_editor)) == []


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"name": ""}, "name", "Bitte füllen Sie dieses Feld aus."),
        ({"teaser": "x" * 201}, "teaser", "Bitte höchstens 200 Zeichen (jetzt sind es 201)."),
        (
            {"website": "keine Adresse"},
            "website",
            "Bitte geben Sie eine vollständige Adresse ein, z. B. https://www.example.org.",
        ),
    ],
)
def test_an_invalid_proposal_is_explained_in_german_and_keeps_the_typed_text(
    office, client, changes, field, error
):
    partner = due_partner()
    path = asked(partner)
    typed = proposal(partner, description="Mein neuer, langer Beschreibungstext.", **changes)
    response = client.post(f"{path}aendern/", typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Eingaben" in html
    assert error in html
    assert f'href="#id_{field}"' in html
    assert f'aria-describedby="id_{field}_error' in html
    assert "Mein neuer, langer Beschreibungstext." in html
    assert not PendingChange.objects.exists()
    assert requested(partner).get().answer == ""


def test_an_address_without_scheme_is_completed_as_in_the_admin(office, client):
    partner = due_partner()
    client.post(f"{asked(partner)}aendern/", proposal(partner, website="www.example.org"))
    assert PendingChange.objects.get().data["website"] == "https://www.example.org"


def test_a_proposal_without_any_change_is_refused(office, client):
    partner = due_partner(description="Zeile eins\nZeile zwei")
    path = asked(partner)
    response = client.post(
        f"{path}aendern/", proposal(partner, description="Zeile eins\r\nZeile zwei")
    )
    assert "Sie haben nichts geändert." in response.content.decode()
    assert not PendingChange.objects.exists()


def test_an_actor_has_its_own_fields(office, client):
    actor = make_actor(last_reviewed=LONG_AGO, place="Köln", description="Alt.")
    make_contact(actor, name="Max Beispiel", email="max@example.org")
    path = asked(actor, "max@example.org")
    form_page = client.get(f"{path}aendern/").content.decode()
    assert 'name="place"' in form_page and 'name="teaser"' not in form_page
    client.post(
        f"{path}aendern/",
        {"name": actor.name, "website": "", "description": "Neu.", "place": "Bonn"},
    )
    change = PendingChange.objects.for_object(actor).get()
    assert set(change.changed_names()) == {"description", "place", "last_reviewed"}
    assert Actor.objects.get(pk=actor.pk).place == "Köln"


def test_a_proposal_waits_while_a_staff_change_is_open_and_keeps_the_typed_text(office, client):
    partner = due_partner()
    path = asked(partner)
    partner.teaser = "Ritas Änderung."
    release.submit(partner, make_staff("Redaktion", first_name="Rita"))
    response = client.post(f"{path}aendern/", proposal(partner, teaser="Erikas Vorschlag."))
    html = response.content.decode()
    assert response.status_code == 409
    assert "prüft das Büro gerade eine andere Änderung" in html
    assert "Erikas Vorschlag." in html
    assert "Rita" not in html  # staff names stay internal
    assert PendingChange.objects.count() == 1
    assert requested(partner).get().answer == ""


def test_an_expired_form_token_shows_the_form_again_with_the_typed_text(office):
    partner = due_partner()
    path = asked(partner)
    browser = Client(enforce_csrf_checks=True)
    browser.get(f"{path}aendern/")
    response = browser.post(f"{path}aendern/", proposal(partner, teaser="Nicht verloren."))
    html = response.content.decode()
    assert response.status_code == 403
    assert "Bitte senden Sie das Formular noch einmal" in html
    assert 'value="Nicht verloren."' in html
    assert not PendingChange.objects.exists()
    answer = browser.post(path, {"answer": "aktuell"})
    assert answer.status_code == 403
    assert "Bitte wählen Sie Ihre Antwort noch einmal" in answer.content.decode()
    assert requested(partner).get().answer == ""


# --- "Ich bin nicht mehr zuständig" -------------------------------------------------------


def test_not_responsible_tells_the_staff_who_may_change_the_entry(office, client):
    partner = due_partner()
    editor = make_staff("Redaktion", email="redaktion@example.test")
    releaser = make_staff("Freigabe", email="freigabe@example.test")
    make_staff(group=None, email="ohne-rechte@example.test")
    make_staff("Redaktion", email="inaktiv@example.test", is_active=False)
    path = asked(partner)

    response = client.post(path, {"answer": "nicht_zustaendig"})

    assert response.status_code == 302
    request = requested(partner).get()
    assert request.answer == Answer.NOT_RESPONSIBLE and request.answered_at is not None
    [message] = [m for m in mail.outbox if m.to != ["erika@example.org"]]
    assert sorted(message.to) == sorted([editor.email, releaser.email])
    assert message.subject == f"Neue Ansprechperson gesucht: „{partner.name}“"
    assert message.reply_to == ["erika@example.org"]
    assert "Erika Muster (erika@example.org) hat am" in message.body
    assert "„Ich bin nicht mehr zuständig.“" in message.body
    assert f"{SITE}/admin/partners/partner/{partner.pk}/change/" in message.body
    partner.refresh_from_db()
    assert partner.last_reviewed == LONG_AGO
    assert partner in Partner.objects.review_due()
    thanks = client.get(f"{path}danke/").content.decode()
    assert "Vielen Dank für Ihre Nachricht" in thanks
    assert "Zu diesem Eintrag fragen wir Sie nicht mehr." in thanks


def test_after_not_responsible_only_a_new_contact_is_asked(office, client):
    partner = due_partner()
    client.post(asked(partner), {"answer": "nicht_zustaendig"})
    mail.outbox.clear()
    out = run()
    assert mail.outbox == []  # not the same person again, and nobody else to ask
    assert "keine Ansprechperson mit E-Mail-Adresse" in out
    make_contact(partner, name="Neue Person", email="neu@example.org")
    run()
    run()
    assert [message.to for message in mail.outbox] == [["neu@example.org"]]


def test_a_failing_staff_mail_keeps_the_answer(office, client, monkeypatch, caplog):
    partner = due_partner()
    make_staff("Redaktion", email="redaktion@example.test")
    path = asked(partner)

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with caplog.at_level(logging.WARNING, logger="stakeholders.confirmations"):
        response = client.post(path, {"answer": "nicht_zustaendig"})
    assert response.status_code == 302
    assert requested(partner).get().answer == Answer.NOT_RESPONSIBLE
    assert any("Connection refused" in record.getMessage() for record in caplog.records)


# --- Failing mail ---------------------------------------------------------------------


def test_a_failing_mail_server_marks_nothing_and_fails_the_command(office, monkeypatch, caplog):
    first, second = due_partner(), due_partner(contact="zwei@example.org")

    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with (
        caplog.at_level(logging.WARNING, logger="stakeholders.confirmations"),
        pytest.raises(CommandError, match="Nicht gesendet"),
    ):
        run()
    [record] = [r for r in caplog.records if r.name == "stakeholders.confirmations"]
    assert "Connection refused" in record.getMessage() and record.exc_info is None
    assert "1 more left for the next run" in record.getMessage()
    assert not EntryConfirmation.objects.filter(sent_at__isnull=False).exists()
    monkeypatch.undo()
    run()
    assert len(mail.outbox) == 2
    assert requested(first).count() == requested(second).count() == 1


# --- The back office's list -----------------------------------------------------------


def test_staff_see_the_read_only_list_of_requests(office, client):
    partner = due_partner(name="Kompass Nachhaltigkeit")
    client.post(asked(partner), {"answer": "aktuell"})
    due_partner(name="Zweiter Partner", contact="zwei@example.org")
    editor = Client()
    editor.force_login(make_staff("Redaktion"))
    response = editor.get("/admin/stakeholders/entryconfirmation/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bestätigungsanfragen" in html
    assert "Kompass Nachhaltigkeit" in html and "Erika Muster" in html
    assert "Alles ist aktuell" in html
    assert f'href="/admin/partners/partner/{partner.pk}/change/"' in html
    filtered = editor.get("/admin/stakeholders/entryconfirmation/?answer__exact=aktuell")
    assert filtered.status_code == 200
    assert editor.get("/admin/stakeholders/entryconfirmation/add/").status_code == 403
    request = requested(partner).get()
    detail = editor.get(f"/admin/stakeholders/entryconfirmation/{request.pk}/change/")
    assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
    nobody = Client()
    nobody.force_login(make_staff(group=None))
    assert nobody.get("/admin/stakeholders/entryconfirmation/").status_code == 403


# --- A real SMTP server on localhost ----------------------------------------------------


def test_through_a_real_smtp_server_down_then_up_again(office, smtp_server, caplog, client):
    first = due_partner()

    # Up: the request arrives, in German, once however often the command runs.
    smtp_server.start()
    run()
    run()
    [envelope] = smtp_server.inbox.messages
    assert envelope.rcpt_tos == ["erika@example.org"]
    message = received(envelope)
    assert str(message["Subject"]).strip().startswith("Ist Ihr Eintrag bei newtrade nrw noch")
    body = message.get_content()
    assert body.startswith("Guten Tag Erika Muster,")
    path = LINK.search(body).group(1)
    assert client.get(path).status_code == 200
    assert requested(first).get().sent_at is not None

    # Down: logged in one line, nothing marked as sent, the command fails (exit status 1).
    smtp_server.stop()
    second = due_partner(contact="max@example.org", contact_name="Max Beispiel")
    with (
        caplog.at_level(logging.WARNING, logger="stakeholders.confirmations"),
        pytest.raises(CommandError) as failed,
    ):
        run()
    assert "1 fehlgeschlagen" in str(failed.value)
    assert failed.value.returncode == 1  # manage.py's exit status
    [record] = [r for r in caplog.records if r.name == "stakeholders.confirmations"]
    assert f"confirmation request {requested(second).get().pk}" in record.getMessage()
    assert requested(second).get().sent_at is None

    # Up again: the next run sends the same request, and the first one not a second time.
    smtp_server.start()
    run()
    assert [envelope.rcpt_tos for envelope in smtp_server.inbox.messages] == [
        ["erika@example.org"],
        ["max@example.org"],
    ]
    [request] = requested(second)
    assert request.sent_at is not None
    assert "Guten Tag Max Beispiel," in received(smtp_server.inbox.messages[1]).get_content()


# --- The network's backup -------------------------------------------------------------


def test_the_backup_keeps_the_requests_and_their_answers(transactional_db, tmp_path):
    from tests.browser.harness import restore_staff_roles

    restore_staff_roles()
    make_office()
    partner = due_partner()
    actor = make_actor(last_reviewed=LONG_AGO)
    make_contact(actor, name="Max Beispiel", email="max@example.org")
    run()
    Client().post(path_in(mails_to("erika@example.org")[0]), {"answer": "nicht_zustaendig"})
    before = list(
        EntryConfirmation.objects.order_by("pk").values_list(
            "entry_type__model", "entry_id", "email", "sent_at", "answered_at", "answer"
        )
    )
    export = tmp_path / "netzwerk.json"
    call_command("export_network", str(export), stdout=io.StringIO())
    EntryConfirmation.objects.all().delete()
    call_command("import_network", str(export), "--replace", stdout=io.StringIO())
    after = list(
        EntryConfirmation.objects.order_by("pk").values_list(
            "entry_type__model", "entry_id", "email", "sent_at", "answered_at", "answer"
        )
    )
    assert after == before
    assert EntryConfirmation.objects.get(email="erika@example.org").entry == partner


# --- Retention --------------------------------------------------------------------------


def test_old_requests_are_deleted_after_the_period_the_privacy_statement_names(
    office, client, clock, settings
):
    settings.CONFIRMATION_RETENTION_DAYS = 400
    old = due_partner()
    run()
    clock(days=401)
    young = due_partner(contact="jung@example.org", contact_name="Jung")
    run()
    first = EntryConfirmation.objects.filter(entry_id=old.pk).earliest("created_at")
    assert EntryConfirmation.objects.count() == 3  # the old entry was due again and asked
    call_command("delete_old_confirmation_requests")
    assert not EntryConfirmation.objects.filter(pk=first.pk).exists()
    assert {request.entry for request in EntryConfirmation.objects.all()} == {old, young}
    statement = " ".join(client.get("/datenschutz/").content.decode().split())
    assert "Die Anfragen werden nach 400 Tagen gelöscht." in statement


def test_requests_are_kept_at_least_one_review_interval(office, clock, settings):
    settings.CONFIRMATION_RETENTION_DAYS = 10
    due_partner()
    run()
    clock(days=11)
    call_command("delete_old_confirmation_requests")
    assert EntryConfirmation.objects.count() == 1  # else the entry would be asked again
