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
"""

import math
import threading
import uuid
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.middleware import cache as django_cache
from django.utils import timezone
from django.utils.cache import get_max_age, patch_cache_control

from core.views import PREVIEW_PARAMETER

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


class FetchFromCacheMiddleware(django_cache.FetchFromCacheMiddleware):
    """Serves a kept page only if it was made from the current content."""

    def process_request(self, request):
        if PREVIEW_PARAMETER in request.GET:
            request._cache_update_cache = False  # a preview: made anew, never kept
            return None
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


class UpdateCacheMiddleware(django_cache.UpdateCacheMiddleware):
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
