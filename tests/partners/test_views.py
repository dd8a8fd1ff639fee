import pytest
from pytest_django.asserts import assertContains, assertNotContains

from partners.models import Partner
from tests.factories import make_group, make_partner


@pytest.mark.django_db
def test_list_shows_published_partners_with_count(client):
    make_partner(name="Geheimer Entwurf", is_published=False)
    response = client.get("/partner/")
    assert [p.name for p in response.context["partners"]][:2] == [
        "Kompass Nachhaltigkeit",
        "Siegelklarheit",
    ]
    assertContains(response, "6 Angebote")
    assertNotContains(response, "Geheimer Entwurf")


@pytest.mark.django_db
def test_list_filters_by_group(client):
    response = client.get("/partner/?gruppe=nichtregierungsorganisationen")
    assert [p.name for p in response.context["partners"]] == [
        "Bündnis für öko-soziale Beschaffung NRW"
    ]
    assertContains(response, "1 Angebot passt zu Ihrer Auswahl.")
    assertContains(response, '<option value="nichtregierungsorganisationen" selected>')


@pytest.mark.django_db
def test_list_filters_by_tag_and_combines_filters(client):
    by_tag = client.get("/partner/?tag=gütezeichen").context["partners"]
    assert {p.name for p in by_tag} == {"Kompass Nachhaltigkeit", "Siegelklarheit"}
    combined = client.get("/partner/?tag=sozialstandards&gruppe=nichtregierungsorganisationen")
    assert [p.name for p in combined.context["partners"]] == [
        "Bündnis für öko-soziale Beschaffung NRW"
    ]


@pytest.mark.django_db
def test_tag_filter_offers_only_tags_of_published_partners(client):
    make_partner(is_published=False, tags=["Nur im Entwurf"])
    response = client.get("/partner/")
    assertContains(response, '<option value="ausschreibung">')
    assertNotContains(response, "Nur im Entwurf")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("gruppe=gibt-es-nicht", "Diese Akteursgruppe gibt es nicht."),
        ("tag=gibt-es-nicht", "Dieses Schlagwort gibt es nicht."),
    ],
)
def test_unknown_filter_shows_an_empty_result_with_a_way_back(client, query, message):
    response = client.get(f"/partner/?{query}")
    assert response.status_code == 200
    assert list(response.context["partners"]) == []
    assertContains(response, message)
    assertContains(response, "0 Angebote passen zu Ihrer Auswahl.")
    assertContains(response, '<a href="/partner/">Alle Angebote zeigen</a>', html=True)


@pytest.mark.django_db
def test_list_paginates_and_keeps_the_filters_in_page_links(client):
    group = make_group(slug="viele")
    for n in range(25):
        make_partner(group=group, name=f"Angebot {n:02d}")
    first = client.get("/partner/?gruppe=viele")
    assert len(first.context["partners"]) == 20
    assertContains(first, 'href="?gruppe=viele&amp;page=2"')
    second = client.get("/partner/?gruppe=viele&page=2")
    assert len(second.context["partners"]) == 5
    assertContains(second, "Seite 2 von 2")


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["99", "abc", "-1"])
def test_bad_page_number_answers_404_not_500(client, page):
    response = client.get(f"/partner/?page={page}")
    assert response.status_code == 404
    assertContains(response, "Diese Seite gibt es nicht", status_code=404)


@pytest.mark.django_db
def test_detail_shows_description_operator_group_tags_and_link(client):
    response = client.get("/partner/kompetenzstelle-fuer-nachhaltige-beschaffung/")
    partner = Partner.objects.get(slug="kompetenzstelle-fuer-nachhaltige-beschaffung")
    assertContains(response, f"<h1>{partner.name}</h1>", html=True)
    assertContains(response, "Beschaffungsamt des Bundesministeriums des Innern (BMI), Bonn")
    assertContains(response, 'href="/akteure/politik-und-verwaltung/"')
    assertContains(response, 'href="/partner/?tag=schulungen"')
    assertContains(response, 'href="https://www.nachhaltige-beschaffung.info"')
    assertContains(response, "Zum Angebot auf nachhaltige-beschaffung.info")


@pytest.mark.django_db
def test_detail_reads_well_without_optional_fields(client):
    partner = make_partner(description="", operator="", website="")
    response = client.get(partner.get_absolute_url())
    assert response.status_code == 200
    assertNotContains(response, "Betrieben von")
    assertNotContains(response, "Zum Angebot")
    assertNotContains(response, "Schlagwörter</dt>")


@pytest.mark.django_db
def test_unpublished_partner_answers_404(client):
    draft = make_partner(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
