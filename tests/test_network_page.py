import pytest
from pytest_django.asserts import assertContains, assertNotContains

from tests.factories import make_partner


@pytest.mark.django_db
def test_network_page_shows_the_offices_text_groups_partners_and_contact(client):
    response = client.get("/")
    assertContains(response, "<h1>Das Netzwerk</h1>", html=True)
    assertContains(response, "kann es keine Insellösungen geben")
    for group in ["Politik und Verwaltung", "Bürgerinnen und Bürger NRW"]:
        assertContains(response, group)
    assertContains(response, "Im Mittelpunkt")
    assertContains(response, "Indirekte Zielgruppe")
    assertContains(response, 'href="/partner/kompass-nachhaltigkeit/"')
    assertContains(response, 'href="/partner/buendnis-fuer-oeko-soziale-beschaffung-nrw/"')
    assertContains(response, "So erreichen Sie uns")


@pytest.mark.django_db
def test_network_page_hides_draft_partners(client):
    make_partner(name="Geheimer Entwurf", is_published=False)
    assertNotContains(client.get("/"), "Geheimer Entwurf")


@pytest.mark.django_db
def test_network_page_reads_well_without_partners(client):
    from partners.models import Partner

    Partner.objects.update(is_published=False)
    assertContains(client.get("/"), "Zurzeit sind hier keine Partnerangebote eingetragen.")
