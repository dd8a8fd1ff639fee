"""A small per-address rate limit for public forms, kept in the cache."""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

from core.security import client_address


def is_limited(request, scope, limit, window):
    """Count this request; True once the address sent more than `limit` within `window` s.

    Only a keyed hash of the address is kept, and only for `window` seconds.
    """
    digest = hmac.new(
        settings.SECRET_KEY.encode(), client_address(request).encode(), hashlib.sha256
    ).hexdigest()
    key = f"ratelimit:{scope}:{digest}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        count = 1
    # None: the cache is unreachable, and a visitor is never refused for our outage.
    return count is not None and count > limit
