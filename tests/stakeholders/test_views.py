import datetime

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from stakeholders.models import Actor, Office, Role
from tests.factories import PUBLISHED_OFFICE, make_actor, make_group, make_office, make_partner


def unfold(text):
    """The logical lines of a vCard (RFC 2426 §2.6: CRLF plus a space continues a line)."""
    return text.replace("\r\n ", "").split("\r\n")


def vcard_properties(text):
    return dict(line.split(":", 1) for line in unfold(text) if line)


# --- Groups and actors ----------------------------------------------------------------


@pytest.mark.django_db
def test_group_list_shows_each_group_with_role_and_counts(client):
    later = make_group(name="Zweite Gruppe", role=Role.EXPERTISE, order=2)
    first = make_group(name="Erste Gruppe", role=Role.CENTRAL, order=1)
    make_group(name="Leere Gruppe", role=Role.INDIRECT, order=3)
    for _ in range(3):
        make_actor(group=first)
    make_actor(group=first, is_public=False)
    for _ in range(5):
        make_partner(group=first)
    make_partner(group=first, is_published=False)
    make_actor(group=later)
    make_partner(group=later)
    response = client.get("/akteure/")
    assert [g.name for g in response.context["groups"]][:3] == [
        "Erste Gruppe",
        "Zweite Gruppe",
        "Leere Gruppe",
    ]
    assertContains(response, "Im Mittelpunkt")
    assertContains(response, "Bringt Fachwissen ein")
    assertContains(response, "3 Akteure, 5 Partnerangebote")
    assertContains(response, "1 Akteur, 1 Partnerangebot")


@pytest.mark.django_db
def test_group_list_reads_well_without_groups(client):
    assertContains(client.get("/akteure/"), "Zurzeit sind keine Akteursgruppen eingetragen.")


@pytest.mark.django_db
def test_group_detail_shows_public_actors_and_published_partners_only(client):
    group = make_group(name="Gruppe mit Mitgliedern")
    shown = make_actor(group=group, name="Sichtbarer Akteur", place="Münster")
    make_actor(group=group, name="Verborgener Akteur", is_public=False)
    make_partner(group=group, name="Sichtbares Angebot")
    make_partner(group=group, name="Entwurfsangebot", is_published=False)
    response = client.get(group.get_absolute_url())
    assertContains(response, f'<a href="{shown.get_absolute_url()}">Sichtbarer Akteur</a>')
    assertContains(response, "Münster")
    assertContains(response, "Sichtbares Angebot")
    assertNotContains(response, "Verborgener Akteur")
    assertNotContains(response, "Entwurfsangebot")


@pytest.mark.django_db
def test_group_detail_reads_well_when_empty(client):
    group = make_group(role=Role.INDIRECT)
    make_actor(group=group, is_public=False)
    make_partner(group=group, is_published=False)
    response = client.get(group.get_absolute_url())
    assertContains(response, "Indirekte Zielgruppe")
    assertContains(response, "Für diese Gruppe sind noch keine einzelnen Akteure eingetragen.")
    assertContains(response, "Aus dieser Gruppe sind noch keine Partnerangebote eingetragen.")


@pytest.mark.django_db
def test_unknown_group_answers_404(client):
    assert client.get("/akteure/gibt-es-nicht/").status_code == 404


@pytest.mark.django_db
def test_actor_page_shows_group_description_website_and_stand(client):
    group = make_group(name="Nichtregierungsorganisationen", slug="ngo")
    actor = make_actor(
        name="Eine Welt Netz NRW",
        group=group,
        description="Das Landesnetzwerk der Eine-Welt-Initiativen.",
        website="https://eine-welt-netz-nrw.de",
        last_reviewed=datetime.date(2026, 3, 5),
    )
    response = client.get(actor.get_absolute_url())
    assertContains(response, "<h1>Eine Welt Netz NRW</h1>", html=True)
    assertContains(response, "Das Landesnetzwerk der Eine-Welt-Initiativen.")
    assertContains(response, 'href="https://eine-welt-netz-nrw.de"')
    assertContains(response, '<a href="/akteure/ngo/">Nichtregierungsorganisationen</a>')
    assertContains(response, "<dt>Stand</dt><dd>5. März 2026</dd>", html=True)


@pytest.mark.django_db
def test_actor_page_without_review_gives_the_day_of_the_last_change_as_stand(client):
    actor = make_actor()
    changed = timezone.make_aware(datetime.datetime(2026, 2, 3, 12, 0))
    Actor.objects.filter(pk=actor.pk).update(updated_at=changed)
    response = client.get(actor.get_absolute_url())
    assertContains(response, "<dt>Stand</dt><dd>3. Februar 2026</dd>", html=True)


@pytest.mark.django_db
def test_actor_page_reads_well_without_optional_fields(client):
    actor = make_actor(description="", website="", place="")
    response = client.get(actor.get_absolute_url())
    assert response.status_code == 200
    assertNotContains(response, "Website von")
    assertNotContains(response, "<dt>Ort</dt>")


@pytest.mark.django_db
def test_staff_preview_a_hidden_actor_with_a_banner_and_the_public_gets_404(client, editor_client):
    hidden = make_actor(is_public=False, name="Verborgener Akteur")
    assert client.get(hidden.get_absolute_url()).status_code == 404
    response = editor_client.get(hidden.get_absolute_url())
    assertContains(response, "Nicht veröffentlicht.")
    assertContains(response, f'href="{hidden.admin_url}"')
    assertNotContains(editor_client.get(hidden.group.get_absolute_url()), "Verborgener Akteur")
    public = make_actor()
    assertNotContains(editor_client.get(public.get_absolute_url()), "Nicht veröffentlicht.")


@pytest.mark.django_db
def test_actor_under_the_wrong_group_answers_404(client):
    actor = make_actor()
    other = make_group()
    assert client.get(f"/akteure/{other.slug}/{actor.slug}/").status_code == 404


# --- The contact page and the office's vCard --------------------------------------------


@pytest.mark.django_db
def test_contact_page_shows_phone_link_and_address(client):
    make_office(phone="+49 (0)211/555-0100", street="Teststraße 1", postal_code="40210")
    response = client.get("/kontakt/")
    assertContains(response, '<a href="tel:+492115550100">0211 5550100</a>', html=True)
    assertContains(response, "Teststraße 1")
    assertContains(response, "40210 Düsseldorf")
    assertNotContains(response, "mailto:")
    assertNotContains(response, "Erreichbarkeit</h3>")


@pytest.mark.django_db
def test_contact_page_shows_email_and_hours_once_staff_fill_them_in(client, office):
    office.email = "kontakt@example.org"
    office.opening_hours = "Montag bis Freitag"
    office.save()
    response = client.get("/kontakt/")
    assertContains(response, 'href="mailto:kontakt@example.org"')
    assertContains(response, "Montag bis Freitag")


@pytest.mark.django_db
def test_contact_page_links_to_the_vcard(client, office):
    assertContains(client.get("/kontakt/"), 'href="/kontakt.vcf" download="newtrade-nrw.vcf"')


@pytest.mark.django_db
def test_vcard_carries_the_offices_phone_name_and_address(client):
    make_office(**PUBLISHED_OFFICE)
    response = client.get("/kontakt.vcf")
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="newtrade-nrw.vcf"'
    text = response.content.decode("utf-8")
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert text.endswith("END:VCARD\r\n")
    assert "\n" not in text.replace("\r\n", "")  # every line ends in CRLF
    card = vcard_properties(text)
    assert card["FN"] == "newtrade nrw"
    assert card["ORG"] == "newtrade nrw;Büro für Nachhaltige Beschaffung"
    assert card["TEL;TYPE=WORK,VOICE"] == "+492118371622"
    assert card["ADR;TYPE=WORK"] == ";;Stadttor 1;Düsseldorf;;40190;Deutschland"
    assert card["URL"] == "http://testserver/"
    assert "EMAIL;TYPE=INTERNET,WORK" not in card  # none stored yet, none invented
    assert "NOTE" not in card


@pytest.mark.django_db
def test_vcard_adds_email_and_hours_once_staff_fill_them_in(client, office):
    office.email = "info@example.org"
    office.opening_hours = "Mo–Do 9–16 Uhr; Fr 9–12 Uhr, außer an Feiertagen\nund nach Absprache"
    office.save()
    card = vcard_properties(client.get("/kontakt.vcf").content.decode())
    assert card["EMAIL;TYPE=INTERNET,WORK"] == "info@example.org"
    assert card["NOTE"] == (
        "Erreichbarkeit: Mo–Do 9–16 Uhr\\; Fr 9–12 Uhr\\, außer an Feiertagen\\nund nach Absprache"
    )


@pytest.mark.django_db
def test_vcard_answers_404_without_office_record(client):
    make_office()
    Office.objects.all().delete()
    assert client.get("/kontakt.vcf").status_code == 404
