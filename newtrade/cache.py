"""Django's Redis cache, failing open: an unreachable Redis never takes the site down."""

import functools
import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def fail_open(fallback):
    """On a Redis error, log it and answer as if the cache were empty."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                logger.warning("Cache unavailable, serving without it: %s", error)
                return fallback(*args, **kwargs) if callable(fallback) else fallback

        return wrapper

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


def _increment_without_cache(key, delta=1, *args, **kwargs):
    # As if the key had just been created: a rate limit lets the request through.
    return delta


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis object for every call; one per
    connection pool is enough and saves a good part of each cache lookup."""

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_reused_clients", {})
        if index not in clients:
            clients[index] = super().get_client(key, write=write)
        return clients[index]


class FailOpenRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    get = fail_open(_default)(RedisCache.get)
    get_many = fail_open({})(RedisCache.get_many)
    set = fail_open(None)(RedisCache.set)
    set_many = fail_open([])(RedisCache.set_many)
    add = fail_open(False)(RedisCache.add)
    touch = fail_open(False)(RedisCache.touch)
    delete = fail_open(False)(RedisCache.delete)
    delete_many = fail_open(None)(RedisCache.delete_many)
    has_key = fail_open(False)(RedisCache.has_key)
    incr = fail_open(_increment_without_cache)(RedisCache.incr)
    clear = fail_open(False)(RedisCache.clear)
