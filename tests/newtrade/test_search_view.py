"""The search page /suche/, the search field on every page, and search input that
the pages with a search field (/suche/ and /partner/) must take calmly.

The search queryset itself is tested in tests/core/test_search.py.
"""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from partners.models import Partner
from stakeholders.models import Actor
from tests.factories import make_actor, make_office, make_partner
from tests.public_pages import public_urls


def names(results):
    return [obj.name for obj in results]


@pytest.mark.django_db
def test_search_page_lists_partners_and_actors_with_snippets(client):
    make_partner(name="Umweltbundesamt", teaser="Umweltkriterien für die Beschaffung.")
    make_partner(name="Kompass", teaser="Soziale Kriterien.")
    make_actor(name="Umweltagentur Rhein", description="Berät zu Umweltfragen.")
    make_actor(name="Handelskammer", description="Berät Unternehmen.")
    response = client.get("/suche/", {"q": "Umwelt"})
    assert response.status_code == 200
    assert names(response.context["partners"]) == ["Umweltbundesamt"]
    assert names(response.context["actors"]) == ["Umweltagentur Rhein"]
    assertContains(response, "2 Treffer für „Umwelt“")
    assertContains(response, "<mark>")
    assertContains(response, 'value="Umwelt"')


@pytest.mark.django_db
def test_search_page_hides_drafts_and_hidden_actors(client):
    make_office(phone="+49 (0)211/555-0100")
    make_partner(name="Geheimes Mehrwegangebot", is_published=False)
    make_actor(name="Verborgener Mehrwegakteur", is_public=False)
    response = client.get("/suche/", {"q": "Mehrweg"})
    assertNotContains(response, "Geheimes Mehrwegangebot")
    assertNotContains(response, "Verborgener Mehrwegakteur")
    assertContains(response, "Zu „Mehrweg“ haben wir nichts gefunden.")
    assertContains(response, 'href="tel:+492115550100"')


@pytest.mark.django_db
@pytest.mark.parametrize("query", [None, "", "   ", "\t\n"])
def test_empty_search_shows_guidance_and_the_tags_of_listed_partners(client, query):
    make_partner(tags=["Gütezeichen"])
    make_partner(tags=["Nur im Entwurf"], is_published=False)
    make_partner(tags=["Nur beendet"], ended=True)
    response = client.get("/suche/", {} if query is None else {"q": query})
    assert response.status_code == 200
    assertContains(response, "Geben Sie einen Begriff ein")
    assertContains(response, 'href="/partner/?tag=g%C3%BCtezeichen"')
    assertNotContains(response, "Nur im Entwurf")
    assertNotContains(response, "Nur beendet")
    assertNotContains(response, "Treffer")
    assertNotContains(response, 'class="notice"')


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("!!! ???", "Bitte geben Sie mindestens ein Wort aus Buchstaben oder Ziffern ein."),
        ("Siegel" * 50, "Bitte geben Sie höchstens 200 Zeichen ein."),
        ("Sieg\x00el", "Der Suchbegriff enthält ungültige Zeichen."),
    ],
)
def test_bad_search_input_gets_a_clear_message(client, query, message):
    for url in ["/suche/", "/partner/"]:
        response = client.get(url, {"q": query})
        assert response.status_code == 200
        assertContains(response, message)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE partners_partner; --",
        "<script>alert('x')</script>",
        "a:* & !b | (c",
        "%_%",
        "\\",
        "Ünïcødé 🌍 Straße",
        "\u202e\u200b",
        "x" * 199,
        "Siegel " * 30,
    ],
)
def test_hostile_search_input_never_breaks_the_page(client, network, query):
    before = (Partner.objects.count(), Actor.objects.count())
    for url in ["/suche/", "/partner/"]:
        response = client.get(url, {"q": query})
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script>alert" not in html
    assert (Partner.objects.count(), Actor.objects.count()) == before  # nothing was dropped


@pytest.mark.django_db
def test_search_page_paginates_partners_and_keeps_the_query(client):
    for n in range(23):
        make_partner(name=f"Mehrweg-Angebot {n:02d}")
    first = client.get("/suche/", {"q": "Mehrweg"})
    assert len(first.context["partners"]) == 20
    assertContains(first, 'href="?q=Mehrweg&amp;page=2"')
    second = client.get("/suche/", {"q": "Mehrweg", "page": 2})
    assert len(second.context["partners"]) == 3
    assert client.get("/suche/", {"q": "Mehrweg", "page": 3}).status_code == 404


@pytest.mark.django_db
def test_search_page_shows_the_first_twenty_actors_and_how_many_there_are(client):
    for n in range(22):
        make_actor(name=f"Mehrweg-Initiative {n:02d}")
    response = client.get("/suche/", {"q": "Mehrweg"})
    assert len(response.context["actors"]) == 20
    assertContains(response, "Es gibt 22 Treffer bei den Akteuren; hier stehen die ersten 20.")


@pytest.mark.django_db
def test_every_page_has_a_search_field_in_the_header(client, network):
    for url in [*public_urls(network), "/suche/", "/gibt-es-nicht/"]:
        html = client.get(url).content.decode()
        assert '<form class="site-search" role="search" method="get" action="/suche/">' in html
        assert '<label class="visually-hidden" for="site-search-q">Suchbegriff</label>' in html
