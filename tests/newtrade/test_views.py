"""The site-wide pages: the frame of every public page, the home page, the error pages
and the health check."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from stakeholders.models import Role
from tests.factories import make_group, make_office, make_partner
from tests.public_pages import PUBLIC_PAGES


# Every kind of public page, by what it shows. The addresses come from the sample
# network (tests/factories.py: SampleNetwork), so tests are parametrized by the name.
@pytest.mark.django_db
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_page_renders_with_one_h1_and_the_phone_link(client, network, page):
    response = client.get(PUBLIC_PAGES[page](network))
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert '<html lang="de">' in html
    assert f'href="{network.office.phone_uri}"' in html
    assert '<a class="skip-link" href="#inhalt">' in html
    assert 'id="inhalt"' in html


@pytest.mark.django_db
def test_navigation_marks_the_current_section(client):
    html = client.get(make_partner().get_absolute_url()).content.decode()
    assert f'<a href="{reverse("partners:list")}" aria-current="page">Partner</a>' in html
    assert html.count('aria-current="page">') == 2  # nav and breadcrumbs


# --- The home page "Das Netzwerk" -------------------------------------------------------


@pytest.mark.django_db
def test_network_page_shows_the_offices_text_groups_partners_and_contact(client, office):
    central = make_group(name="Politik und Verwaltung", role=Role.CENTRAL)
    make_group(name="Bürgerinnen und Bürger NRW", role=Role.INDIRECT)
    first = make_partner(name="Kompass Nachhaltigkeit", group=central)
    second = make_partner(name="Bündnis für öko-soziale Beschaffung NRW", group=central)
    response = client.get("/")
    assertContains(response, "<h1>Das Netzwerk</h1>", html=True)
    assertContains(response, "kann es keine Insellösungen geben")
    for text in ["Politik und Verwaltung", "Bürgerinnen und Bürger NRW"]:
        assertContains(response, text)
    assertContains(response, "Im Mittelpunkt")
    assertContains(response, "Indirekte Zielgruppe")
    assertContains(response, f'href="{first.get_absolute_url()}"')
    assertContains(response, f'href="{second.get_absolute_url()}"')
    assertContains(response, "So erreichen Sie uns")
    assertContains(response, f'href="{office.phone_uri}"')


@pytest.mark.django_db
def test_network_page_hides_draft_partners(client, network):
    assertNotContains(client.get("/"), network.draft.name)


@pytest.mark.django_db
def test_network_page_reads_well_without_partners(client, office):
    make_partner(is_published=False)
    assertContains(client.get("/"), "Zurzeit sind hier keine Partnerangebote eingetragen.")


@pytest.mark.django_db
def test_pages_read_well_without_office_record(client):
    make_partner()
    for url in ["/", "/kontakt/"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "tel:" not in response.content.decode()
    assert "Die Kontaktdaten werden gerade überarbeitet" in client.get("/kontakt/").content.decode()
    make_office()
    assert "tel:" in client.get("/kontakt/").content.decode()  # the check can see a phone


# --- Error pages ----------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_page_answers_the_sites_own_404(client, office):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    for text in ["Diese Seite gibt es nicht", f'href="{office.phone_uri}"', "Hauptnavigation"]:
        assert text in response.content.decode()


@pytest.mark.django_db
def test_server_error_answers_the_sites_own_500_page_with_the_phone(rf, office):
    from newtrade.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Hier ist etwas schiefgegangen" in html
    assert f'href="{office.phone_uri}"' in html


@pytest.mark.django_db
def test_uncaught_exception_renders_the_500_page(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("newtrade.views.NetworkView.get_context_data", explode)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Hier ist etwas schiefgegangen" in response.content.decode()
    assert "boom" not in response.content.decode()


# --- Health check -----------------------------------------------------------------------


@pytest.mark.django_db
def test_health_check_answers_200_while_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True}


@pytest.mark.django_db
def test_health_check_is_not_translated_or_redirected(client):
    assertContains(client.get("/healthz"), '"status": "ok"')
    assert client.get("/en/healthz").status_code == 404
    assert Client().get("/healthz").cookies == {}
