"""Rate limits per visitor address and scope (forms, newsletter, cookie choices, data
requests):
counters that are atomic whatever the number of workers, on Redis when it is the
cache, else on a table of the database. An IPv6 host is counted by its /64."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connections, router, transaction
from django.utils.crypto import salted_hmac

from .client import client_ip, rate_limit_key
from .models import RateLimitCounter

logger = logging.getLogger(__name__)


# The limit of each scope: the setting "<SCOPE>_RATE_LIMIT", "posts/seconds", and its
# default when the setting is absent. "0/..." turns a scope's limit off.
RATE_LIMIT_DEFAULTS = {
    "forms": "10/600",
    "newsletter": "10/600",
    "cookie_choices": "60/600",
    "data_request": "5/600",
}


def rate_limit_setting(scope: str) -> str:
    return f"{scope.upper()}_RATE_LIMIT"


def rate_limit(scope: str) -> tuple[int, int]:
    """(posts, seconds) allowed per address for a scope, from its setting."""
    name = rate_limit_setting(scope)
    value = str(getattr(settings, name, RATE_LIMIT_DEFAULTS.get(scope, "10/600")))
    count, _slash, seconds = value.partition("/")
    try:
        return int(count), int(seconds or 600)
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} must read posts/seconds, such as 10/600; it reads {value!r}."
        ) from None


def rate_limit_exceeded(request, *, scope: str) -> bool:
    """Count this request against the visitor's address and say whether it is over
    the limit of its scope. The count is atomic whatever the number of workers
    (see counter_hit)."""
    count, seconds = rate_limit(scope)
    if count <= 0:
        return False
    return counter_hit(key=rate_limit_counter_key(request, scope=scope), seconds=seconds) > count


def rate_limit_counter_key(request, *, scope: str) -> str:
    """The counter of a scope for the visitor's address: a keyed hash, no address."""
    who = rate_limit_key(client_ip(request))
    digest = salted_hmac("corpsite.ratelimit", f"{scope}:{who}", algorithm="sha256")
    return f"ratelimit:{digest.hexdigest()[:40]}"


def counter_hit(*, key: str, seconds: int) -> int:
    """Count one hit of `key` in its window of `seconds` and return the hits so far,
    this one included. Atomic for any number of processes and threads: one Lua
    script (INCR, then EXPIRE on the first hit) when the cache is Redis, else one
    INSERT ... ON CONFLICT DO UPDATE ... RETURNING statement on a counter table
    (SQLite and PostgreSQL). Django's cache.incr cannot be used: the database
    cache reads then writes, and Redis's checks the key exists before INCR, which
    makes a counter without expiry when the key expires in between.

    When Redis is unreachable, the hit is counted on the database's table instead:
    posts keep being accepted, and limited. When neither can count, the error
    propagates and the post is refused (a 500 page): posting fails closed; reading
    pages never counts anything."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        hits = _redis_hit(backend, key=key, seconds=seconds)
        if hits is not None:
            return hits
    return _database_hit(key=key, seconds=seconds)


_REDIS_HIT = """
local hits = redis.call('INCR', KEYS[1])
if hits == 1 or redis.call('TTL', KEYS[1]) < 0 then
    redis.call('EXPIRE', KEYS[1], ARGV[1])
end
return hits
"""


def _redis_hit(backend, *, key: str, seconds: int) -> int | None:
    """The hits so far on Redis, or None when Redis is unreachable (or known to be
    down: ``corpsite.base.cache.FallbackRedisCache``)."""
    from redis.exceptions import RedisError

    if getattr(backend, "is_down", lambda: False)():
        return None
    full_key = backend.make_and_validate_key(key)
    try:
        client = backend._cache.get_client(full_key, write=True)
        return int(client.eval(_REDIS_HIT, 1, full_key, seconds))
    except (RedisError, OSError):
        logger.warning("Rate limit counted on the database: the cache (Redis) is unreachable.")
        return None


def _database_hit(*, key: str, seconds: int) -> int:
    now = int(time.time())
    alias = router.db_for_write(RateLimitCounter)
    connection = connections[alias]
    quote = connection.ops.quote_name
    table = quote(RateLimitCounter._meta.db_table)
    key_column, hits, expires = (quote(name) for name in ("key", "hits", "expires"))
    # Only quoted identifiers are formatted in; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({key_column}, {hits}, {expires}) VALUES (%s, 1, %s) "  # noqa: S608
        f"ON CONFLICT ({key_column}) DO UPDATE SET "
        f"{hits} = CASE WHEN {table}.{expires} <= %s THEN 1 ELSE {table}.{hits} + 1 END, "
        f"{expires} = CASE WHEN {table}.{expires} <= %s "
        f"THEN excluded.{expires} ELSE {table}.{expires} END "
        f"RETURNING {hits}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, now + seconds, now, now])
        (used,) = cursor.fetchone()
    if used == 1:
        # A new window: forget the windows that have ended, everybody's.
        try:
            with transaction.atomic(using=alias):
                RateLimitCounter.objects.using(alias).filter(expires__lte=now).delete()
        except DatabaseError:  # another worker is deleting them: it will do
            pass
    return used
