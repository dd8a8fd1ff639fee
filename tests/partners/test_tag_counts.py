"""The tag filter's counts (partners/tag_counts.py): on PostgreSQL a table kept by
triggers, which must always say what counting the listed partners says."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from taggit.models import Tag

from partners.models import Partner, TaggedPartner, merge_tags
from partners.tag_counts import kept_counts, listed_tag_counts, listed_tags
from tests.factories import make_group, make_partner


def counted_from_the_partners(now=None):
    return sorted(
        Partner.objects.listed(now)
        .filter(tags__isnull=False)
        .values_list("group", "tags", "tags__name", "tags__slug")
        .annotate(partners=Count("pk"))
        .order_by()
    )


def assert_counts_match(now=None):
    assert sorted(listed_tag_counts(now)) == counted_from_the_partners(now)
    carried = Partner.objects.listed(now).values("tags")
    assert list(listed_tags(now)) == list(Tag.objects.filter(pk__in=carried).order_by("name"))


@pytest.fixture
def directory(db):
    groups = [make_group(), make_group()]
    partners = [
        make_partner(group=groups[n % 2], tags=["Mehrweg", "Kantine"][: 1 + n % 2])
        for n in range(6)
    ]
    return groups, partners


def test_counts_follow_saves_of_partners(directory):
    groups, partners = directory
    assert_counts_match()
    assert listed_tag_counts()  # something to count
    partners[0].is_published = False
    partners[0].save()
    assert_counts_match()
    partners[1].ended = True
    partners[1].save()
    assert_counts_match()
    partners[2].successor = partners[3]
    partners[2].save()
    assert_counts_match()
    partners[3].group = groups[1 - groups.index(partners[3].group)]
    partners[3].save()
    assert_counts_match()
    partners[0].is_published = True
    partners[0].save()
    assert_counts_match()
    partners[4].delete()
    assert_counts_match()


def test_counts_follow_tags_added_removed_and_merged(directory):
    _groups, partners = directory
    partners[0].tags.add("Neu", "Kantine")
    assert_counts_match()
    partners[1].tags.remove("Kantine")
    assert_counts_match()
    partners[2].tags.set(["Mehrweg", "Neu"])
    assert_counts_match()
    partners[3].tags.clear()
    assert_counts_match()
    merge_tags(list(Tag.objects.filter(name__in=["Neu", "Kantine"])), "Kantine")
    assert_counts_match()
    Tag.objects.filter(name="Mehrweg").delete()
    assert_counts_match()


def test_counts_follow_writes_without_save(directory):
    _groups, partners = directory
    Partner.objects.filter(pk__in=[p.pk for p in partners[:3]]).update(is_published=False)
    assert_counts_match()
    tag = Tag.objects.create(name="Im Stapel", slug="im-stapel")
    TaggedPartner.objects.bulk_create(TaggedPartner(content_object=p, tag=tag) for p in partners)
    assert_counts_match()
    TaggedPartner.objects.filter(tag=tag, content_object__in=partners[3:]).update(
        tag=Tag.objects.get(name="Mehrweg")
    )
    assert_counts_match()
    TaggedPartner.objects.filter(content_object=partners[5]).delete()
    assert_counts_match()


def test_counts_leave_out_partners_hidden_by_their_dates(directory):
    _groups, partners = directory
    now = timezone.now()
    partners[0].publish_from = now + datetime.timedelta(days=1)
    partners[0].save()
    partners[1].publish_until = now - datetime.timedelta(days=1)
    partners[1].save()
    assert_counts_match(now)
    assert_counts_match(now + datetime.timedelta(days=2))  # partners[0] appears
    assert counted_from_the_partners(now) != counted_from_the_partners(now + datetime.timedelta(2))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the table is PostgreSQL's")
def test_a_truncated_table_of_tags_counts_nothing(directory):
    assert kept_counts()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no checks waiting for the commit
        cursor.execute("TRUNCATE partners_taggedpartner")
    assert listed_tag_counts() == []


def tag_links(client, address):
    return {link.name: link.count for link in client.get(address).context["tag_links"]}


def counted_tags(partners):
    rows = partners.filter(tags__isnull=False).values_list("tags__name").annotate(n=Count("pk"))
    return dict(rows.order_by())


def test_the_partner_list_shows_the_counts_after_a_change(client, directory):
    _groups, partners = directory
    before = tag_links(client, "/partner/")
    assert before == counted_tags(Partner.objects.listed())
    assert before["Kantine"] >= 3
    partners[1].tags.remove("Kantine")  # a change of content: the page is made anew
    assert tag_links(client, "/partner/") == {**before, "Kantine": before["Kantine"] - 1}
    group = partners[1].group
    in_group = tag_links(client, f"/partner/?gruppe={group.slug}")
    assert in_group == counted_tags(Partner.objects.listed().filter(group=group))
    assert in_group["Mehrweg"] == 3


def test_a_list_filtered_by_tag_counts_its_partners(client, directory):
    groups, partners = directory
    partners[3].publish_from = timezone.now() + datetime.timedelta(days=1)  # not yet listed
    partners[3].save()
    for query, expected in [
        ("tag=kantine", Partner.objects.listed().filter(tags__slug="kantine")),
        (
            f"tag=kantine&gruppe={groups[1].slug}",
            Partner.objects.listed().filter(tags__slug="kantine", group=groups[1]),
        ),
    ]:
        response = client.get(f"/partner/?{query}")
        assert response.context["paginator"].count == expected.count() > 0
        assert {p.pk for p in response.context["partners"]} == {p.pk for p in expected}


@pytest.mark.skipif(not kept_counts(), reason="the table is PostgreSQL's")
def test_a_restored_backup_has_its_counts_and_search_words(transactional_db, tmp_path):
    """Neither the kept counts nor the search vectors are in a backup: restoring one
    (import_network --replace deletes everything, then loads the file) rebuilds both."""
    group = make_group()
    partners = [
        make_partner(group=group, tags=["Mehrweg", "Kantine"][: 1 + n % 2]) for n in range(4)
    ]
    backup = tmp_path / "netzwerk.json"
    call_command("export_network", str(backup))
    Partner.objects.filter(pk=partners[0].pk).delete()
    call_command("import_network", str(backup), "--replace")
    assert sorted(listed_tag_counts()) == counted_from_the_partners()
    assert sorted(row[4] for row in listed_tag_counts()) == [2, 4]
    restored = Partner.objects.filter(pk__in=[p.pk for p in partners])
    vectors = restored.annotate(computed=restored.search_vector())
    assert restored.count() == 4
    assert all(p.search_document == p.computed for p in vectors)
