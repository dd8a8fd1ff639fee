"""A kept page costs one round trip to the cache: the content version and the page come
with one `get_many`, in Redis one MGET (core/page_cache.py: page_key, PageLookup.find).
Its key holds the request's values of a fixed set of headers, so that no lookup of a
learned Vary list comes first; staff and visitors still never share a page that varies
on the cookie."""

import gzip

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core import page_cache
from tests.factories import make_staff

CACHE_METHODS = (
    "get",
    "get_many",
    "get_or_set",
    "set",
    "set_many",
    "add",
    "touch",
    "incr",
    "decr",
    "has_key",
    "delete",
    "delete_many",
)

# The kept pages of the sample network (tests/factories.py) that are asked for most.
PAGES = {
    "home": lambda network: "/",
    "home in English": lambda network: "/en/",
    "home with an unused parameter": lambda network: "/?utm_source=newsletter",
    "partner list": lambda network: "/partner/",
    "partner list of a group": lambda network: f"/partner/?gruppe={network.partner.group.slug}",
    "partner": lambda network: network.partner.get_absolute_url(),
    "group": lambda network: network.partner.group.get_absolute_url(),
    "imprint": lambda network: "/impressum/",
    "sitemap": lambda network: "/sitemap.xml",
}

uses_redis = pytest.mark.skipif(
    settings.CACHES["default"]["BACKEND"] != "django_redis.cache.RedisCache",
    reason="needs Redis (REDIS_URL), as in the second CI pass",
)


@pytest.fixture
def cache_calls(monkeypatch):
    """The calls to the shared cache's methods during a test, outermost ones only (the
    file cache's get_many calls its get once per key)."""
    backend = caches["default"]
    calls, depth = [], [0]

    def counting(name, method):
        def counted(*args, **kwargs):
            if depth[0] == 0:
                calls.append(name)
            depth[0] += 1
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1

        return counted

    for name in CACHE_METHODS:
        monkeypatch.setattr(backend, name, counting(name, getattr(backend, name)))
    return calls


@pytest.fixture
def redis_round_trips(monkeypatch):
    """What is sent to Redis during a test: the name of the (first) command of each
    write to its socket, which is one round trip (a pipeline is one too)."""
    from redis.connection import AbstractConnection

    send = AbstractConnection.send_packed_command
    sent = []

    def counting(connection, command, *args, **kwargs):
        packed = command if isinstance(command, bytes | str) else b"".join(command)
        packed = packed.encode() if isinstance(packed, str) else packed
        sent.append(packed.split(b"\r\n")[2].decode().upper())
        return send(connection, command, *args, **kwargs)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counting)
    return sent


def from_the_cache(client, url, method="get", **kwargs):
    """The response, asserting that it was not made anew (no database query)."""
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, **kwargs)
    assert response.status_code == 200
    assert len(queries) == 0, f"{url} was made anew"
    return response


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_a_kept_page_is_one_call_to_the_cache(client, network, page, cache_calls):
    url = PAGES[page](network)
    made = client.get(url)
    cache_calls.clear()
    kept = from_the_cache(client, url)
    assert kept.content == made.content
    assert cache_calls == ["get_many"]


@pytest.mark.django_db
@uses_redis
@pytest.mark.parametrize("page", PAGES)
def test_a_kept_page_is_one_round_trip_to_redis(client, network, page, redis_round_trips):
    url = PAGES[page](network)
    client.get(url)  # made and kept; the connection to Redis is open from here on
    redis_round_trips.clear()
    from_the_cache(client, url)
    assert redis_round_trips == ["MGET"]


@pytest.mark.django_db
def test_staff_ask_for_the_shared_page_and_their_own_with_the_same_call(
    admin_client, client, network, cache_calls
):
    partner = network.partner.get_absolute_url()
    for url in ["/", partner]:
        client.get(url)
        admin_client.get(url)
    cache_calls.clear()
    home = from_the_cache(admin_client, "/")
    assert home.content == from_the_cache(client, "/").content  # one page for everyone
    from_the_cache(admin_client, partner)
    assert cache_calls == ["get_many"] * 3


@pytest.mark.django_db
def test_a_head_request_is_one_call_to_the_cache(client, network, cache_calls):
    client.get("/partner/")
    cache_calls.clear()
    response = from_the_cache(client, "/partner/", method="head")
    assert response.content == b""
    assert cache_calls == ["get_many"]


@pytest.mark.django_db
def test_a_kept_search_is_one_call_to_the_shared_cache(client, network, cache_calls):
    page_cache.searches.clear()
    client.get("/suche/?q=Siegel")
    cache_calls.clear()
    from_the_cache(client, "/suche/?q=Siegel")
    assert cache_calls == ["get"]  # the content version; the page is in this process
    page_cache.searches.clear()


@pytest.mark.django_db
def test_a_page_that_reads_no_session_is_one_page_for_everyone(admin_client, client, network):
    visitor_with_a_cookie = Client()
    visitor_with_a_cookie.get("/barriere-melden/")  # now has a CSRF cookie
    assert "csrftoken" in visitor_with_a_cookie.cookies
    made = client.get("/partner/")
    assert "Cookie" not in made["Vary"]
    for visitor in [visitor_with_a_cookie, admin_client]:
        assert from_the_cache(visitor, "/partner/").content == made.content


@pytest.mark.django_db
def test_a_page_that_varies_on_the_cookie_is_kept_for_each_visitor(admin_client, client, network):
    url = network.partner.get_absolute_url()
    made = client.get(url)
    assert "Cookie" in made["Vary"]
    with CaptureQueriesContext(connection) as queries:
        admin_client.get(url)
    assert len(queries) > 0  # not the visitor's page
    from_the_cache(admin_client, url)  # kept for this session now
    other_staff = Client()
    other_staff.force_login(make_staff())
    with CaptureQueriesContext(connection) as queries:
        other_staff.get(url)
    assert len(queries) > 0  # nor another session's
    assert from_the_cache(client, url).content == made.content


@pytest.mark.django_db
def test_a_kept_page_is_served_only_for_the_same_values_of_its_vary_headers(client, network):
    compressed = client.get("/", headers={"accept-encoding": "gzip"})
    assert compressed["Content-Encoding"] == "gzip"
    with CaptureQueriesContext(connection) as queries:
        plain = client.get("/")
    assert len(queries) > 0  # made anew: the kept page is compressed
    assert "Content-Encoding" not in plain
    assert gzip.decompress(compressed.content) == plain.content
    again = from_the_cache(client, "/", headers={"accept-encoding": "gzip"})
    assert again["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in from_the_cache(client, "/")


def test_a_header_outside_the_key_is_checked_against_the_kept_page(rf, monkeypatch):
    """A response that varies on a header the key does not hold (here User-Agent) is
    served only to requests with the same value of it."""
    monkeypatch.setattr(page_cache, "next_scheduled_change", lambda *args: None)
    made = []

    def view(request):
        made.append(request.headers["User-Agent"])
        response = HttpResponse(f"Seite für {request.headers['User-Agent']}")
        response["Vary"] = "User-Agent"
        return response

    pages = page_cache.UpdateCacheMiddleware(page_cache.FetchFromCacheMiddleware(view))
    for agent in ["Screenreader", "Screenreader", "Browser", "Browser"]:
        response = pages(rf.get("/", headers={"user-agent": agent}))
        assert response.content.decode() == f"Seite für {agent}"
    assert made == ["Screenreader", "Browser"]  # the browser's page replaced the first
