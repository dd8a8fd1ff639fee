import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import make_actor, make_group, make_partner


@pytest.mark.django_db
def test_group_list_shows_each_group_with_role_and_counts(client):
    response = client.get("/akteure/")
    assert [g.name for g in response.context["groups"]][0] == "Politik und Verwaltung"
    assertContains(response, "Bringt Fachwissen ein")
    assertContains(response, "5 Partnerangebote")
    assertContains(response, "3 Akteure")
    assertContains(response, "1 Akteur, 1 Partnerangebot")


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
    response = client.get("/akteure/buergerinnen-und-buerger-nrw/")
    assertContains(response, "Indirekte Zielgruppe")
    assertContains(response, "Für diese Gruppe sind noch keine einzelnen Akteure eingetragen.")
    assertContains(response, "Aus dieser Gruppe sind noch keine Partnerangebote eingetragen.")


@pytest.mark.django_db
def test_unknown_group_answers_404(client):
    assert client.get("/akteure/gibt-es-nicht/").status_code == 404


@pytest.mark.django_db
def test_actor_page_shows_group_description_and_website(client):
    response = client.get("/akteure/nichtregierungsorganisationen/eine-welt-netz-nrw/")
    assertContains(response, "<h1>Eine Welt Netz NRW</h1>", html=True)
    assertContains(response, 'href="https://eine-welt-netz-nrw.de"')
    assertContains(response, 'href="/akteure/nichtregierungsorganisationen/"')


@pytest.mark.django_db
def test_actor_page_reads_well_without_optional_fields(client):
    actor = make_actor(description="", website="", place="")
    response = client.get(actor.get_absolute_url())
    assert response.status_code == 200
    assertNotContains(response, "Website von")
    assertNotContains(response, "<dt>Ort</dt>")


@pytest.mark.django_db
def test_hidden_actor_answers_404(client):
    hidden = make_actor(is_public=False)
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_actor_under_the_wrong_group_answers_404(client):
    actor = make_actor()
    other = make_group()
    assert client.get(f"/akteure/{other.slug}/{actor.slug}/").status_code == 404


@pytest.mark.django_db
def test_contact_page_shows_phone_link_and_address(client):
    response = client.get("/kontakt/")
    assertContains(response, '<a href="tel:+492118371622">+49 (0)211/837-1622</a>', html=True)
    assertContains(response, "Stadttor 1")
    assertContains(response, "40190 Düsseldorf")
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
