"""The search queryset (core.search) on partners and actors, on SQLite and PostgreSQL.

The search page /suche/ is tested in tests/newtrade/test_search_view.py.
"""

import re

import pytest
from django.db import connection

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
    make_partner(name="Kompetenzstelle für nachhaltige Beschaffung")
    make_partner(name="Radverkehr")
    assert list(Partner.objects.search("Vergaben")) == [partner]
    assert names(Partner.objects.search("Beschaffungen")) == [
        "Kompetenzstelle für nachhaltige Beschaffung"
    ]


@pytest.mark.django_db
def test_search_matches_the_last_word_as_a_prefix():
    make_partner(name="Siegelklarheit", teaser="Zeigt, welche Siegel glaubwürdige sind.")
    make_partner(name="Kompass", teaser="Glaubwürdige Beschaffung.")
    assert names(Partner.objects.search("Siegel")) == ["Siegelklarheit"]
    assert names(Partner.objects.search("glaubwürdige Siegel")) == ["Siegelklarheit"]
    assert names(Partner.objects.search("Siegelk")) == ["Siegelklarheit"]


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
