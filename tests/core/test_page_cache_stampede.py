"""After a change, a kept page is made anew once: the first request to find it outdated
takes a short lock and makes it, the requests meanwhile get the previous copy
(core/page_cache.py: PageLookup, PAGE_CACHE_REBUILD_SECONDS)."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.handlers.exception import convert_exception_to_response
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core import page_cache

ASKED_MEANWHILE = 16


class Page:
    """A view that counts how often it is made; while it is made for the `busy`-th time,
    `meanwhile()` runs (the other requests for the same page)."""

    def __init__(self, text, busy=None, meanwhile=None):
        self.text, self.busy, self.meanwhile = text, busy, meanwhile
        self.made = 0

    def __call__(self, request):
        self.made += 1
        if self.made == self.busy:
            self.meanwhile()
        return HttpResponse(self.text)


@pytest.fixture
def served(rf, monkeypatch):
    """The two cache middlewares around a view, put together as Django's handler does
    (an exception becomes the 500 page on its way out); no publication schedule
    (tests/core/test_publish_window_cache.py has it)."""
    monkeypatch.setattr(page_cache, "next_scheduled_change", lambda *args: None)

    def serve(view):
        fetch = page_cache.FetchFromCacheMiddleware(convert_exception_to_response(view))
        pages = page_cache.UpdateCacheMiddleware(convert_exception_to_response(fetch))
        return pages(rf.get("/")).content.decode()

    return serve


def at_once(ask, times=ASKED_MEANWHILE):
    """What `ask()` answers, asked `times` times at once, each from its own thread."""
    with ThreadPoolExecutor(max_workers=times) as pool:
        return list(pool.map(lambda _: ask(), range(times)))


def test_after_a_change_the_page_is_made_once_and_the_others_get_the_previous_copy(served):
    answers = []
    page = Page("Erste Fassung")
    assert served(page) == "Erste Fassung"
    page_cache.content_changed()
    page.text, page.busy = "Zweite Fassung", 2
    page.meanwhile = lambda: answers.extend(at_once(lambda: served(page)))
    assert served(page) == "Zweite Fassung"
    assert page.made == 2  # once before the change, once after it
    assert answers == ["Erste Fassung"] * ASKED_MEANWHILE
    assert served(page) == "Zweite Fassung"  # kept, and the lock released
    assert page.made == 2


def test_the_next_request_after_a_change_gets_the_new_page(served):
    page = Page("Erste Fassung")
    served(page)
    for version in ["Zweite", "Dritte", "Vierte"]:
        page_cache.content_changed()
        page.text = f"{version} Fassung"
        assert served(page) == f"{version} Fassung"
        assert served(page) == f"{version} Fassung"
    assert page.made == 4


def test_without_a_previous_copy_each_request_makes_the_page(served):
    """Nothing to serve meanwhile: waiting for another worker's page would hold this
    worker as long as making it (here the four requests are all making it at once)."""
    together = threading.Barrier(4, timeout=10)

    def page(request):
        together.wait()
        return HttpResponse("Erste Fassung")

    assert at_once(lambda: served(page), times=4) == ["Erste Fassung"] * 4


def test_a_page_that_can_no_longer_be_kept_drops_the_previous_copy(served):
    """A page now gone (404) is not kept, and the previous copy goes with it: once the
    request that found it outdated has answered, nobody gets that copy any more."""
    page = Page("Erste Fassung")
    served(page)
    page_cache.content_changed()
    while_gone, afterwards = [], []

    def gone(request):
        while_gone.extend(at_once(lambda: served(page), times=4))
        return HttpResponse("Nicht gefunden", status=404)

    assert served(gone) == "Nicht gefunden"
    assert while_gone == ["Erste Fassung"] * 4
    page.text, page.busy = "Zweite Fassung", 2
    page.meanwhile = lambda: afterwards.extend(at_once(lambda: served(page), times=4))
    assert served(page) == "Zweite Fassung"
    assert afterwards == ["Zweite Fassung"] * 4  # made by each: there is no copy to serve


@pytest.mark.django_db  # the 500 page names the office
def test_an_error_while_making_the_page_drops_the_previous_copy(served, network):
    page = Page("Erste Fassung")
    served(page)
    page_cache.content_changed()
    while_failing, afterwards = [], []

    def failing(request):
        while_failing.extend(at_once(lambda: served(page), times=4))
        raise RuntimeError("Die Seite ließ sich nicht erstellen.")

    assert "Erste Fassung" not in served(failing)  # the 500 page
    assert while_failing == ["Erste Fassung"] * 4
    page.text, page.busy = "Zweite Fassung", 2
    page.meanwhile = lambda: afterwards.extend(at_once(lambda: served(page), times=4))
    assert served(page) == "Zweite Fassung"
    assert afterwards == ["Zweite Fassung"] * 4


def test_a_worker_that_dies_while_making_the_page_holds_the_others_only_briefly(
    served, rf, settings
):
    """The lock ends after PAGE_CACHE_REBUILD_SECONDS on its own."""
    settings.PAGE_CACHE_REBUILD_SECONDS = 1
    page = Page("Erste Fassung")
    served(page)
    page_cache.content_changed()
    page.text = "Zweite Fassung"
    # A request that finds the page outdated, takes the lock and makes the page, and
    # then never gets to keep it (its worker is killed).
    page_cache.FetchFromCacheMiddleware(page)(rf.get("/"))
    assert page.made == 2
    assert served(page) == "Erste Fassung"  # the lock holds: the previous copy
    time.sleep(1.5)
    assert served(page) == "Zweite Fassung"
    assert page.made == 3


@pytest.mark.django_db
def test_visitors_asking_for_the_home_page_during_its_making_get_the_previous_copy(
    client, network, monkeypatch
):
    """The whole site's middleware, a real page, a real change."""
    from newtrade.views import NetworkView

    old_name = network.partner.name
    make = NetworkView.get
    made, meanwhile = [], []

    def counted_get(view, request, *args, **kwargs):
        made.append(request.path)
        if len(made) == 2:
            meanwhile.extend(at_once(lambda: Client().get("/").content.decode()))
        return make(view, request, *args, **kwargs)

    monkeypatch.setattr(NetworkView, "get", counted_get)
    assert old_name in client.get("/").content.decode()
    network.partner.name = "Testportal Siegel erneuert"
    network.partner.save()
    assert "Testportal Siegel erneuert" in client.get("/").content.decode()
    assert len(made) == 2
    assert len(meanwhile) == ASKED_MEANWHILE
    for html in meanwhile:
        assert old_name in html and "Testportal Siegel erneuert" not in html
    with CaptureQueriesContext(connection) as queries:
        assert "Testportal Siegel erneuert" in client.get("/").content.decode()
    assert len(queries) == 0
