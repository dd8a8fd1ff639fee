"""'Partner werden': an organisation proposes itself or a resource through the public form,
confirms its address through the signed link in a mail, and staff accept or decline the
unpublished entry made from it (stakeholders/proposals.py, stakeholders/proposal_views.py,
stakeholders/admin/proposals.py, `manage.py delete_old_proposals`)."""

import io
import re
import time

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from core.history import latest_version
from partners.models import Partner
from stakeholders import proposals
from stakeholders.models import (
    Actor,
    ContactPerson,
    PartnershipStatus,
    Proposal,
    StakeholderGroup,
)
from tests.factories import make_group, make_office, make_staff
from tests.smtp import free_port, received

SITE = "https://backoffice.example.test"
URL = "/mitmachen/"
SENT = "/mitmachen/gesendet/"
CONFIRMED = "/mitmachen/bestaetigt/"
DESCRIPTION = (
    "Wir beraten Kommunen z. B. bei Ausschreibungen für faire Arbeitskleidung. Dazu "
    "gibt es Schulungen und einen Leitfaden."
)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PROPOSAL_LINK_DAYS = 7
    settings.PROPOSAL_RETENTION_DAYS = 180


@pytest.fixture
def group(db):
    return make_group(name="Zivilgesellschaft", slug="zivilgesellschaft", name_en="Civil society")


def form_data(the_group, **changes):
    return {
        "kind": Proposal.Kind.RESOURCE,
        "organisation": "Faire Kleidung e. V.",
        "group": str(the_group.pk),
        "website": "faire-kleidung.example",
        "description": DESCRIPTION,
        "contact_name": "Erika Muster",
        "contact_email": "erika@faire-kleidung.example",
        "contact_phone": "0211 5550199",
        "consent": "on",
        **changes,
    }


def make_proposal(group, **fields):
    fields = {
        "kind": Proposal.Kind.ACTOR,
        "organisation": "Stadtwerke Beispielstadt",
        "group": group,
        "description": "Wir kaufen nachhaltig ein. Und erzählen davon.",
        "contact_name": "Max Muster",
        "contact_email": "max@stadtwerke.example",
        **fields,
    }
    return Proposal.objects.create(**fields)


def confirmed_proposal(group, **fields):
    proposal = make_proposal(group, **fields)
    assert proposals.confirm(proposal)
    proposal.refresh_from_db()
    return proposal


def link_in(message):
    [link] = re.findall(r"https?://\S+/mitmachen/bestaetigen/\S+/", message.body)
    return link


def path_of(link):
    return link.removeprefix(SITE)


def propose(client, group, **changes):
    response = client.post(URL, form_data(group, **changes))
    assertRedirects(response, SENT)
    return Proposal.objects.latest("pk")


# --- The form -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_form_asks_for_everything_with_a_link_to_the_privacy_section(client, group):
    response = client.get(URL)
    assertContains(response, "<h1>Partner werden</h1>", html=True)
    for label in [
        "Als Akteur im Netzwerk mitmachen",
        "Ein Angebot für Beschaffende vorschlagen",
        "Name der Organisation",
        "Akteursgruppe",
        "Website (freiwillig)",
        "Kurzbeschreibung",
        "Ihr Name",
        "Ihre E-Mail-Adresse",
        "Ihre Telefonnummer (freiwillig)",
        "Ich bin einverstanden",
    ]:
        assertContains(response, label)
    assertContains(response, "<legend>Was möchten Sie?")
    assertContains(response, 'name="homepage"')  # the bot trap
    anchor = "wenn-sie-ihre-organisation-oder-ein-angebot-vorschlagen"
    assertContains(response, f'href="/datenschutz/#{anchor}"')
    privacy = client.get("/datenschutz/")
    assertContains(privacy, f'<section id="{anchor}">')
    assertContains(response, "er gilt 7 Tage")


@pytest.mark.django_db
def test_home_page_partner_list_and_group_pages_link_to_the_form(client, network):
    assertContains(client.get("/"), 'href="/mitmachen/"')
    assertContains(client.get("/partner/"), 'href="/mitmachen/?art=angebot"')
    group = network.actor.group
    page = client.get(group.get_absolute_url())
    assertContains(page, f'href="/mitmachen/?art=akteur&amp;gruppe={group.slug}"')
    assertContains(page, "Als Akteur dieser Gruppe mitmachen")


@pytest.mark.django_db
def test_links_from_group_and_partner_list_preselect_group_and_kind(client, group):
    response = client.get(URL, {"art": "akteur", "gruppe": group.slug})
    assertContains(response, f'<option value="{group.pk}" selected>')
    assertContains(
        response,
        'value="akteur" aria-describedby="id_kind_helptext" id="id_kind_0" required checked',
    )
    unknown = client.get(URL, {"art": "quatsch", "gruppe": "gibt-es-nicht"})
    assert unknown.status_code == 200
    assertNotContains(unknown, "checked")


@pytest.mark.django_db
def test_sent_proposal_is_stored_unconfirmed_and_the_link_is_mailed(client, group):
    proposal = propose(client, group)
    assert proposal.confirmed_at is None
    assert (proposal.kind, proposal.organisation, proposal.language) == (
        Proposal.Kind.RESOURCE,
        "Faire Kleidung e. V.",
        "de",
    )
    assert proposal.website == "https://faire-kleidung.example"
    assert proposal.contact_phone == "+492115550199"
    assert proposal.entry is None
    [message] = mail.outbox
    assert message.to == ["erika@faire-kleidung.example"]
    assert message.subject == "Bitte bestätigen Sie Ihren Vorschlag „Faire Kleidung e. V.“"
    assert message.body.startswith("Guten Tag Erika Muster,\n")
    assert link_in(message).startswith(f"{SITE}/mitmachen/bestaetigen/")
    assert "Der Link gilt bis " in message.body
    assert "&" not in message.body.replace("&amp;", "")  # plain text, nothing escaped
    sent = client.get(SENT)
    assertContains(sent, "Bitte bestätigen Sie Ihre E-Mail-Adresse")
    assertContains(sent, "Der Link gilt 7 Tage.")
    assert Actor.objects.count() == Partner.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"kind": ""}, "Bitte wählen Sie, was Sie vorschlagen möchten."),
        ({"kind": "etwas"}, "Bitte wählen Sie eine der beiden Möglichkeiten."),
        ({"organisation": ""}, "Bitte geben Sie den Namen Ihrer Organisation an."),
        ({"organisation": "x" * 201}, "Bitte höchstens 200 Zeichen."),
        ({"group": ""}, "Bitte wählen Sie eine Akteursgruppe."),
        ({"group": "999999"}, "Diese Akteursgruppe gibt es nicht."),
        ({"website": "kein link"}, "Bitte geben Sie eine gültige Internetadresse ein"),
        ({"description": ""}, "Bitte beschreiben Sie kurz Ihre Organisation oder Ihr Angebot."),
        ({"description": "x" * 2001}, "Bitte höchstens 2000 Zeichen."),
        ({"contact_name": ""}, "Bitte geben Sie Ihren Namen an."),
        ({"contact_email": ""}, "Bitte geben Sie Ihre E-Mail-Adresse an"),
        ({"contact_email": "erika"}, "Bitte geben Sie eine gültige E-Mail-Adresse ein"),
        ({"contact_phone": "12"}, "Das ist keine gültige Telefonnummer."),
        ({"consent": ""}, "Bitte stimmen Sie der Verarbeitung Ihrer Angaben zu"),
    ],
)
def test_every_error_gets_a_clear_german_message_and_the_text_stays(
    client, group, changes, message
):
    response = client.post(URL, form_data(group, **changes))
    assert response.status_code == 200
    assertContains(response, "Bitte prüfen Sie Ihre Eingaben")
    assertContains(response, message)
    assertContains(
        response, "Erika Muster" if "organisation" in changes else "Faire Kleidung e. V."
    )
    assert Proposal.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_errors_are_linked_to_their_fields(client, group):
    response = client.post(URL, form_data(group, kind="", contact_email="erika"))
    assertContains(response, '<a href="#id_kind_0">Was möchten Sie?</a>', html=True)
    assertContains(response, '<a href="#id_contact_email">Ihre E-Mail-Adresse</a>', html=True)
    html = response.content.decode()
    [email_input] = re.findall(r"<input[^>]*id=\"id_contact_email\"[^>]*>", html)
    assert 'aria-describedby="id_contact_email_error id_contact_email_helptext"' in email_input
    assert 'aria-invalid="true"' in email_input
    assert 'id="id_contact_email_error"' in html and 'id="id_contact_email_helptext"' in html
    assert 'id="id_kind_error"' in html


@pytest.mark.django_db
def test_a_filled_in_trap_is_thanked_but_nothing_is_stored_or_sent(client, group):
    response = client.post(URL, form_data(group, homepage="http://spam.example"))
    assertRedirects(response, SENT)
    assert Proposal.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_more_than_five_proposals_an_hour_from_one_address_are_refused(client, group):
    for _ in range(5):
        propose(client, group)
    response = client.post(URL, form_data(group, organisation="Die sechste Organisation"))
    assertContains(response, "sehr viele Meldungen", status_code=429)
    assertContains(response, "Die sechste Organisation", status_code=429)
    assert Proposal.objects.count() == 5
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.post(URL, form_data(group)).status_code == 302


@pytest.mark.django_db
def test_form_whose_token_expired_comes_back_with_everything_typed(group):
    response = Client(enforce_csrf_checks=True).post(URL, form_data(group))
    assert response.status_code == 403
    assertContains(response, "Bitte senden Sie das Formular noch einmal", status_code=403)
    assertContains(response, "Ihren Vorschlag noch nicht", status_code=403)
    assertContains(response, "Wir beraten Kommunen z. B. bei Ausschreibungen", status_code=403)
    assertContains(response, 'value="Faire Kleidung e. V."', status_code=403)
    assertContains(
        response,
        'value="angebot" aria-describedby="id_kind_helptext" id="id_kind_1" required checked',
        status_code=403,
    )
    assertContains(response, f'<option value="{group.pk}" selected>', status_code=403)
    assertContains(
        response,
        'name="consent" value="on" required aria-describedby="id_consent_helptext" '
        'id="id_consent" checked',
        status_code=403,
    )
    assertContains(response, 'name="csrfmiddlewaretoken"', status_code=403)
    assert Proposal.objects.count() == 0


@pytest.mark.django_db
def test_when_the_mail_cannot_be_sent_the_form_comes_back_and_nothing_is_kept(
    client, group, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    response = client.post(URL, form_data(group))
    assertContains(response, "Wir konnten Ihnen die E-Mail zum Bestätigen", status_code=503)
    assertContains(response, "Wir beraten Kommunen z. B. bei Ausschreibungen", status_code=503)
    assert Proposal.objects.count() == 0


# --- The confirmation link ---------------------------------------------------------------------


@pytest.mark.django_db
def test_opening_the_link_shows_the_proposal_and_changes_nothing(client, group, office):
    propose(client, group)
    path = path_of(link_in(mail.outbox[0]))
    for _ in range(2):  # a mail scanner, then the person
        page = client.get(path)
        assertContains(page, "<h1>Vorschlag bestätigen</h1>", html=True)
    assertContains(page, "Faire Kleidung e. V.")
    assertContains(page, "Zivilgesellschaft")
    assertContains(page, "0211 5550199")
    assertContains(page, "Wir beraten Kommunen")
    assertContains(page, '<button type="submit">Vorschlag bestätigen</button>', html=True)
    assertContains(page, '<meta name="robots" content="noindex">')
    assert "no-cache" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert Proposal.objects.get().confirmed_at is None
    assert Partner.objects.count() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_confirming_makes_an_unpublished_partner_and_tells_staff(client, group, clock):
    may = make_staff(email="redaktion@example.org", first_name="Rita")
    make_staff(email="", username="ohne-adresse")
    make_staff(email="weg@example.org", is_active=False)
    make_staff(email="nur-lesen@example.org", group=None)
    superuser = make_staff(email="chefin@example.org", is_superuser=True, group=None)
    proposal = propose(client, group)
    path = path_of(link_in(mail.outbox[0]))
    clock(hours=2)
    response = client.post(path)
    assertRedirects(response, CONFIRMED)
    assertContains(client.get(CONFIRMED), "Ihr Vorschlag ist bestätigt")

    proposal.refresh_from_db()
    assert proposal.confirmed_at == clock.now
    partner = proposal.entry
    assert isinstance(partner, Partner)
    assert (partner.name, partner.operator, partner.group, partner.website) == (
        "Faire Kleidung e. V.",
        "Faire Kleidung e. V.",
        group,
        "https://faire-kleidung.example",
    )
    assert partner.slug == "faire-kleidung-e-v"
    assert partner.is_published is False
    assert partner.partnership_status == PartnershipStatus.INITIATED
    assert partner.responsible is None
    assert partner.teaser == (
        "Wir beraten Kommunen z. B. bei Ausschreibungen für faire Arbeitskleidung."
    )
    assert partner.description == DESCRIPTION
    created = timezone.localtime(proposal.created_at).strftime("%d.%m.%Y, %H:%M")
    assert partner.internal_notes.startswith(
        f"Vorschlag über das Formular „Partner werden“, eingegangen am {created} Uhr"
    )
    assert "Art: Ein Angebot für Beschaffende vorschlagen" in partner.internal_notes
    assert DESCRIPTION in partner.internal_notes
    [contact] = partner.contacts.all()
    assert (contact.name, contact.email, contact.phone) == (
        "Erika Muster",
        "erika@faire-kleidung.example",
        "+492115550199",
    )
    version = latest_version(partner)
    assert (version.history_type, version.history_user) == ("+", None)
    assert version.history_change_reason == "Vorschlag über das Formular „Partner werden“"
    assert partner.history.count() == 1
    assert latest_version(contact).history_change_reason == version.history_change_reason

    staff_mail = mail.outbox[1]
    assert sorted(staff_mail.to) == sorted([may.email, superuser.email])
    assert staff_mail.subject == "Neuer Vorschlag „Faire Kleidung e. V.“ (Angebot)"
    assert staff_mail.reply_to == ["erika@faire-kleidung.example"]
    assert f"{SITE}/admin/stakeholders/proposal/{proposal.pk}/change/" in staff_mail.body
    assert "Telefon: 0211 5550199" in staff_mail.body
    assert "Wir beraten Kommunen" in staff_mail.body
    assert "„Faire Kleidung e. V.“ (Angebot) im Stand „angebahnt“" in staff_mail.body


@pytest.mark.django_db
def test_an_actor_proposal_becomes_a_hidden_actor_with_a_unique_slug(group):
    Actor.objects.create(name="Stadtwerke", slug="stadtwerke-beispielstadt", group=group)
    proposal = confirmed_proposal(group, website="")
    actor = proposal.entry
    assert isinstance(actor, Actor)
    assert actor.is_public is False
    assert actor.slug == "stadtwerke-beispielstadt-2"
    assert actor.description == "Wir kaufen nachhaltig ein. Und erzählen davon."
    assert actor.partnership_status == PartnershipStatus.INITIATED
    assert actor.contacts.get().name == "Max Muster"
    assert "Website: (keine angegeben)" in actor.internal_notes
    assert Actor.objects.public().filter(pk=actor.pk).exists() is False


@pytest.mark.parametrize(
    ("description", "teaser"),
    [
        ("Ein Satz. Noch einer.", "Ein Satz."),
        ("Wir helfen z. B. Kommunen. Mehr nicht.", "Wir helfen z. B. Kommunen."),
        ("Sitz in NRW. Seit 2001 aktiv.", "Sitz in NRW. Seit 2001 aktiv."),
        ("Zeile eins\nund Zeile zwei", "Zeile eins und Zeile zwei"),
        ("Wirklich? Ja!", "Wirklich?"),
    ],
)
def test_the_teaser_is_the_first_sentence_of_the_description(description, teaser):
    assert proposals.teaser_from(description) == teaser


def test_a_long_first_sentence_is_shortened_at_a_word():
    long = "Beschaffung " * 40
    teaser = proposals.teaser_from(long)
    assert len(teaser) <= 200
    assert teaser.endswith("Beschaffung…")
    assert len(proposals.teaser_from("x" * 500)) == 200


@pytest.mark.django_db
def test_a_used_link_says_so_and_changes_nothing(client, group, office):
    propose(client, group)
    path = path_of(link_in(mail.outbox[0]))
    client.post(path)
    for response in (client.get(path), client.post(path)):
        assertContains(response, "Ihr Vorschlag ist schon bestätigt", status_code=410)
        assertContains(response, "Rufen Sie uns an:", status_code=410)
        assertContains(response, office.phone_display, status_code=410)
    assert Partner.objects.count() == 1
    assert len(mail.outbox) == 1  # no staff on this test's staff: only the link mail


@pytest.mark.django_db
def test_an_expired_link_says_so_and_changes_nothing(client, group, office, clock):
    propose(client, group)
    path = path_of(link_in(mail.outbox[0]))
    clock(days=7, minutes=1)
    for response in (client.get(path), client.post(path)):
        assertContains(response, "Dieser Link ist abgelaufen", status_code=410)
        assertContains(response, "gilt 7 Tage", status_code=410)
        assertContains(response, office.phone_display, status_code=410)
    assert Proposal.objects.get().confirmed_at is None
    assert Partner.objects.count() == 0


@pytest.mark.django_db
def test_a_link_signed_longer_ago_than_it_is_valid_is_expired(client, group, monkeypatch):
    proposal = make_proposal(group)
    eight_days_ago = time.time() - 8 * 24 * 60 * 60
    monkeypatch.setattr(signing.time, "time", lambda: eight_days_ago)
    token = proposals.make_token(proposal)
    monkeypatch.undo()
    response = client.get(f"/mitmachen/bestaetigen/{token}/")
    assertContains(response, "Dieser Link ist abgelaufen", status_code=410)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_is_refused_and_reads_well_without_a_phone_number(client, group, method):
    make_office(phone="")
    proposal = make_proposal(group)
    token = proposals.make_token(proposal)
    other = Proposal.objects.create(
        **{**{f: getattr(proposal, f) for f in ["kind", "organisation", "description"]}},
        group=group,
        contact_name="Mallory",
        contact_email="mallory@example.org",
    )
    forged = signing.dumps({"p": other.pk, "e": proposal.contact_email}, salt=proposals.SALT)
    wrong_salt = signing.dumps({"p": proposal.pk, "e": proposal.contact_email})
    for bad in [token[:-3] + "abc", "kaputt", forged, wrong_salt]:
        response = getattr(client, method)(f"/mitmachen/bestaetigen/{bad}/")
        assertContains(response, "Dieser Link ist ungültig", status_code=400)
        assertContains(response, 'auf der Seite <a href="/kontakt/">Kontakt</a>', status_code=400)
        assertNotContains(response, "Rufen Sie uns an", status_code=400)
    assert not Proposal.objects.filter(confirmed_at__isnull=False).exists()


@pytest.mark.django_db
def test_a_link_to_a_deleted_proposal_says_it_is_gone(client, group):
    proposal = make_proposal(group)
    token = proposals.make_token(proposal)
    proposal.delete()
    response = client.get(f"/mitmachen/bestaetigen/{token}/")
    assertContains(response, "Diesen Vorschlag gibt es nicht mehr", status_code=404)


# --- English --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_english_form_speaks_english_and_so_do_its_mail_and_link(client, group):
    page = client.get("/en/mitmachen/")
    assertContains(page, '<html lang="en">')
    assertContains(page, "<h1>Become a partner</h1>", html=True)
    assertContains(page, "Civil society")
    assertContains(page, "Take part in the network as a stakeholder")
    assertNotContains(page, "Pflichtfeld")
    errors = client.post("/en/mitmachen/", form_data(group, contact_email="", consent=""))
    assertContains(errors, "Please check your entries")
    assertContains(errors, "Please enter your e-mail address")
    assertContains(errors, "Please agree to the processing of your details")
    response = client.post("/en/mitmachen/", form_data(group))
    assertRedirects(response, "/en/mitmachen/gesendet/")
    proposal = Proposal.objects.get()
    assert proposal.language == "en"
    [message] = mail.outbox
    assert message.subject == "Please confirm your proposal “Faire Kleidung e. V.”"
    assert message.body.startswith("Hello Erika Muster,\n")
    link = link_in(message)
    assert link.startswith(f"{SITE}/en/mitmachen/bestaetigen/")
    confirm = client.get(path_of(link))
    assertContains(confirm, "<h1>Confirm your proposal</h1>", html=True)
    assertContains(confirm, "Propose a resource for public buyers")
    client.post(path_of(link))
    assert "(auf der englischen Seite)" in proposal.__class__.objects.get().entry.internal_notes
    assertContains(client.get("/en/mitmachen/bestaetigt/"), "your proposal is confirmed")
    assertContains(client.get(path_of(link)), "already confirmed", status_code=410)


@pytest.mark.django_db
def test_privacy_statement_names_both_periods_in_german_and_english(client, settings):
    settings.PROPOSAL_LINK_DAYS = 5
    settings.PROPOSAL_RETENTION_DAYS = 90
    page = client.get("/datenschutz/").content.decode()
    section = page.split("<h2>Wenn Sie Ihre Organisation oder ein Angebot vorschlagen</h2>")[1]
    section = section.split("<h2")[0]
    assert "„Partner werden“" in section
    assert "sobald der Link nach 5 Tagen abgelaufen ist" in section
    assert "Nach 90 Tagen wird jeder Vorschlag gelöscht" in section
    english = client.get("/en/datenschutz/").content.decode()
    assert 'id="when-you-propose-your-organisation-or-a-resource"' in english
    assert "after 5 days" in english and "after 90 days" in english
    form = client.get("/en/mitmachen/")
    assertContains(form, 'href="/en/datenschutz/#when-you-propose-your-organisation-or-a-resource"')


# --- Staff: the start page, the list, accept and decline ---------------------------------------


@pytest.mark.django_db
def test_start_page_lists_new_proposals_for_those_who_may_decide(editor_client, group):
    make_proposal(group, organisation="Noch nicht bestätigt")
    proposal = confirmed_proposal(group, organisation="Bestätigte Organisation")
    decided = confirmed_proposal(group, organisation="Schon entschieden")
    decided.decision = Proposal.Decision.ACCEPTED
    decided.save()
    start = editor_client.get("/admin/")
    assertContains(start, '<h2 id="vorschlaege">Neue Vorschläge</h2>', html=True)
    assertContains(start, f'href="/admin/stakeholders/proposal/{proposal.pk}/change/"')
    assertContains(start, "Bestätigte Organisation")
    assertNotContains(start, "Noch nicht bestätigt")
    assertNotContains(start, "Schon entschieden")

    reader = make_staff(group=None)
    reader.user_permissions.add(Permission.objects.get(codename="view_actor"))
    client = Client()
    client.force_login(reader)
    start = client.get("/admin/")
    assert start.status_code == 200
    assertNotContains(start, "Neue Vorschläge")
    assert client.get(f"/admin/stakeholders/proposal/{proposal.pk}/change/").status_code == 403


@pytest.mark.django_db
def test_the_list_shows_confirmed_proposals_only(editor_client, group):
    make_proposal(group, organisation="Noch nicht bestätigt")
    confirmed_proposal(group, organisation="Bestätigt", kind=Proposal.Kind.RESOURCE)
    response = editor_client.get("/admin/stakeholders/proposal/")
    assertContains(response, "Bestätigt")
    assertNotContains(response, "Noch nicht bestätigt")
    for column in ["Eingegangen", "Organisation", "Art", "Akteursgruppe", "Entscheidung"]:
        assertContains(response, column)
    assertContains(response, '<td class="field-kind_column">Angebot</td>', html=True)
    assertNotContains(response, "Vorschlag hinzufügen")
    filtered = editor_client.get("/admin/stakeholders/proposal/", {"entscheidung": "offen"})
    assertContains(filtered, "Bestätigt")
    unconfirmed = make_proposal(group, organisation="Fremd")
    page = editor_client.get(f"/admin/stakeholders/proposal/{unconfirmed.pk}/change/")
    assert page.status_code == 302  # "does not exist": staff never see an unconfirmed one


@pytest.mark.django_db
def test_the_proposal_page_shows_everything_and_both_buttons(editor_client, group):
    proposal = confirmed_proposal(group, contact_phone="0211 5550199")
    page = editor_client.get(f"/admin/stakeholders/proposal/{proposal.pk}/change/")
    assertContains(page, "Vorschlag: Stadtwerke Beispielstadt")
    assertContains(page, "max@stadtwerke.example")
    assertContains(page, "0211 5550199")
    assertContains(page, f'href="/admin/stakeholders/actor/{proposal.entry_id}/change/"')
    assertContains(page, 'name="_accept" value="Annehmen"')
    assertContains(page, 'name="_decline" value="Ablehnen und Nachricht senden"')
    assertContains(page, "vielen Dank für Ihren Vorschlag und Ihr Interesse")
    assertContains(page, "Zur Freigabe einreichen")  # Redaktion hands the entry in


@pytest.mark.django_db
def test_accepting_leads_to_the_entry_form_where_editing_goes_on(editor_client, editor, group):
    proposal = confirmed_proposal(group)
    response = editor_client.post(
        f"/admin/stakeholders/proposal/{proposal.pk}/change/", {"_accept": "1"}
    )
    assert response.url == f"/admin/stakeholders/actor/{proposal.entry_id}/change/"
    proposal.refresh_from_db()
    assert proposal.decision == Proposal.Decision.ACCEPTED
    assert proposal.decided_by == editor and proposal.decided_at is not None
    assert LogEntry.objects.get(object_id=str(proposal.pk)).change_message == (
        "Vorschlag angenommen"
    )
    form = editor_client.get(response.url)
    assertContains(form, "ist angenommen")
    assertContains(form, "„Zur Freigabe einreichen“")
    assert Actor.objects.get(pk=proposal.entry_id).is_public is False
    assertContains(editor_client.get("/admin/"), "<p>Keine neuen Vorschläge.</p>", html=True)
    again = editor_client.post(
        f"/admin/stakeholders/proposal/{proposal.pk}/change/", {"_accept": "1"}, follow=True
    )
    assertContains(again, "schon entschieden")


@pytest.mark.django_db
def test_declining_mails_the_message_and_deletes_the_untouched_draft(
    editor_client, editor, group, office
):
    office.email = "buero@example.org"
    office.save()
    proposal = confirmed_proposal(group)
    actor_id = proposal.entry_id
    mail.outbox.clear()
    response = editor_client.post(
        f"/admin/stakeholders/proposal/{proposal.pk}/change/",
        {"_decline": "1", "message": "leider passt das nicht.\r\n\r\nViele Grüße"},
    )
    assert response.url == "/admin/"  # no proposal is open any more
    [message] = mail.outbox
    assert message.to == ["max@stadtwerke.example"]
    assert message.reply_to == ["buero@example.org"]
    assert (
        message.subject
        == "Ihr Vorschlag „Stadtwerke Beispielstadt“ für das Netzwerk von newtrade nrw"
    )
    assert message.body.startswith(
        "Guten Tag Max Muster,\n\nleider passt das nicht.\n\nViele Grüße\n"
    )
    assert "über das Formular\n„Partner werden“" not in message.body
    assert "„Partner werden“ auf der Website" in message.body
    proposal.refresh_from_db()
    assert proposal.decision == Proposal.Decision.DECLINED
    assert proposal.decline_message == "leider passt das nicht.\n\nViele Grüße"
    assert proposal.decided_by == editor
    assert not Actor.objects.filter(pk=actor_id).exists()
    deletion = Actor.history.filter(id=actor_id).first()
    assert (deletion.history_type, deletion.history_user) == ("-", editor)
    assert deletion.history_change_reason == "Vorschlag abgelehnt"
    assert not ContactPerson.objects.filter(object_id=actor_id).exists()
    listing = editor_client.get(response.url)
    assertContains(listing, "ist abgelehnt; die Nachricht ist an Max Muster")
    assertContains(listing, "ist gelöscht")


@pytest.mark.django_db
def test_declining_keeps_an_entry_someone_took_further_and_says_why(editor_client, group):
    proposal = confirmed_proposal(group)
    confirmed_proposal(group, organisation="Noch offen")
    Actor.objects.filter(pk=proposal.entry_id).update(partnership_status=PartnershipStatus.IN_TALKS)
    response = editor_client.post(
        f"/admin/stakeholders/proposal/{proposal.pk}/change/",
        {"_decline": "1", "message": "Danke."},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/admin/stakeholders/proposal/?entscheidung=offen"
    assertContains(response, "Noch offen")
    assertContains(
        response,
        "bleibt erhalten, weil sein Stand nicht mehr „angebahnt“, sondern „im Gespräch“ ist.",
    )
    assert Actor.objects.filter(pk=proposal.entry_id).exists()


@pytest.mark.django_db
def test_an_english_proposer_is_declined_in_english(editor_client, group):
    proposal = confirmed_proposal(group, language="en")
    page = editor_client.get(f"/admin/stakeholders/proposal/{proposal.pk}/change/")
    assertContains(page, "Thank you for your proposal")
    mail.outbox.clear()
    editor_client.post(
        f"/admin/stakeholders/proposal/{proposal.pk}/change/",
        {"_decline": "1", "message": proposals.DECLINE_DEFAULTS["en"]},
    )
    [message] = mail.outbox
    assert message.subject == "Your proposal “Stadtwerke Beispielstadt” to the newtrade nrw network"
    assert message.body.startswith("Hello Max Muster,\n\nThank you for your proposal")


@pytest.mark.django_db
def test_declining_without_a_message_or_mail_server_changes_nothing(editor_client, group, settings):
    proposal = confirmed_proposal(group)
    url = f"/admin/stakeholders/proposal/{proposal.pk}/change/"
    response = editor_client.post(url, {"_decline": "1", "message": "  "})
    assertContains(response, "Bitte schreiben Sie eine Nachricht an die Ansprechperson.")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    response = editor_client.post(url, {"_decline": "1", "message": "Meine getippte Absage."})
    assertContains(response, "Die Nachricht konnte nicht gesendet werden")
    assertContains(response, "Meine getippte Absage.")
    proposal.refresh_from_db()
    assert proposal.decision == ""
    assert Actor.objects.filter(pk=proposal.entry_id).exists()


@pytest.mark.django_db
def test_only_staff_who_may_change_the_target_model_decide(group):
    actor_proposal = confirmed_proposal(group, organisation="Ein Akteur")
    resource = confirmed_proposal(group, organisation="Ein Angebot", kind=Proposal.Kind.RESOURCE)
    partner_editor = make_staff(group=None)
    partner_editor.user_permissions.add(
        *Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Partner),
            codename__in=["view_partner", "change_partner"],
        )
    )
    client = Client()
    client.force_login(partner_editor)
    listing = client.get("/admin/stakeholders/proposal/")
    assertContains(listing, "Ein Angebot")
    assertNotContains(listing, "Ein Akteur")
    url = f"/admin/stakeholders/proposal/{actor_proposal.pk}/change/"
    assert client.post(url, {"_accept": "1"}).status_code == 302  # "does not exist"
    actor_proposal.refresh_from_db()
    assert actor_proposal.decision == ""
    response = client.post(f"/admin/stakeholders/proposal/{resource.pk}/change/", {"_accept": 1})
    assertRedirects(response, f"/admin/partners/partner/{resource.entry_id}/change/")


# --- Deleting what the privacy statement says is deleted ---------------------------------------


@pytest.mark.django_db
def test_retention_deletes_expired_unconfirmed_and_all_old_proposals(group, clock, settings):
    stale = make_proposal(group, organisation="Nie bestätigt")
    accepted = confirmed_proposal(group, organisation="Angenommen")
    proposals.accept(accepted, make_staff())
    declined = confirmed_proposal(group, organisation="Abgelehnt")
    declined_actor_id = declined.entry_id
    proposals.decline(declined, make_staff(), "Nein danke.")
    clock(days=8)
    fresh = confirmed_proposal(group, organisation="Frisch")
    out = io.StringIO()
    call_command("delete_old_proposals", "--dry-run", stdout=out)
    assert "1 unconfirmed proposals are whose link expired (7 days)." in out.getvalue()
    call_command("delete_old_proposals", stdout=out)
    assert "Deleted 1 unconfirmed proposals whose link expired (7 days)." in out.getvalue()
    assert set(Proposal.objects.values_list("organisation", flat=True)) == {
        "Angenommen",
        "Abgelehnt",
        "Frisch",
    }
    assert not Proposal.objects.filter(pk=stale.pk).exists()
    assert Actor.history.filter(id=declined_actor_id).exists()  # kept until the retention

    clock(days=settings.PROPOSAL_RETENTION_DAYS - 8 + 1)
    call_command("delete_old_proposals", stdout=out)
    assert list(Proposal.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not Actor.history.filter(id=declined_actor_id).exists()
    assert not ContactPerson.history.filter(object_id=declined_actor_id).exists()
    accepted_actor = Actor.objects.get(pk=accepted.entry_id)  # the entry stays, with history
    assert accepted_actor.history.exists() and accepted_actor.contacts.exists()
    assert "Deleted 2 proposals older than 180 days." in out.getvalue()
    assert "history versions of actor drafts" in out.getvalue()


# --- The real mail path ----------------------------------------------------------------------


@pytest.mark.django_db
def test_through_a_real_smtp_server_from_the_form_to_staff(client, smtp_server):
    group = StakeholderGroup.objects.create(
        name="Wissenschaft", slug="wissenschaft", role="fachwissen", description="Forschung."
    )
    rita = make_staff(email="rita@example.org")
    smtp_server.start()
    response = client.post(URL, form_data(group, organisation="Grüne Hochschule"))
    assertRedirects(response, SENT)
    [link_mail] = smtp_server.inbox.messages
    assert link_mail.rcpt_tos == ["erika@faire-kleidung.example"]
    message = received(link_mail)
    assert (
        str(message["Subject"]).strip() == "Bitte bestätigen Sie Ihren Vorschlag „Grüne Hochschule“"
    )
    [link] = re.findall(r"\S+/mitmachen/bestaetigen/\S+/", message.get_content())
    assertRedirects(client.post(path_of(link)), CONFIRMED)
    staff_mail = received(smtp_server.inbox.messages[1])
    assert smtp_server.inbox.messages[1].rcpt_tos == [rita.email]
    assert str(staff_mail["Subject"]).strip() == "Neuer Vorschlag „Grüne Hochschule“ (Angebot)"
    assert "/admin/stakeholders/proposal/" in staff_mail.get_content()
    assert Partner.objects.get().name == "Grüne Hochschule"
