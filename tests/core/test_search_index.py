"""The stored search document (core/search_document.py) and the search through its index.

On PostgreSQL, triggers keep `search_document` of partners and actors current on every
way of writing, and the search filters, ranks and counts by that column through its GIN
index. SQLite has no such column content: its search matches the fields themselves.
"""

import io
import re

import pytest
from django.core import serializers
from django.core.management import CommandError, call_command
from django.db import connection
from taggit.models import Tag

from core.search import explain_search
from partners.models import Partner, TaggedPartner
from stakeholders.models import Actor
from tests.factories import make_actor, make_group, make_partner

ON_POSTGRESQL = connection.vendor == "postgresql"
postgresql_only = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="the stored search document is kept by PostgreSQL triggers; SQLite leaves it empty",
)


def document(entry):
    """The stored vector of `entry` as PostgreSQL writes it ("'word':1A …")."""
    return type(entry).objects.values_list("search_document", flat=True).get(pk=entry.pk)


def computed(entry):
    """The vector the search's `search_fields` define for `entry`, computed afresh."""
    entries = type(entry).objects.filter(pk=entry.pk)
    return entries.annotate(vector=entries.search_vector()).values_list("vector", flat=True).get()


def found(queryset, query):
    return list(queryset.search(query))


def test_search_document_stays_out_of_exports():
    partner = Partner(name="Ohne Suchwörter", search_document="'geheim':1")
    [data] = serializers.serialize("python", [partner])
    assert "search_document" not in data["fields"]
    assert "search_document" not in {f.name for f in Partner.history.model._meta.fields}


# --- Kept current by the database ----------------------------------------------------------


@postgresql_only
@pytest.mark.django_db
def test_stored_document_is_the_vector_of_the_search_fields():
    group = make_group(name="Marktakteure")
    partners = [
        make_partner(name="Ohne alles", teaser="Kurz.", group=group),
        make_partner(
            name="Kompass Textilien",
            teaser="Faire Beschaffung von Textilien.",
            description="Kriterien für Ausschreibungen und Gütezeichen.",
            operator="Musterbehörde Nord",
            group=group,
            tags=["Sozialstandards", "Ausschreibung", "Bio"],
        ),
    ]
    actors = [
        make_actor(name="Agentur Süd", description="Berät Kommunen.", place="Bielefeld"),
        make_actor(name="Ohne Ort", group=group),
    ]
    for entry in partners + actors:
        assert document(entry) == computed(entry)
        assert document(entry)  # not empty: the name alone gives words


@postgresql_only
@pytest.mark.django_db
def test_document_weights_name_teaser_description_and_the_rest():
    partner = make_partner(
        name="Mehrweg",
        teaser="Kantine",
        description="Geschirr",
        operator="Behörde",
        group=make_group(name="Netzwerk"),
        tags=["Klima"],
    )
    assert (
        document(partner)
        == "'behord':4 'geschirr':3C 'kantin':2B 'klima':6 'mehrweg':1A 'netzwerk':5"
    )


@postgresql_only
@pytest.mark.django_db
def test_document_follows_edits_by_save_and_by_update():
    partner = make_partner(name="Altname", teaser="Alter Kurztext.")
    partner.name = "Mehrwegportal"
    partner.description = "Rund um Geschirr."
    partner.save()
    assert found(Partner.objects, "Mehrwegportal") == [partner]
    assert found(Partner.objects, "Geschirr") == [partner]
    assert found(Partner.objects, "Altname") == []

    Partner.objects.filter(pk=partner.pk).update(teaser="Leitfaden für Kantinen.")
    assert found(Partner.objects, "Kantinen") == [partner]
    assert found(Partner.objects, "Kurztext") == []
    assert document(partner) == computed(partner)


@postgresql_only
@pytest.mark.django_db
def test_document_follows_tags_added_and_removed():
    partner = make_partner(tags=["Kreislaufwirtschaft"])
    assert found(Partner.objects, "Kreislaufwirtschaft") == [partner]

    partner.tags.add("Lieferketten", "Bio")
    assert found(Partner.objects, "Lieferketten") == [partner]
    partner.tags.remove("Kreislaufwirtschaft")
    assert found(Partner.objects, "Kreislaufwirtschaft") == []
    partner.tags.set(["Mehrweg"])
    assert found(Partner.objects, "Lieferketten") == []
    assert found(Partner.objects, "Mehrweg") == [partner]
    partner.tags.clear()
    assert found(Partner.objects, "Mehrweg") == []
    assert document(partner) == computed(partner)


@postgresql_only
@pytest.mark.django_db
def test_document_follows_a_renamed_or_deleted_tag():
    partner = make_partner(tags=["Kreislauf"])
    other = make_partner(tags=["Kreislauf", "Bio"])
    tag = Tag.objects.get(name="Kreislauf")
    tag.name = "Zirkularität"
    tag.save()
    assert found(Partner.objects.order_by("pk"), "Zirkularität") == [partner, other]
    assert found(Partner.objects, "Kreislauf") == []

    Tag.objects.filter(name="Bio").delete()
    assert found(Partner.objects, "Bio") == []
    assert document(other) == computed(other)


@postgresql_only
@pytest.mark.django_db
def test_document_follows_a_renamed_group_and_a_move_to_another_group():
    group = make_group(name="Fachstellen")
    partner = make_partner(group=group)
    actor = make_actor(group=group)
    group.name = "Kompetenzstellen"
    group.save()
    assert found(Partner.objects, "Kompetenzstellen") == [partner]
    assert found(Actor.objects, "Kompetenzstellen") == [actor]
    assert found(Actor.objects, "Fachstellen") == []

    partner.group = make_group(name="Beratungsnetz")
    partner.save()
    assert found(Partner.objects, "Beratungsnetz") == [partner]
    assert found(Partner.objects, "Kompetenzstellen") == []


@postgresql_only
@pytest.mark.django_db
def test_document_of_bulk_created_rows_and_links():
    group = make_group(name="Netzwerke")
    Partner.objects.bulk_create(
        Partner(name=f"Massenpartner {n}", slug=f"masse-{n}", teaser="Papier.", group=group)
        for n in range(3)
    )
    Actor.objects.bulk_create([Actor(name="Massenakteur", slug="masse", group=group)])
    partners = list(Partner.objects.filter(slug__startswith="masse-").order_by("pk"))
    tag = Tag.objects.create(name="Recyclingpapier", slug="recyclingpapier")
    TaggedPartner.objects.bulk_create(
        TaggedPartner(content_object=p, tag=tag) for p in partners[:2]
    )
    assert found(Partner.objects.order_by("pk"), "Recyclingpapier") == partners[:2]
    assert found(Partner.objects.order_by("pk"), "Massenpartner") == partners
    assert found(Actor.objects, "Massenakteur") == list(Actor.objects.filter(slug="masse"))
    TaggedPartner.objects.filter(content_object=partners[0]).update(content_object=partners[2])
    assert found(Partner.objects.order_by("pk"), "Recyclingpapier") == partners[1:]


@postgresql_only
@pytest.mark.django_db
@pytest.mark.parametrize("order", ["links, partner, tag, group", "group, links, partner, tag"])
def test_document_of_rows_loaded_from_a_file_in_any_order(order):
    """loaddata (also the backup's restore) may insert a row before what it refers to."""
    partner = make_partner(name="Geladen", tags=["Vergabepraxis"])
    rows = {
        "links": list(TaggedPartner.objects.all()),
        "partner": [partner],
        "tag": [Tag.objects.get()],
        "group": [partner.group],
    }
    dumped = serializers.serialize("json", [row for key in order.split(", ") for row in rows[key]])
    Partner.objects.all().delete()
    Tag.objects.all().delete()
    type(partner.group).objects.all().delete()
    for obj in serializers.deserialize("json", dumped):
        obj.save()
    assert found(Partner.objects, "Vergabepraxis") == [partner]
    assert found(Partner.objects, partner.group.name) == [partner]
    assert document(partner) == computed(partner)


# --- Searched through the index -------------------------------------------------------------


def fill(model, rows, **fields):
    """`rows` rows of `model` that no search below finds, so that the searched ones are
    a few among many, as at scale."""
    group = make_group()
    model.objects.bulk_create(
        model(name=f"Radverkehr {n}", slug=f"radverkehr-{n}", group=group, **fields)
        for n in range(rows)
    )


def plans(queryset, query):
    """The plans of the queries of a first page of results (count, page, any prefetch).

    As at 100,000 rows after autovacuum: the rows inserted by the test moved from the
    index's pending list into the index, and current statistics. Sequential scans are
    off as a guard: a test's table is small enough for the planner to prefer reading it
    whole; without them it still takes the GIN index only if the query can be answered
    by the index at all (a vector recomputed for each row cannot), and before any other
    index (only a selective one would win)."""
    table, model_name = queryset.model._meta.db_table, queryset.model._meta.model_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT gin_clean_pending_list('{model_name}_search_document')")
        cursor.execute(f"ANALYZE {table}")
        cursor.execute("SET LOCAL enable_seqscan = off")
    return [explained.plan for explained in explain_search(queryset, query)]


@postgresql_only
@pytest.mark.django_db
def test_partner_search_and_its_count_go_through_the_gin_index():
    fill(Partner, 3000, teaser="Dienstfahrräder.", is_published=True)
    group, tag = make_group(), Tag.objects.create(name="Bio", slug="bio")
    portals = Partner.objects.bulk_create(
        Partner(
            name=f"Portal {n}",
            slug=f"portal-{n}",
            teaser="Beschaffung.",
            group=group,
            is_published=True,
        )
        for n in range(25)
    )
    TaggedPartner.objects.bulk_create(TaggedPartner(content_object=p, tag=tag) for p in portals)
    count, page, prefetch = plans(Partner.objects.published().with_related(), "Beschaffung")
    for plan in (count, page):
        assert "Bitmap Index Scan on partner_search_document" in plan
        assert "rows=25 loops=1" in plan
        assert "to_tsvector" not in plan  # the stored vector, nothing recomputed
    assert "ts_rank" not in count
    assert "ts_rank(partners_partner.search_document, " in page
    assert "rows=20 loops=1" in page.splitlines()[0]  # Limit: one page
    assert "taggit_tag" in prefetch  # the tags of the page's partners, as the list shows


@postgresql_only
@pytest.mark.django_db
def test_actor_search_and_its_count_go_through_the_gin_index():
    fill(Actor, 3000, description="Dienstfahrräder.", is_public=True)
    group = make_group()
    Actor.objects.bulk_create(
        Actor(
            name=f"Einkauf {n}",
            slug=f"einkauf-{n}",
            description="Beschaffung für Kommunen.",
            group=group,
            is_public=True,
        )
        for n in range(25)
    )
    count, page = plans(Actor.objects.public().with_group(), "Beschaffung Kommun")
    for plan in (count, page):
        assert "Bitmap Index Scan on actor_search_document" in plan
        assert "rows=25 loops=1" in plan
        assert "to_tsvector" not in plan
    assert "ts_rank(stakeholders_actor.search_document, " in page


@postgresql_only
@pytest.mark.django_db
def test_explained_search_reports_each_query_and_its_database_time():
    group = make_group()
    Partner.objects.bulk_create(
        Partner(name=f"Portal {n}", slug=f"portal-{n}", teaser="Beschaffung.", group=group)
        for n in range(25)
    )
    [count, page] = explain_search(Partner.objects.all(), "Beschaffung")
    assert "COUNT(*)" in count.sql
    assert "LIMIT 20" in page.sql
    assert count.execution_ms > 0 and page.execution_ms > 0


@pytest.mark.skipif(ON_POSTGRESQL, reason="the fallback of databases without triggers")
@pytest.mark.django_db
def test_other_databases_leave_the_document_empty_and_still_search():
    partner = make_partner(name="Mehrwegportal", tags=["Kantine"])
    assert document(partner) is None
    assert found(Partner.objects, "Kantine") == [partner]
    with pytest.raises(ValueError, match="PostgreSQL"):
        explain_search(Partner.objects.all(), "Kantine")


@postgresql_only
@pytest.mark.django_db
def test_explain_search_prints_the_plans_and_the_time_of_each_search():
    make_partner(name="Kompass Nachhaltigkeit", teaser="Beschaffung mit Siegeln")
    out = io.StringIO()
    call_command("explain_search", "Beschaffung", "Siegel", stdout=out)
    printed = out.getvalue()
    assert "-- partners," in printed and "-- actors," in printed
    assert "Bitmap Index Scan" in printed or "Index Scan" in printed  # the plans themselves
    assert "search_document @@" in printed  # the page's query, through the stored column
    times = re.findall(r"^== '(\w+)': ([\d.]+) ms database time", printed, re.MULTILINE)
    assert [query for query, _ms in times] == ["Beschaffung", "Siegel"]


@pytest.mark.skipif(ON_POSTGRESQL, reason="the message for databases without EXPLAIN ANALYZE")
@pytest.mark.django_db
def test_explain_search_says_it_needs_postgresql():
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("explain_search", "Beschaffung")
