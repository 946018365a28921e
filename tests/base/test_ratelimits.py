"""Rate-limit counters: atomic across workers on the database (SQLite, PostgreSQL)
and on Redis, windows that end, and a Redis outage that does not stop the forms."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connections
from django.test import RequestFactory

from corpsite.base import ratelimits
from corpsite.base.models import RateLimitCounter
from corpsite.base.ratelimits import counter_hit, rate_limit_counter_key, rate_limit_exceeded

LIMIT = 10
THREADS = 40
REDIS_URL = "redis://127.0.0.1:6379/14"
DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "test_rate_limit_cache",
    }
}
REDIS_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "test-ratelimits",
    }
}


def redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=0.5).ping())
    except Exception:  # noqa: BLE001 - any failure means: skip the Redis variant
        return False


def visitor():
    """A request from an address of its own (each test, each xdist worker)."""
    number = uuid.uuid4().int
    address = f"10.{number % 250}.{number // 250 % 250}.{number // 62500 % 250 + 1}"
    return RequestFactory().post("/", REMOTE_ADDR=address)


def in_parallel(function, count: int = THREADS) -> list:
    """Call function from `count` threads released at the same moment, each with its
    own database connection (as worker processes have)."""
    barrier = threading.Barrier(count)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(function())
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.fixture
def committed_database():
    """What one thread writes, the others see, as between gunicorn workers. What the
    test counted is removed after it."""
    yield
    RateLimitCounter.objects.all().delete()


# No test transaction (transaction=True), and no flush after the test either
# (available_apps=[]: Django's flush would empty the seeded demo content).
@pytest.mark.django_db(transaction=True, available_apps=[])
@pytest.mark.parametrize("cache_setting", ["database", "redis"])
def test_parallel_posts_let_exactly_the_limit_through(committed_database, settings, cache_setting):
    if cache_setting == "redis":
        if not redis_reachable():
            pytest.skip(f"Redis is not reachable at {REDIS_URL}")
        settings.CACHES = REDIS_CACHE
    else:
        # Production without REDIS_URL: Django's database cache.
        settings.CACHES = DATABASE_CACHE
        call_command("createcachetable", verbosity=0)
    settings.FORMS_RATE_LIMIT = f"{LIMIT}/600"
    request = visitor()

    outcomes = in_parallel(lambda: rate_limit_exceeded(request, scope="forms"))

    assert len(outcomes) == THREADS
    assert outcomes.count(False) == LIMIT
    if cache_setting == "redis":
        backend = caches["default"]
        key = backend.make_and_validate_key(rate_limit_counter_key(request, scope="forms"))
        client = backend._cache.get_client(key)
        assert int(client.get(key)) == THREADS
        assert 0 < client.ttl(key) <= 600
        client.delete(key)
    else:
        counter = RateLimitCounter.objects.get()
        assert counter.hits == THREADS
        caches["default"].clear()


@pytest.mark.django_db
def test_a_window_ends_and_starts_again(monkeypatch, settings):
    settings.FORMS_RATE_LIMIT = "2/600"
    now = 1_800_000_000
    monkeypatch.setattr(ratelimits.time, "time", lambda: now)
    request = visitor()
    assert [rate_limit_exceeded(request, scope="forms") for _ in range(3)] == [
        False,
        False,
        True,
    ]
    now += 599
    assert rate_limit_exceeded(request, scope="forms") is True
    now += 1
    assert [rate_limit_exceeded(request, scope="forms") for _ in range(3)] == [
        False,
        False,
        True,
    ]
    assert RateLimitCounter.objects.get().expires == now + 600


@pytest.mark.django_db
def test_each_scope_counts_apart_with_its_own_setting(settings):
    settings.FORMS_RATE_LIMIT = "1/600"
    settings.NEWSLETTER_RATE_LIMIT = "2/600"
    settings.COOKIE_CHOICES_RATE_LIMIT = "0/600"  # off
    request = visitor()
    assert [rate_limit_exceeded(request, scope="forms") for _ in range(2)] == [False, True]
    assert [rate_limit_exceeded(request, scope="newsletter") for _ in range(3)] == [
        False,
        False,
        True,
    ]
    assert not any(rate_limit_exceeded(request, scope="cookie_choices") for _ in range(5))


@pytest.mark.django_db
def test_ended_windows_are_deleted_and_no_address_is_stored(monkeypatch):
    now = 1_800_000_000
    monkeypatch.setattr(ratelimits.time, "time", lambda: now)
    RateLimitCounter.objects.create(key="ratelimit:old", hits=3, expires=now - 1)
    RateLimitCounter.objects.create(key="ratelimit:current", hits=3, expires=now + 10)
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.44")
    assert counter_hit(key=rate_limit_counter_key(request, scope="forms"), seconds=60) == 1
    keys = set(RateLimitCounter.objects.values_list("key", flat=True))
    assert "ratelimit:old" not in keys and "ratelimit:current" in keys
    assert len(keys) == 2
    assert not any("192.0.2" in key for key in keys)


@pytest.mark.django_db
def test_a_redis_counter_left_without_expiry_gets_one(settings):
    # Django's cache.incr checks that the key exists, then INCRs: a key expiring in
    # between is created again by INCR with no expiry, and the address stays limited
    # for ever. The counter sets the expiry whenever it is missing.
    if not redis_reachable():
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    settings.CACHES = REDIS_CACHE
    settings.FORMS_RATE_LIMIT = f"{LIMIT}/600"
    request = visitor()
    backend = caches["default"]
    key = backend.make_and_validate_key(rate_limit_counter_key(request, scope="forms"))
    client = backend._cache.get_client(key, write=True)
    client.set(key, 50)  # what an INCR after expiry leaves: no TTL
    try:
        assert rate_limit_exceeded(request, scope="forms") is True
        assert 0 < client.ttl(key) <= 600
    finally:
        client.delete(key)


@pytest.mark.django_db
def test_rate_limits_count_on_the_database_when_redis_is_down(settings, caplog):
    """Posts are still accepted up to the limit, and refused past it: the counter
    falls back to the database's table."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    settings.FORMS_RATE_LIMIT = "1/600"
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.45")
    assert [rate_limit_exceeded(request, scope="forms") for _ in range(3)] == [False, True, True]
    assert RateLimitCounter.objects.get().hits == 3
    assert "Rate limit counted on the database" in caplog.text
    assert "192.0.2" not in caplog.text
