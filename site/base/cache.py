"""A Redis cache that degrades instead of failing (production's caches, see
``corpsite.settings.base.shared_caches``).

When Redis cannot be reached, each operation falls back to a memory cache of the
process (what the cache holds is rebuilt from the database: the frame, the cookie
groups, image renditions), a warning is logged once per outage, and Redis is not
tried again for ``RETRY_SECONDS``, so that an outage costs a page one failed
connection at most every few seconds, never a 500. ``check()`` reaches Redis itself,
for the health endpoint. Rate limits never count in this fallback memory: they fall
back to the database (``corpsite.base.ratelimits``).
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
# A Redis that accepts connections and never answers must not hang a page either.
DEFAULT_SOCKET_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


class FallbackRedisCache(RedisCache):
    """Django's Redis cache; on a Redis error, this process's memory instead."""

    def __init__(self, server, params):
        params = dict(params)
        params["OPTIONS"] = {**DEFAULT_SOCKET_TIMEOUTS, **params.get("OPTIONS", {})}
        super().__init__(server, params)
        self._fallback = LocMemCache(
            f"fallback-{server}-{params.get('KEY_PREFIX', '')}",
            {k: v for k, v in params.items() if k != "OPTIONS"},
        )
        self._down_until = 0.0

    def _redis_errors(self) -> tuple[type[BaseException], ...]:
        from redis.exceptions import RedisError

        return (RedisError, OSError)

    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _mark_down(self, error: BaseException) -> None:
        if not self.is_down():
            logger.warning(
                "The cache (Redis) is unreachable (%s): using this process's memory.",
                type(error).__name__,
            )
        self._down_until = time.monotonic() + RETRY_SECONDS

    def check(self) -> None:
        """Reach Redis (a PING); raises its error when it cannot."""
        self._cache.get_client(write=True).ping()
        self._down_until = 0.0

    def _call(self, name: str, *args, **kwargs):
        if not self.is_down():
            try:
                return getattr(super(), name)(*args, **kwargs)
            except self._redis_errors() as error:
                self._mark_down(error)
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")
