import datetime

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from partners.models import Partner
from tests.factories import make_group, make_office, make_partner


@pytest.mark.django_db
def test_list_shows_running_published_partners_in_order_with_count(client):
    make_partner(name="Zweites Angebot", order=1)
    make_partner(name="Erstes Angebot", order=1)
    make_partner(name="Drittes Angebot", order=2)
    make_partner(name="Geheimer Entwurf", is_published=False)
    make_partner(name="Beendetes Angebot", ended=True)
    response = client.get("/partner/")
    assert [p.name for p in response.context["partners"]] == [
        "Erstes Angebot",
        "Zweites Angebot",
        "Drittes Angebot",
    ]
    assertContains(response, "3 Angebote")
    assertNotContains(response, "Geheimer Entwurf")
    assertNotContains(response, "Beendetes Angebot")


@pytest.fixture
def two_groups():
    """An NGO group with one partner, a public-sector group with two; tags across both."""
    ngo = make_group(name="Nichtregierungsorganisationen", slug="nichtregierungsorganisationen")
    state = make_group(name="Politik und Verwaltung", slug="politik-und-verwaltung")
    make_partner(name="Bündnis NRW", group=ngo, tags=["Sozialstandards", "Gütezeichen"])
    make_partner(name="Siegelklarheit", group=state, tags=["Gütezeichen"])
    make_partner(name="Kompass", group=state, tags=["Sozialstandards"])
    return ngo, state


@pytest.mark.django_db
def test_list_filters_by_group(client, two_groups):
    response = client.get("/partner/?gruppe=nichtregierungsorganisationen")
    assert [p.name for p in response.context["partners"]] == ["Bündnis NRW"]
    assertContains(response, "1 Angebot passt zu Ihrer Auswahl.")
    assertContains(response, '<option value="nichtregierungsorganisationen" selected>')


@pytest.mark.django_db
def test_list_filters_by_tag_and_combines_filters(client, two_groups):
    by_tag = client.get("/partner/?tag=gütezeichen").context["partners"]
    assert {p.name for p in by_tag} == {"Bündnis NRW", "Siegelklarheit"}
    combined = client.get("/partner/?tag=sozialstandards&gruppe=politik-und-verwaltung")
    assert [p.name for p in combined.context["partners"]] == ["Kompass"]


@pytest.mark.django_db
def test_tag_filter_offers_only_tags_of_published_partners(client):
    make_partner(tags=["Ausschreibung"])
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
def test_detail_shows_description_operator_group_tags_stand_and_link(client):
    group = make_group(name="Politik und Verwaltung", slug="politik-und-verwaltung")
    partner = make_partner(
        name="Kompetenzstelle für nachhaltige Beschaffung",
        description="Informiert und schult Beschaffende.",
        operator="Beschaffungsamt des Bundesministeriums des Innern (BMI), Bonn",
        group=group,
        website="https://www.nachhaltige-beschaffung.info",
        last_reviewed=datetime.date(2026, 3, 5),
        tags=["Schulungen"],
    )
    response = client.get(partner.get_absolute_url())
    assertContains(response, f"<h1>{partner.name}</h1>", html=True)
    assertContains(response, "Informiert und schult Beschaffende.")
    assertContains(response, "Beschaffungsamt des Bundesministeriums des Innern (BMI), Bonn")
    assertContains(response, 'href="/akteure/politik-und-verwaltung/"')
    assertContains(response, 'href="/partner/?tag=schulungen"')
    assertContains(response, 'href="https://www.nachhaltige-beschaffung.info"')
    assertContains(response, "Zum Angebot auf nachhaltige-beschaffung.info")
    assertContains(response, "<dt>Stand</dt><dd>5. März 2026</dd>", html=True)


@pytest.mark.django_db
def test_detail_without_review_gives_the_day_of_the_last_change_as_stand(client):
    partner = make_partner()
    changed = timezone.make_aware(datetime.datetime(2026, 2, 3, 12, 0))
    Partner.objects.filter(pk=partner.pk).update(updated_at=changed)
    response = client.get(partner.get_absolute_url())
    assertContains(response, "<dt>Stand</dt><dd>3. Februar 2026</dd>", html=True)


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
    make_partner(tags=["Gütezeichen", "Recht"])
    make_partner(tags=["Gütezeichen"])
    make_partner(is_published=False, tags=["Gütezeichen", "Recht"])
    response = client.get("/partner/")
    counts = {link.name: link.count for link in response.context["tag_links"]}
    assert counts == {"Gütezeichen": 2, "Recht": 1}


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
    make_office(phone="+49 (0)211/555-0100")
    make_partner(name="Siegelportal")
    response = client.get("/partner/", {"q": "Quantencomputer"})
    assertContains(response, "0 Angebote passen zu Ihrer Auswahl.")
    assertContains(response, '<a href="/partner/">Alle Angebote zeigen</a>', html=True)
    assertContains(response, "Zu dieser Auswahl gibt es keine Partnerangebote.")
    assertContains(response, '<a href="tel:+492115550100">0211 5550100</a>', html=True)


# --- Drafts, ended and superseded partners ------------------------------------------------


@pytest.mark.django_db
def test_staff_preview_a_draft_with_a_banner_and_the_public_gets_404(client, editor_client):
    draft = make_partner(is_published=False, name="Entwurf im Test")
    assert client.get(draft.get_absolute_url()).status_code == 404
    response = editor_client.get(draft.get_absolute_url())
    assertContains(response, "Nicht veröffentlicht.")
    assertContains(response, f'href="{draft.admin_url}"')
    assertNotContains(editor_client.get("/partner/"), "Entwurf im Test")


@pytest.mark.django_db
def test_published_page_has_no_draft_banner_for_staff(editor_client):
    partner = make_partner()
    response = editor_client.get(partner.get_absolute_url())
    assertContains(response, f"<h1>{partner.name}</h1>", html=True)
    assertNotContains(response, "Nicht veröffentlicht.")


@pytest.mark.django_db
def test_superseded_partner_leaves_the_lists_but_keeps_its_page_and_is_found(client):
    group = make_group()
    old = make_partner(name="Siegelklarheit", slug="siegelklarheit", group=group)
    successor = make_partner(name="Kompass Nachhaltigkeit", group=group)
    old.successor = successor
    old.save()
    link = 'href="/partner/siegelklarheit/"'
    for url in ["/", "/partner/", group.get_absolute_url(), "/netzwerk.svg"]:
        response = client.get(url)
        assertContains(response, successor.get_absolute_url())  # the page lists partners
        assertNotContains(response, link)
    open_data = b"".join(client.get("/partner.json").streaming_content).decode()
    assert "Kompass Nachhaltigkeit" in open_data
    assert "Siegelklarheit" not in open_data
    feed = client.get("/feeds/partner/")
    assertContains(feed, successor.get_absolute_url())
    assertNotContains(feed, "/partner/siegelklarheit/")
    page = client.get(old.get_absolute_url())
    assertContains(page, "Dieses Angebot gibt es nicht mehr.")
    assertContains(page, f'<a href="{successor.get_absolute_url()}">{successor.name}</a>')
    assertNotContains(page, "Zum Angebot auf")
    found = client.get("/suche/", {"q": "Siegelklarheit"})
    assert [p.name for p in found.context["partners"]] == ["Siegelklarheit"]
    assertContains(found, "Angebot beendet")


@pytest.mark.django_db
def test_ended_partner_without_successor_points_to_the_current_ones(client):
    partner = make_partner(ended=True, website="https://beendet.example")
    current = make_partner()
    page = client.get(partner.get_absolute_url())
    assertContains(page, "Dieses Angebot gibt es nicht mehr.")
    assertContains(page, "Zu den aktuellen Partnerangeboten")
    assertNotContains(page, "Zum Angebot auf")
    assert [p.pk for p in client.get("/partner/").context["partners"]] == [current.pk]
