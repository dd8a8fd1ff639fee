"""Whole public pages in the cache, replaced as soon as staff change any content.

Each public page is kept whole (compressed, as sent) with the content version it was
made from. Every save or deletion of public content (the models in
settings.PAGE_CACHE_MODELS) changes that version, so that all kept pages are outdated
at once, on every app server that shares the cache, and once more when the save's
transaction commits (a page made in between may show the content before the save).
Entries with "Veröffentlichen ab/bis" (the models in settings.PAGE_CACHE_SCHEDULED_MODELS)
appear and disappear without a save: a page is fresh only until the next such moment
(`next_scheduled_change`), so that it never outlives what it shows. The back office is
never looked up or kept, and neither is a page asked for with ?vorschau= (the preview
of a change waiting for release, core.views.PreviewMixin), whoever asks for it.
Browsers are told to ask again each time (`Cache-Control: no-cache`) and get a 304
from ConditionalGetMiddleware while nothing changed.

One round trip. A kept page is found with one `get_many` (in Redis one MGET) that
fetches the content version along with it. Django's cache middleware needs a lookup
before that: its key holds the request's values of the headers the response varies
on, a list it learns per address and keeps in the cache. Here the key holds the
values of a fixed set of headers (`page_key`): those every page varies on
(PAGE_HEADERS: Accept-Encoding, for GZipMiddleware, and Accept-Language, which
LocaleMiddleware names), and for a page kept per visitor also VISITOR_HEADERS (Cookie,
Authorization). A request with a cookie asks for both keys in the same MGET, the
shared one and its own: a page that reads no session (most pages) is one entry for
everyone, while a page with `Vary: Cookie` (SessionMiddleware sets it when a page reads
the session, as a partner's page does to show staff its drafts, CsrfViewMiddleware
for a form) is kept for that cookie, so that staff never get a visitor's page and
vice versa. A kept page also holds the headers its response varies on and a digest of
the request's values of them, and is served only to a request with the same values
(`KeptPage.fits`), as Django's would be.

No stampede. An outdated page stays in the cache as the previous copy. The first
request to find it outdated (after a change, or once its time is up) takes a short
lock (`cache.add` with PAGE_CACHE_REBUILD_SECONDS) and makes the page anew; requests
for the same page meanwhile, on any app server, get the previous copy. The request
holding the lock keeps the new page and releases the lock; if it has no page to keep
(an error, a page now gone), it drops the previous copy with the lock, so that nobody
is served a page that no longer holds; if its worker dies, the lock ends by itself.
The next request after a change always gets the changed page. A page with no previous
copy (never asked for, or pushed out) is made by each request that finds none until
one has kept it: waiting for another worker's copy would hold this worker as long.

Query strings. Django keys a kept page by its whole address, so every query string
would be a page of its own (`/?n=1`, `/?utm_source=x`). Here a page gets only the
parameters it reads (QUERY_PARAMETERS, by URL name), normalised: the others are
dropped from the request before the cache and the view see it, so that `/?n=1` is `/`,
served from the cache and showing no trace of `n` (canonical link, language switch). A
search (`?q=`) is kept apart, in a small store in each process's memory (`searches`):
any text is a new search, and a flood of them in the shared cache would push pages out
(Redis evicts from all keys alike, the file cache culls at MAX_ENTRIES). Kept searches
carry their content version like every page, read from the shared cache, so a change
reaches them on every app server at once too.
"""

import datetime
import functools
import hashlib
import logging
import math
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpResponse, QueryDict
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import (
    cc_delim_re,
    get_max_age,
    has_vary_header,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.deprecation import MiddlewareMixin
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


def content_changed(using=None, **kwargs):
    if getattr(_batch, "active", False):
        _batch.changed = True
        return
    _new_content_version()
    if transaction.get_connection(using).in_atomic_block:
        # A request that saw the new version before the change was committed may have
        # made its page from the content before the change: the version changes again
        # once the change is committed, and that page is outdated too.
        transaction.on_commit(_new_content_version, using=using)


def _new_content_version():
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _public_content_changed(sender, **kwargs):
    instance = kwargs.get("instance")
    model = type(instance) if instance is not None and kwargs.get("action") else sender
    if model._meta.label_lower in settings.PAGE_CACHE_MODELS:
        content_changed(using=kwargs.get("using"))


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
# at most SEARCHES_KEPT per process.
SEARCH_PARAMETER = "q"
SEARCHES_KEPT = 100
searches = LocMemCache("page-cache-searches", {"OPTIONS": {"MAX_ENTRIES": SEARCHES_KEPT}})

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


# --- Kept pages ---------------------------------------------------------------------

# The request headers in a kept page's key (see the module's docstring): those every
# page varies on, and those that tell one visitor from another.
PAGE_HEADERS = ("Accept-Encoding", "Accept-Language")
VISITOR_HEADERS = ("Cookie", "Authorization")


def _digest(request, headers):
    """A digest of the request's values of `headers` (None for a header it lacks)."""
    values = repr([request.headers.get(name) for name in headers])
    return hashlib.md5(values.encode(), usedforsecurity=False).hexdigest()


def page_key(request, method, for_visitor=False):
    """The key of the page `request` asks for: its address (with the page's own query),
    the method, the request's values of PAGE_HEADERS (and of VISITOR_HEADERS for a page
    kept per visitor), the active language and time zone."""
    headers = PAGE_HEADERS + VISITOR_HEADERS if for_visitor else PAGE_HEADERS
    address = request.build_absolute_uri().encode()
    return ".".join(
        (
            settings.CACHE_MIDDLEWARE_KEY_PREFIX,
            method,
            hashlib.md5(address, usedforsecurity=False).hexdigest(),
            _digest(request, headers),
            get_language(),
            timezone.get_current_timezone_name(),
        )
    )


@dataclass(frozen=True)
class KeptPage:
    """A response in the cache, with what tells whether it may be served."""

    response: HttpResponse
    version: str  # the content version it was made from
    expires: datetime.datetime  # fresh until then
    vary: tuple  # the request headers the response varies on
    vary_values: str  # a digest of the values of those headers in the request it was made for

    def fits(self, request):
        return _digest(request, self.vary) == self.vary_values

    def is_fresh(self, version, now):
        return self.version == version and now < self.expires


class PageLookup:
    """The page one request asks for: found in the cache, or made and then kept."""

    def __init__(self, request, store):
        self.request = request
        self.store = store  # the shared cache, or `searches`
        self.started = timezone.now()
        self.version = None
        self.visitor = any(request.headers.get(name) for name in VISITOR_HEADERS)
        self.previous = self.lock = None  # the previous copy this request makes anew

    def find(self):
        """The kept response to serve, or None if this request makes the page."""
        methods = ("GET", "HEAD") if self.request.method == "HEAD" else ("GET",)
        kinds = (False, True) if self.visitor else (False,)
        keys = [page_key(self.request, method, kind) for method in methods for kind in kinds]
        if self.store is searches:  # the version from the shared cache, the page from here
            self.version = cache.get(VERSION_KEY)
            found = searches.get_many(keys)
        else:  # one round trip
            found = cache.get_many([VERSION_KEY, *keys])
            self.version = found.pop(VERSION_KEY, None)
        self.version = self.version or content_version()  # none yet, or the cache is down
        pages = [
            (key, found[key]) for key in keys if key in found and found[key].fits(self.request)
        ]
        for _key, page in pages:
            if page.is_fresh(self.version, self.started):
                return page.response
        if not pages:
            return None
        key, previous = pages[0]
        lock = f"{key}.rebuild"
        if not self.store.add(lock, True, timeout=settings.PAGE_CACHE_REBUILD_SECONDS):
            return previous.response  # another request is making it anew
        self.previous, self.lock = key, lock
        return None

    def keep(self, response):
        """Keep the page made for this request, unless it is not to be kept (then the
        previous copy goes too: it shows what no longer holds) or the content changed
        while it was made (or the cache is down); release the lock."""
        try:
            if not self._may_be_kept(response):
                if self.previous:
                    self.store.delete(self.previous)
            elif cache.get(VERSION_KEY) == self.version:
                self._keep(response)
        finally:
            if self.lock:
                self.store.delete(self.lock)

    def _may_be_kept(self, response):
        """Django's rules (UpdateCacheMiddleware): a whole page, the same for everyone
        whose request has the same values of the headers it varies on."""
        if response.streaming or response.status_code != 200:
            return False
        if response.cookies and has_vary_header(response, "Cookie"):
            return False  # a cookie of its own (CSRF) for a request without one
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in ("private", "no-cache", "no-store")):
            return False
        return get_max_age(response) != 0 and not has_vary_header(response, "*")

    def _keep(self, response):
        """Keep `response` until its max-age (or CACHE_MIDDLEWARE_SECONDS) has passed or
        the next scheduled change after the request started, whichever comes first,
        and then PAGE_CACHE_REBUILD_SECONDS more as the previous copy."""
        cache_control = response.get("Cache-Control", "").lower()
        if self.request.headers.get("Authorization") and "public" not in cache_control:
            patch_vary_headers(response, ("Authorization",))
        max_age = get_max_age(response)
        now = timezone.now()
        expires = now + datetime.timedelta(
            seconds=settings.CACHE_MIDDLEWARE_SECONDS if max_age is None else max_age
        )
        try:
            fresh_until = next_scheduled_change(self.version, self.started)
        except DatabaseError:
            return  # served as it is, not kept
        if fresh_until is not None:
            expires = min(expires, fresh_until)
        if expires <= now:
            return  # a scheduled change came while the page was made
        vary = tuple(name for name in cc_delim_re.split(response.get("Vary", "")) if name)
        page = KeptPage(response, self.version, expires, vary, _digest(self.request, vary))
        for_visitor = self.visitor and any(has_vary_header(response, h) for h in VISITOR_HEADERS)
        set_response_etag(response)  # once, not for each request it is served to
        seconds = math.ceil((expires - now).total_seconds()) + settings.PAGE_CACHE_REBUILD_SECONDS
        self.store.set(page_key(self.request, self.request.method, for_visitor), page, seconds)


class FetchFromCacheMiddleware(MiddlewareMixin):
    """Serves a kept page made from the current content, or the previous copy while
    another request makes it anew; a page is found by its address with its own
    parameters only (keep_own_query)."""

    def process_request(self, request):
        if request.method not in ("GET", "HEAD"):
            return None
        if request.path_info.startswith(f"/{settings.ADMIN_PATH}"):
            return None  # the back office: never kept
        if PREVIEW_PARAMETER in request.GET:
            return None  # a preview: made anew, never kept
        own_query = keep_own_query(request) or {}
        lookup = PageLookup(request, searches if SEARCH_PARAMETER in own_query else cache)
        response = lookup.find()
        if response is None:
            request.page_lookup = lookup  # UpdateCacheMiddleware keeps what is made
        return response


class UpdateCacheMiddleware(MiddlewareMixin):
    """Keeps the page made for a request that found none to serve (PageLookup.keep)."""

    def process_response(self, request, response):
        lookup = getattr(request, "page_lookup", None)
        if lookup is not None:
            lookup.keep(response)
        # The server keeps the page; browsers ask again each time (and get a 304
        # while nothing changed), so a change reaches visitors at once. A file whose
        # name changes with its content (a logo's copy) says "immutable" and keeps that.
        cache_control = response.get("Cache-Control", "")
        if not any(word in cache_control for word in ("private", "no-store", "immutable")):
            response.headers["Cache-Control"] = "no-cache"
            response.headers.pop("Expires", None)
        return response
