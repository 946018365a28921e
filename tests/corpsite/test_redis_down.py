"""Redis unreachable is no outage: public pages render from each process's memory
and the database, forms accept posts, rate limits count on the database."""

from __future__ import annotations

import logging

import pytest

from corpsite.base.models import RateLimitCounter
from corpsite.settings.base import shared_caches
from forms.models import Submission
from tests.conftest import page_by_slug
from tests.forms.conftest import form_page, valid_data

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens there


@pytest.fixture
def redis_down(settings):
    settings.CACHES = shared_caches(CLOSED_PORT)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_public_pages_render_with_redis_down(client, redis_down, language, caplog):
    content = page_by_slug("about-us" if language == "en" else "qui-sommes-nous", language)
    with caplog.at_level(logging.WARNING):
        assert client.get(f"/{language}/").status_code == 200
        assert client.get(content.url).status_code == 200
        assert client.get(form_page("contact", language).url).status_code == 200
        assert client.get(f"/{language}/no-such-page/").status_code == 404
        assert client.get(content.url).status_code == 200  # again: from the fallback
    assert "The cache (Redis) is unreachable" in caplog.text


@pytest.mark.django_db
def test_forms_accept_posts_and_limits_hold_with_redis_down(
    client, redis_down, settings, django_capture_on_commit_callbacks
):
    settings.FORMS_RATE_LIMIT = "1/600"
    page = form_page("contact")
    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(page.url, valid_data(page))
    assert accepted.status_code == 302
    assert Submission.objects.count() == 1
    assert RateLimitCounter.objects.get().hits == 1  # counted on the database

    refused = client.post(page.url, valid_data(page))
    assert refused.status_code == 429
    assert "Too many messages were sent from your network" in refused.content.decode()
    assert Submission.objects.count() == 1


def test_a_redis_outage_is_not_retried_at_every_call(settings):
    from django.core.cache import caches

    settings.CACHES = shared_caches(CLOSED_PORT)
    cache = caches["default"]
    cache.set("key", "value")
    assert cache.is_down()
    assert cache.get("key") == "value"  # this process's memory, meanwhile
    with pytest.raises(Exception, match="Connection refused|Error"):
        cache.check()
