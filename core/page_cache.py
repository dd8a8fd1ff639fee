"""Whole public pages in the cache, replaced as soon as staff change any content.

Django's cache middleware keeps each GET response; here each kept page is
marked with the content version it was made from, and every save or
deletion of public content (the models in settings.PAGE_CACHE_MODELS)
changes that version, so that all kept pages count as missing at once, on
every app server that shares the cache. Entries with "Veröffentlichen ab/bis"
(the models in settings.PAGE_CACHE_SCHEDULED_MODELS) appear and disappear
without a save: a page is kept only until the next such moment
(`next_scheduled_change`), so that it never outlives what it shows. Pages for
visitors with a session (staff) are kept apart by Django's `Vary: Cookie` handling; admin pages are
never cached, and neither is a page asked for with ?vorschau= (the preview of a
change waiting for release, core.views.PreviewMixin), whoever asks for it.

Django keys a kept page by its whole address, so every query string would be a page
of its own (`/?n=1`, `/?utm_source=x`). Here a page gets only the parameters it reads
(QUERY_PARAMETERS, by URL name), normalised: the others are dropped from the request
before the cache and the view see it, so that `/?n=1` is `/`, served from the cache and
showing no trace of `n` (canonical link, language switch). A search (`?q=`) is kept
apart, in a small store in each process's memory (`searches`): any text is a new
search, and a flood of them in the shared cache would push pages out (Redis evicts from
all keys alike, the file cache culls at MAX_ENTRIES). Kept searches carry their content
version like every page, so a change reaches them on every app server at once too.
"""

import functools
import logging
import math
import threading
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import QueryDict
from django.middleware import cache as django_cache
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import get_max_age, patch_cache_control
from django.utils.translation import get_language

from core.views import PREVIEW_PARAMETER

logger = logging.getLogger(__name__)

VERSION_KEY = "content-version"
SCHEDULE_KEY = "publication-schedule"
NOTHING_SCHEDULED = "nothing"


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY) or uuid.uuid4().hex  # a new one if the cache is down
    return version


def next_scheduled_change(version=None, now=None):
    """The next moment after `now` at which a scheduled entry appears or disappears, or
    None. Each model of settings.PAGE_CACHE_SCHEDULED_MODELS answers through its
    manager's `next_publication_change(now)` (an indexed lookup); the answer is kept in
    the cache for the content version it was found for, until that moment has passed."""
    now = now or timezone.now()
    key = f"{SCHEDULE_KEY}:{version or content_version()}"
    kept = cache.get(key)
    if kept == NOTHING_SCHEDULED:
        return None
    if kept is not None and kept > now:
        return kept
    moments = [
        apps.get_model(label)._default_manager.next_publication_change(now)
        for label in sorted(settings.PAGE_CACHE_SCHEDULED_MODELS)
    ]
    moment = min((moment for moment in moments if moment), default=None)
    cache.set(key, moment or NOTHING_SCHEDULED, timeout=settings.CACHE_MIDDLEWARE_SECONDS)
    return moment


_batch = threading.local()


@contextmanager
def one_change_for_all():
    """Within this block, the saves of many entries (an import) make the kept pages
    outdated once, at its end, rather than once per save."""
    if getattr(_batch, "active", False):
        yield
        return
    _batch.active, _batch.changed = True, False
    try:
        yield
    finally:
        _batch.active = False
        if _batch.changed:
            content_changed()


def content_changed(**kwargs):
    if getattr(_batch, "active", False):
        _batch.changed = True
        return
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _public_content_changed(sender, **kwargs):
    instance = kwargs.get("instance")
    model = type(instance) if instance is not None and kwargs.get("action") else sender
    if model._meta.label_lower in settings.PAGE_CACHE_MODELS:
        content_changed()


def connect_signals():
    post_save.connect(_public_content_changed, dispatch_uid="page-cache-save")
    post_delete.connect(_public_content_changed, dispatch_uid="page-cache-delete")
    m2m_changed.connect(_public_content_changed, dispatch_uid="page-cache-m2m")
    post_migrate.connect(content_changed, dispatch_uid="page-cache-migrate")


# --- The page's own query ---------------------------------------------------------

# The query parameters each public page reads, by URL name (settings may replace this
# with PAGE_CACHE_QUERY_PARAMETERS). A page not named here reads none; ?vorschau= is
# never dropped (it bypasses the cache). A page that reads a parameter not listed for it
# never gets it, and that is logged (PageQuery): add it here.
QUERY_PARAMETERS = {
    "search": ("q", "page"),
    "partners:list": ("q", "gruppe", "tag", "page"),
    "stakeholders:detail": ("page",),
    "stakeholders:propose": ("art", "gruppe"),
    "pages:barriere-melden": ("seite",),
    "sitemap-section": ("p",),  # Django's sitemap view; the index (sitemap.xml) reads none
}
# Page numbers are written one way: `?page=02` and `?page=+2` are `?page=2`, page 1 has none.
PAGE_NUMBER_PARAMETERS = {"page", "p"}
# A page asked for with a search is kept in `searches` only (see the module's docstring):
# at most SEARCHES_KEPT per process (each takes two entries, the page and its Vary list).
SEARCH_PARAMETER = "q"
SEARCHES_KEPT = 100
searches = LocMemCache("page-cache-searches", {"OPTIONS": {"MAX_ENTRIES": 2 * SEARCHES_KEPT}})
_store = ContextVar("page_cache_store", default=None)

_reported = set()


def query_parameters():
    return getattr(settings, "PAGE_CACHE_QUERY_PARAMETERS", QUERY_PARAMETERS)


@functools.lru_cache(maxsize=1024)
def _view_name(urlconf, language, path):
    """The URL name of `path`, or None for no page of the site (`language` is part of
    the key: i18n_patterns resolve differently per active language)."""
    try:
        return resolve(path, urlconf).view_name
    except Resolver404:
        return None


def own_query(query, names):
    """The parameters `names` of `query` (a QueryDict) as the page reads them: each with
    its last value (what `QueryDict.get` gives), stripped, blank ones and page 1 left out,
    sorted by name."""
    kept = {}
    for name in sorted(names):
        values = query.getlist(name)
        value = values[-1].strip() if values else ""
        if name in PAGE_NUMBER_PARAMETERS:
            value = _page_number(value)
        if value:
            kept[name] = value
    return kept


def _page_number(value):
    try:
        number = int(value)
    except ValueError:
        return value  # "last", or what the page answers with 404
    return "" if number == 1 else str(number)


class PageQuery(QueryDict):
    """A page's own query, in place of request.GET. Asking it for a parameter that the
    request had but QUERY_PARAMETERS does not list for the page means the list misses
    one: logged once per page and name (the page does not get it)."""

    view_name = ""
    dropped = frozenset()

    def _asked(self, key):
        if key in self.dropped and (self.view_name, key) not in _reported:
            _reported.add((self.view_name, key))
            logger.warning(
                "The page %s reads ?%s=, which the page cache drops: add it to "
                "QUERY_PARAMETERS in core/page_cache.py.",
                self.view_name,
                key,
            )

    def __getitem__(self, key):
        self._asked(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._asked(key)
        return super().__contains__(key)

    def getlist(self, key, default=None):
        self._asked(key)
        return super().getlist(key, default)


def keep_own_query(request):
    """Leave only the page's own parameters in the request (its GET and QUERY_STRING,
    which Django's cache key and get_full_path() are made from) and return them. The
    back office, addresses of no page and forms sent keep their query as it came (None)."""
    if not request.META.get("QUERY_STRING") or request.method not in ("GET", "HEAD"):
        return None  # nothing to drop; a form sent is never served from the cache
    if request.path_info.startswith(f"/{settings.ADMIN_PATH}"):
        return None
    urlconf = getattr(request, "urlconf", None) or get_urlconf() or settings.ROOT_URLCONF
    view_name = _view_name(urlconf, get_language(), request.path_info)
    if view_name is None:
        return None  # answered with 404 or a redirect (a missing slash): keeps the query
    names = {*query_parameters().get(view_name, ()), PREVIEW_PARAMETER}
    kept = own_query(request.GET, names)
    query_string = urlencode(kept)
    if query_string != request.META.get("QUERY_STRING", ""):
        # A copy: the server's own environ (its access log) keeps the address as it came.
        request.META = {**request.META, "QUERY_STRING": query_string}
        if hasattr(request, "environ"):
            request.environ = request.META  # WSGIRequest reads GET from it if asked again
        own = PageQuery(query_string, encoding=request.encoding)
        own.view_name = view_name
        own.dropped = frozenset(request.GET) - names
        request.GET = own
    return kept


class PageStore:
    """The cache the two middlewares find and keep this request's page in: the shared
    one, or `searches` for a search (set per request by FetchFromCacheMiddleware)."""

    @property
    def cache(self):
        store = _store.get()
        return caches[self.cache_alias] if store is None else store


class FetchFromCacheMiddleware(PageStore, django_cache.FetchFromCacheMiddleware):
    """Serves a kept page only if it was made from the current content; a page is found
    by its address with its own parameters only (keep_own_query)."""

    def process_request(self, request):
        _store.set(None)
        if PREVIEW_PARAMETER in request.GET:
            request._cache_update_cache = False  # a preview: made anew, never kept
            return None
        if SEARCH_PARAMETER in (keep_own_query(request) or ()):
            _store.set(searches)
        request.content_version = content_version()
        started = timezone.now()
        response = super().process_request(request)
        if response is not None:
            made_from = getattr(response, "content_version", None)
            fresh_until = getattr(response, "fresh_until", None)
            if made_from == request.content_version and (
                fresh_until is None or started < fresh_until
            ):
                return response
            request._cache_update_cache = True  # outdated: make the page anew and keep that
            response = None
        # What a page made now shows holds until the next scheduled change after this
        # moment (looked up when the page is kept).
        request.page_started = started
        return response


class UpdateCacheMiddleware(PageStore, django_cache.UpdateCacheMiddleware):
    """Keeps a page with the content version it was made from."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # The server keeps the page; browsers ask again each time (and get a 304
        # while nothing changed), so a change reaches visitors at once. A file whose
        # name changes with its content (a logo's copy) says "immutable" and keeps that.
        cache_control = response.get("Cache-Control", "")
        if not any(word in cache_control for word in ("private", "no-store", "immutable")):
            response.headers["Cache-Control"] = "no-cache"
            response.headers.pop("Expires", None)
        return response

    def _should_update_cache(self, request, response):
        if not super()._should_update_cache(request, response):
            return False  # served from the cache, or not to be cached at all
        started_with = getattr(request, "content_version", None)
        if started_with is None or started_with != content_version():
            return False  # content changed while this page was made: don't keep it
        if response.streaming or response.status_code != 200:
            return False  # Django keeps neither; no need to look up the schedule
        try:
            fresh_until = next_scheduled_change(started_with, request.page_started)
        except DatabaseError:
            return False  # served as it is, not kept
        if fresh_until is not None and not self._keep_until(response, fresh_until):
            return False  # a scheduled change came while this page was made
        response.content_version = started_with
        response.fresh_until = fresh_until
        return True

    def _keep_until(self, response, fresh_until):
        """Shorten the page's lifetime in the cache (Django takes it from max-age) so that
        it ends at `fresh_until`; False if that has already passed."""
        remaining = math.ceil((fresh_until - timezone.now()).total_seconds())
        if remaining <= 0:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in ("private", "no-cache", "no-store")):
            return True  # not kept at all; its headers stay as they are
        max_age = get_max_age(response)
        if remaining < (self.cache_timeout if max_age is None else max_age):
            patch_cache_control(response, max_age=remaining)
            response.headers.pop("Expires", None)  # set anew from max-age
        return True
