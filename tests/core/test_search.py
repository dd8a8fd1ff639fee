"""The site search at /suche/ and the search behind it, on SQLite and on PostgreSQL."""

import re

import pytest
from django.db import connection
from pytest_django.asserts import assertContains, assertNotContains

from core.search import highlight, search_terms, simple_stem
from partners.models import Partner
from stakeholders.models import Actor
from tests.factories import make_actor, make_partner

ON_POSTGRESQL = connection.vendor == "postgresql"


def names(results):
    return [obj.name for obj in results]


# --- The search itself ------------------------------------------------------------


@pytest.mark.django_db
def test_search_ranks_name_before_teaser_before_description():
    in_description = make_partner(
        name="Portal C",
        teaser="Ein Angebot.",
        description="Mehrweg im Einkauf. Mehrweg in der Kantine. Mehrweg überall.",
    )
    in_teaser = make_partner(name="Portal B", teaser="Alles über Mehrweg im Einkauf.")
    in_name = make_partner(name="Mehrweg-Portal A", teaser="Ein Angebot.")
    results = Partner.objects.published().search("Mehrweg")
    assert names(results) == [in_name.name, in_teaser.name, in_description.name]


@pytest.mark.django_db
def test_search_finds_other_word_forms():
    partner = make_partner(name="Vergabehilfe", teaser="Hilfe bei jeder Vergabe von Aufträgen.")
    assert partner in Partner.objects.search("Vergaben")
    assert "Kompetenzstelle für nachhaltige Beschaffung" in names(
        Partner.objects.search("Beschaffungen")
    )


@pytest.mark.django_db
def test_search_matches_the_last_word_as_a_prefix():
    assert "Siegelklarheit" in names(Partner.objects.search("Siegel"))
    assert "Siegelklarheit" in names(Partner.objects.search("glaubwürdige Siegel"))


@pytest.mark.django_db
def test_search_needs_every_word():
    make_partner(name="Mehrweg-Portal", teaser="Zum Einkauf von Geschirr.")
    assert names(Partner.objects.search("Mehrweg Geschirr")) == ["Mehrweg-Portal"]
    assert names(Partner.objects.search("Mehrweg Fahrzeuge")) == []


@pytest.mark.django_db
def test_search_covers_operator_group_and_tags_without_duplicates():
    partner = make_partner(
        name="Testangebot",
        operator="Musterbehörde Nord",
        tags=["Kreislaufwirtschaft", "Kreislaufdenken"],
    )
    assert list(Partner.objects.search("Musterbehörde")) == [partner]
    assert list(Partner.objects.search("Kreislaufwirtschaft")) == [partner]
    assert list(Partner.objects.search("Kreislauf")) == [partner]  # two tags, one result
    assert partner in Partner.objects.search(partner.group.name)


@pytest.mark.django_db
def test_search_finds_actors_by_name_description_and_place():
    actor = make_actor(name="Agentur Süd", description="Berät Kommunen.", place="Bielefeld")
    for query in ["Agentur", "Kommunen", "Bielefeld"]:
        assert list(Actor.objects.public().search(query)) == [actor]


@pytest.mark.django_db
def test_search_snippet_marks_the_matched_words():
    partner = make_partner(
        name="Vergabehilfe",
        teaser="Ein Angebot für Einkäufer.",
        description="Wir helfen bei jeder Vergabe, die nachhaltig sein soll.",
    )
    [result] = Partner.objects.filter(pk=partner.pk).search("Vergaben")
    snippet = highlight(result.search_snippet, ["Vergaben"])
    assert re.search(r"<mark>Vergab\w*</mark>", snippet)
    assert "nachhaltig" in snippet


@pytest.mark.django_db
def test_search_snippet_escapes_the_text_around_the_marks():
    partner = make_partner(
        name="Vergabehilfe",
        teaser="Ein Angebot.",
        description="<script>alert(1)</script> Hilfe bei der Vergabe & mehr",
    )
    [result] = Partner.objects.filter(pk=partner.pk).search("Vergabe")
    snippet = highlight(result.search_snippet, ["Vergabe"])
    # PostgreSQL's headline drops the tags, elsewhere they are escaped: never markup.
    assert "<" not in re.sub(r"</?mark>", "", snippet)
    assert "&amp;" in snippet
    assert "<mark>Vergabe</mark>" in snippet


@pytest.mark.skipif(not ON_POSTGRESQL, reason="German full-text search needs PostgreSQL")
@pytest.mark.django_db
def test_postgresql_uses_the_german_text_search_configuration():
    make_partner(name="Radverkehr", teaser="Dienstfahrräder für Behörden.")
    # The German stemmer maps both forms to one lexeme; a substring match would not.
    assert names(Partner.objects.search("Dienstfahrrad")) == ["Radverkehr"]
    assert "search_document" in str(Partner.objects.search("Rad").query)


@pytest.mark.django_db
def test_search_ignores_operators_and_punctuation():
    assert search_terms("  'Siegel' & (Recht) | !x:* ") == ["Siegel", "Recht", "x"]
    assert search_terms("!!! ---") == []
    assert list(Partner.objects.search("!!! ---")) == []


def test_simple_stem_drops_common_german_endings_only_from_long_words():
    assert simple_stem("Beschaffungen") == "Beschaffung"
    assert simple_stem("nachhaltige") == "nachhaltig"
    assert simple_stem("Amt") == "Amt"
    assert simple_stem("Recht") == "Recht"
    assert simple_stem("Siegel") == "Siegel"


def test_highlight_without_a_match_shows_the_start_of_the_text():
    text = "Wort " * 100
    passage = highlight(text, ["fehlt"])
    assert passage.startswith("Wort")
    assert passage.endswith("…")
    assert "<mark>" not in passage


# --- The search page ----------------------------------------------------------------


@pytest.mark.django_db
def test_search_page_lists_partners_and_actors_with_snippets(client):
    make_actor(name="Umweltagentur Rhein", description="Berät zu Umweltfragen.")
    response = client.get("/suche/", {"q": "Umwelt"})
    assert response.status_code == 200
    assert "Umweltbundesamt" in names(response.context["partners"])
    assert "Umweltagentur Rhein" in names(response.context["actors"])
    hits = response.context["paginator"].count + response.context["actor_count"]
    assertContains(response, f"{hits} Treffer für „Umwelt“")
    assertContains(response, "<mark>")
    assertContains(response, 'value="Umwelt"')


@pytest.mark.django_db
def test_search_page_hides_drafts_and_hidden_actors(client):
    make_partner(name="Geheimes Mehrwegangebot", is_published=False)
    make_actor(name="Verborgener Mehrwegakteur", is_public=False)
    response = client.get("/suche/", {"q": "Mehrweg"})
    assertNotContains(response, "Geheimes Mehrwegangebot")
    assertNotContains(response, "Verborgener Mehrwegakteur")
    assertContains(response, "Zu „Mehrweg“ haben wir nichts gefunden.")
    assertContains(response, 'href="tel:+492118371622"')


@pytest.mark.django_db
@pytest.mark.parametrize("query", [None, "", "   ", "\t\n"])
def test_empty_search_shows_guidance_and_tags(client, query):
    response = client.get("/suche/", {} if query is None else {"q": query})
    assert response.status_code == 200
    assertContains(response, "Geben Sie einen Begriff ein")
    assertContains(response, 'href="/partner/?tag=g%C3%BCtezeichen"')
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
def test_hostile_search_input_never_breaks_the_page(client, query):
    for url in ["/suche/", "/partner/"]:
        response = client.get(url, {"q": query})
        assert response.status_code == 200
        html = response.content.decode()
        assert "<script>alert" not in html
    assert Partner.objects.count() >= 6  # nothing was dropped


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
def test_every_page_has_a_search_field_in_the_header(client):
    from tests.test_pages import PUBLIC_URLS

    for url in [*PUBLIC_URLS, "/suche/", "/gibt-es-nicht/"]:
        html = client.get(url).content.decode()
        assert '<form class="site-search" role="search" method="get" action="/suche/">' in html
        assert '<label class="visually-hidden" for="site-search-q">Suchbegriff</label>' in html
