"""Whole public pages in the cache, replaced as soon as staff change any content.

Django's cache middleware keeps each GET response; here each kept page is
marked with the content version it was made from, and every save or
deletion of public content (the models in settings.PAGE_CACHE_MODELS)
changes that version, so that all kept pages count as missing at once, on
every app server that shares the cache. Pages for visitors with a session
(staff) are kept apart by Django's `Vary: Cookie` handling; admin pages are
never cached.
"""

import uuid

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.middleware import cache as django_cache

VERSION_KEY = "content-version"


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY) or uuid.uuid4().hex  # a new one if the cache is down
    return version


def content_changed(**kwargs):
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
        request.content_version = content_version()
        response = super().process_request(request)
        made_from = getattr(response, "content_version", None)
        if response is not None and made_from != request.content_version:
            request._cache_update_cache = True  # outdated: make the page anew and keep that
            return None
        return response


class UpdateCacheMiddleware(django_cache.UpdateCacheMiddleware):
    """Keeps a page with the content version it was made from."""

    def process_response(self, request, response):
        response = super().process_response(request, response)
        # The server keeps the page; browsers ask again each time (and get a 304
        # while nothing changed), so a change reaches visitors at once.
        cache_control = response.get("Cache-Control", "")
        if "private" not in cache_control and "no-store" not in cache_control:
            response.headers["Cache-Control"] = "no-cache"
            response.headers.pop("Expires", None)
        return response

    def _should_update_cache(self, request, response):
        if not super()._should_update_cache(request, response):
            return False  # served from the cache, or not to be cached at all
        started_with = getattr(request, "content_version", None)
        if started_with is None or started_with != content_version():
            return False  # content changed while this page was made: don't keep it
        response.content_version = started_with
        return True
