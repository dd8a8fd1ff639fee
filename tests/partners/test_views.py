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


@pytest.mark.django_db
def test_list_combines_search_with_group_and_tag_filters(client):
    group = make_group(slug="mehrweg-gruppe")
    wanted = make_partner(name="Mehrweg A", group=group, tags=["Geschirr"])
    make_partner(name="Mehrweg B", group=group, tags=["Verpackung"])
    make_partner(name="Mehrweg C", tags=["Geschirr"])
    response = client.get(
        "/partner/", {"q": "Mehrweg", "gruppe": "mehrweg-gruppe", "tag": "geschirr"}
    )
    assert list(response.context["partners"]) == [wanted]
    assertContains(response, "1 Angebot passt zu Ihrer Auswahl.")
    assert client.get("/partner/", {"q": "Mehrweg"}).context["paginator"].count == 3


@pytest.mark.django_db
def test_tag_links_count_the_current_selection_and_keep_the_other_filters(client):
    group = make_group(slug="mehrweg-gruppe")
    make_partner(name="Mehrweg A", group=group, tags=["Geschirr", "Kantine"])
    make_partner(name="Mehrweg B", group=group, tags=["Geschirr"])
    make_partner(name="Anderes", group=group, tags=["Kantine"])
    response = client.get("/partner/", {"q": "Mehrweg", "gruppe": "mehrweg-gruppe", "page": "1"})
    links = {link.name: link for link in response.context["tag_links"]}
    assert {name: link.count for name, link in links.items()} == {"Geschirr": 2, "Kantine": 1}
    assert links["Geschirr"].query == "q=Mehrweg&gruppe=mehrweg-gruppe&tag=geschirr"
    assertContains(response, 'href="?q=Mehrweg&amp;gruppe=mehrweg-gruppe&amp;tag=geschirr"')
    chosen = client.get(
        "/partner/", {"q": "Mehrweg", "gruppe": "mehrweg-gruppe", "tag": "geschirr"}
    )
    current = [link.name for link in chosen.context["tag_links"] if link.is_current]
    assert current == ["Geschirr"]
    assertContains(chosen, 'aria-current="true"><span lang="de">Geschirr</span>')


@pytest.mark.django_db
def test_tag_links_of_the_whole_list_count_published_partners(client):
    make_partner(is_published=False, tags=["Gütezeichen"])
    response = client.get("/partner/")
    counts = {link.name: link.count for link in response.context["tag_links"]}
    assert counts["Gütezeichen"] == 2
    assert counts["Recht"] == Partner.objects.published().filter(tags__name="Recht").count()


@pytest.mark.django_db
def test_search_on_the_list_paginates_with_the_query_in_page_links(client):
    for n in range(21):
        make_partner(name=f"Mehrweg-Angebot {n:02d}")
    first = client.get("/partner/", {"q": "Mehrweg"})
    assertContains(first, 'href="?q=Mehrweg&amp;page=2"')
    assert len(client.get("/partner/", {"q": "Mehrweg", "page": "2"}).context["partners"]) == 1
    out_of_range = client.get("/partner/", {"q": "Mehrweg", "page": "3"})
    assertContains(out_of_range, "Diese Seite gibt es nicht", status_code=404)


@pytest.mark.django_db
def test_search_without_match_offers_the_way_back_and_the_phone(client):
    response = client.get("/partner/", {"q": "Quantencomputer"})
    assertContains(response, "0 Angebote passen zu Ihrer Auswahl.")
    assertContains(response, '<a href="/partner/">Alle Angebote zeigen</a>', html=True)
    assertContains(response, "Zu dieser Auswahl gibt es keine Partnerangebote.")
    assertContains(response, 'href="tel:+492118371622"')
