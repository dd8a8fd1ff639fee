"""Constant database work whatever the size of the network, short pages for long lists,
and exports that stream in flat memory."""

import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains

from partners import demo
from partners.models import Partner

# At most this many queries per page, whatever the size of the network. The addresses
# come from the sample network (tests/factories.py) with demo rows added.
QUERY_BUDGETS = {
    "home": (lambda n: "/", 8),
    "partner list": (lambda n: "/partner/", 8),
    "partners of a group with a tag": (
        lambda n: f"/partner/?gruppe={n.partner.group.slug}&tag=ausschreibung",
        9,
    ),
    "partner search": (lambda n: "/partner/?q=Beschaffung", 8),
    "partner search in a group": (
        lambda n: f"/partner/?q=Beschaffung&gruppe={n.partner.group.slug}",
        8,
    ),
    "search": (lambda n: "/suche/?q=Beschaffung", 8),
    "partner": (lambda n: n.partner.get_absolute_url(), 4),
    "groups": (lambda n: "/akteure/", 3),
    "group": (lambda n: n.actor.group.get_absolute_url(), 8),
    "group, second page": (lambda n: f"{n.actor.group.get_absolute_url()}?page=2", 8),
    "actor": (lambda n: n.actor.get_absolute_url(), 3),
    "feed": (lambda n: "/feeds/partner/", 4),
    "JSON export": (lambda n: "/partner.json", 5),
    "CSV export": (lambda n: "/partner.csv", 4),
    "sitemap index": (lambda n: "/sitemap.xml", 14),
    "sitemap of partners": (lambda n: "/sitemap-partners.xml", 3),
    "sitemap of actors": (lambda n: "/sitemap-actors.xml", 3),
}


@pytest.fixture
def uncached(settings):
    """Measure the work of rendering, not the cache."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


@pytest.mark.django_db
def test_every_page_needs_the_same_few_queries_at_10_and_1000_partners(client, uncached, network):
    network.partner.tags.add("Ausschreibung")  # every filtered list has a result
    urls = {page: address(network) for page, (address, _budget) in QUERY_BUDGETS.items()}
    demo.fill(partners=10, actors=600)
    small = {page: queries_for(client, url) for page, url in urls.items()}
    demo.fill(partners=990, actors=600)
    assert Partner.objects.count() > 1000
    large = {page: queries_for(client, url) for page, url in urls.items()}
    assert large == small
    over_budget = {page: n for page, n in large.items() if n > QUERY_BUDGETS[page][1]}
    assert over_budget == {}


@pytest.mark.django_db
def test_long_lists_stay_short_pages(client, uncached, network):
    demo.fill(partners=300, actors=120)
    home = client.get("/")
    assert len(home.context["partners"]) == 12
    assertContains(home, f"Alle {Partner.objects.listed().count()} Partnerangebote")
    group = client.get(network.actor.group.get_absolute_url())
    assert len(group.context["actors"]) <= 50
    assert len(group.context["partners"]) <= 24
    assert len(client.get("/partner/").context["tag_links"]) <= 30


def peak_memory_while_streaming(client, url):
    tracemalloc.start()
    response = client.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, size


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/partner.json", "/partner.csv"])
def test_exports_stream_with_flat_memory(client, network, url):
    demo.fill(partners=1000, actors=0)
    small_peak, small_size = peak_memory_while_streaming(client, url)
    demo.fill(partners=3000, actors=0)
    large_peak, large_size = peak_memory_while_streaming(client, url)
    assert large_size > 3 * small_size  # four times the data …
    assert large_peak < 1.5 * small_peak  # … in about the same memory
