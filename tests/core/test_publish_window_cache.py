"""Kept pages end at the next "Veröffentlichen ab/bis" of any partner or actor
(core/page_cache.py): no page outlives what it shows, without a save and without a cron job."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from core.page_cache import KeptPage, next_scheduled_change
from tests.factories import make_actor, make_partner


@pytest.fixture
def kept_pages(monkeypatch, settings):
    """For each page the cache middleware keeps, by its key: how many seconds it is fresh."""
    cache = caches[settings.CACHE_MIDDLEWARE_ALIAS]
    set_value = cache.set
    timeouts = {}

    def spy(key, value, *args, **kwargs):
        if isinstance(value, KeptPage):
            timeouts[key] = (value.expires - timezone.now()).total_seconds()
        return set_value(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", spy)
    return timeouts


def made_anew(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries) > 0


@pytest.mark.django_db
def test_a_page_is_kept_until_the_next_scheduled_change_at_most(client, clock, kept_pages):
    make_partner()
    client.get("/partner/")
    assert list(kept_pages.values()) == [600]  # nothing scheduled: CACHE_MIDDLEWARE_SECONDS
    make_partner(publish_from=clock.at(hours=2))  # later than 600 s
    kept_pages.clear()
    client.get("/partner/")
    assert list(kept_pages.values()) == [600]
    make_actor(publish_until=clock.at(seconds=90))  # an actor's end counts for every page
    kept_pages.clear()
    client.get("/partner/")
    assert list(kept_pages.values()) == [90]
    clock(seconds=30)
    kept_pages.clear()
    client.get("/kontakt/")
    assert list(kept_pages.values()) == [60]


@pytest.mark.django_db
def test_a_kept_page_is_not_served_past_the_next_change(client, clock):
    partner = make_partner(name="Portal mit Termin", publish_from=clock.at(minutes=5))
    response, _ = made_anew(client, "/partner/")
    assertNotContains(response, "Portal mit Termin")
    clock(minutes=4, seconds=59)
    response, anew = made_anew(client, "/partner/")
    assert not anew  # still the kept page
    assertNotContains(response, "Portal mit Termin")
    clock(seconds=1)
    response, anew = made_anew(client, "/partner/")
    assert anew
    assertContains(response, "Portal mit Termin")
    partner.refresh_from_db()
    assert partner.is_live


@pytest.mark.django_db
def test_browsers_are_promised_nothing_beyond_the_next_change(client, clock):
    make_partner(publish_until=clock.at(seconds=90))
    for _ in range(2):  # made anew, then from the cache
        response = client.get("/partner/")
        assert response["Cache-Control"] == "no-cache"
        assert "Expires" not in response


@pytest.mark.django_db
def test_the_next_change_is_looked_up_once_per_content_version(clock):
    partner = make_partner(publish_from=clock.at(hours=1))
    assert next_scheduled_change() == clock.at(hours=1)
    with CaptureQueriesContext(connection) as queries:
        assert next_scheduled_change() == clock.at(hours=1)
    assert len(queries) == 0  # kept in the cache
    partner.publish_from = clock.at(minutes=20)
    partner.save()  # a new content version
    assert next_scheduled_change() == clock.at(minutes=20)
    clock(minutes=20)  # passed: the next one, here none, is looked up
    assert next_scheduled_change() is None
    with CaptureQueriesContext(connection) as queries:
        assert next_scheduled_change() is None
    assert len(queries) == 0


@pytest.mark.django_db
def test_a_page_made_across_a_scheduled_change_is_not_kept(client, clock, kept_pages, monkeypatch):
    """The moment a page's content holds until is taken when the request starts: a page
    whose making spans a change is served but not kept."""
    from partners.views import PartnerListView

    make_partner(name="Portal mit Termin", publish_from=clock.at(seconds=10))
    get_queryset = PartnerListView.get_queryset

    def slow_get_queryset(view):
        clock(seconds=10)
        return get_queryset(view)

    monkeypatch.setattr(PartnerListView, "get_queryset", slow_get_queryset)
    assertContains(client.get("/partner/"), "Portal mit Termin")
    assert kept_pages == {}
