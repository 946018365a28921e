"""A visitor's data request, through the site (privacy.views.requests_public): the
page in each language, the confirmation link, no enumeration, anti-spam, the footer
and the policy's links to the page."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from privacy.models import DataRequest, DataRequestPage
from privacy.templatetags.privacy_tags import data_request_url
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PAGES = {"en": "/en/your-data/", "fr": "/fr/vos-donnees/"}


def page(language: str) -> DataRequestPage:
    return DataRequestPage.objects.get(locale__language_code=language)


def post_request(client, capture, language="en", **data):
    form = {"email": "visitor@example.com", "kind": "access", "details": "", "website": ""}
    form.update(data)
    with capture(execute=True):
        return client.post(PAGES[language], form)


def link_in(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_the_page_exists_in_each_language_and_says_what_happens_next(client):
    for language, words in (("en", "within one month"), ("fr", "sous un mois")):
        assert page(language).url == PAGES[language]
        html = client.get(PAGES[language]).content.decode()
        assert words in html and 'name="minor_at_collection"' in html
        assert 'class="hp-field"' in html
        # Strict CSP: no inline script, no inline handler.
        assert not re.search(
            r"<script(?![^>]*\b(src|type=\"(application/json|text/plain)\"))", html
        )
        assert not re.search(r"\son[a-z]+=", html)


@pytest.mark.parametrize(
    ("language", "subject_words", "confirmed_words"),
    [
        ("en", "Confirm your request", "Your request is confirmed"),
        ("fr", "Confirmez votre demande", "Votre demande est confirmée"),
    ],
)
def test_round_trip_file_then_confirm(
    client, django_capture_on_commit_callbacks, language, subject_words, confirmed_words
):
    person = PersonFactory(email="visitor@example.com")
    response = post_request(
        client, django_capture_on_commit_callbacks, language, kind="erasure", details="All of it"
    )
    assert response.status_code == 302
    # The route is in the page's language.
    assert response["Location"] == PAGES[language] + {"en": "thanks/", "fr": "merci/"}[language]
    request = DataRequest.objects.get()
    assert request.status == "pending" and request.language == language
    (message,) = mail.outbox
    assert subject_words in message.subject and message.to == ["visitor@example.com"]
    link = link_in(message)
    assert link.startswith(f"/{language}/") and "visitor" not in link
    # Opening the link (a GET, as mail scanners do) changes nothing.
    html = client.get(link).content.decode()
    assert 'method="post"' in html
    assert DataRequest.objects.get().status == "pending"
    response = client.post(link)
    assert response.status_code == 200 and confirmed_words in response.content.decode()
    request.refresh_from_db()
    assert request.status == "open" and request.person == person
    assert request.reference in response.content.decode()
    assert client.post(link).status_code == 200  # again: nothing changes
    assert DataRequest.objects.get().reference == request.reference


def test_known_and_unknown_addresses_get_the_same_answer_and_email(
    client, django_capture_on_commit_callbacks
):
    PersonFactory(email="known@example.com")
    capture = django_capture_on_commit_callbacks
    known = post_request(client, capture, email="known@example.com")
    unknown = post_request(client, capture, email="unknown@example.com")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert known.content == unknown.content
    first, second = mail.outbox
    assert first.subject == second.subject
    strip = lambda message: re.sub(r"token=\S+", "token=…", message.body)  # noqa: E731
    assert strip(first) == strip(second)
    # The thank-you page is the same page for everyone.
    assert client.get(known["Location"]).content == client.get(unknown["Location"]).content


def test_a_flood_for_one_address_sends_one_email(
    client, django_capture_on_commit_callbacks, settings
):
    settings.DATA_REQUEST_RATE_LIMIT = "0/60"
    responses = [
        post_request(client, django_capture_on_commit_callbacks, email="victim@example.com")
        for _ in range(5)
    ]
    assert {response.status_code for response in responses} == {302}
    assert len({response["Location"] for response in responses}) == 1
    assert len(mail.outbox) == 1
    assert DataRequest.objects.count() == 1


def test_the_honeypot_stores_and_sends_nothing(client, django_capture_on_commit_callbacks):
    response = post_request(client, django_capture_on_commit_callbacks, website="http://spam")
    assert response.status_code == 400
    assert "Your request could not be sent." in response.content.decode()
    assert not DataRequest.objects.exists() and mail.outbox == []


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Too many requests were sent from your network."),
        ("fr", "Trop de demandes ont été envoyées depuis votre réseau."),
    ],
)
def test_the_rate_limit(client, django_capture_on_commit_callbacks, settings, language, message):
    settings.DATA_REQUEST_RATE_LIMIT = "2/600"
    capture = django_capture_on_commit_callbacks
    for number in range(2):
        email = f"visitor{number}@example.com"
        assert post_request(client, capture, language, email=email).status_code == 302
    response = post_request(client, capture, language, email="third@example.com")
    assert response.status_code == 429 and message in response.content.decode()
    assert DataRequest.objects.count() == 2 and len(mail.outbox) == 2


def test_the_rate_limit_has_its_own_setting_and_default():
    from corpsite.base.ratelimits import RATE_LIMIT_DEFAULTS, rate_limit

    assert RATE_LIMIT_DEFAULTS["data_request"] == "5/600"
    assert rate_limit("data_request") == (5, 600)


@pytest.mark.parametrize(
    ("language", "message"), [("en", "Choose what you ask."), ("fr", "Choisissez ce que vous")]
)
def test_errors_are_translated(client, django_capture_on_commit_callbacks, language, message):
    response = post_request(client, django_capture_on_commit_callbacks, language, kind="")
    assert response.status_code == 400 and message in response.content.decode()
    assert not DataRequest.objects.exists()


def test_bad_and_expired_links_change_nothing(client, django_capture_on_commit_callbacks):
    from datetime import timedelta
    from unittest import mock

    from django.core import signing

    post_request(client, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    assert client.post(link + "x").status_code == 400
    later = signing.time.time() + timedelta(days=8).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=later):
        assert client.post(link).status_code == 410
    assert DataRequest.objects.get().status == "pending"


def test_the_footer_of_every_page_links_to_the_page(client):
    assert f'href="{PAGES["en"]}"' in client.get("/en/").content.decode()
    assert f'href="{PAGES["fr"]}"' in client.get("/fr/").content.decode()
    assert f'href="{PAGES["fr"]}"' in client.get("/fr/contact/").content.decode()


def test_the_privacy_policy_links_to_the_page(client, privacy_en, privacy_fr):
    assert (
        f'href="{PAGES["en"]}"' in client.get(privacy_en.url).content.decode().split("<footer")[0]
    )
    assert (
        f'href="{PAGES["fr"]}"' in client.get(privacy_fr.url).content.decode().split("<footer")[0]
    )


def test_the_footer_link_costs_no_query_once_cached_and_follows_publishing():
    from django.utils import translation

    cache.clear()
    assert data_request_url() == PAGES["en"]
    with CaptureQueriesContext(connection) as queries:
        assert data_request_url() == PAGES["en"]
    assert len(queries) == 0
    page("en").unpublish()  # forgets the cached link (privacy.signals)
    # Unpublished in English, the default language: English pages have no link now.
    with translation.override("en"):
        assert data_request_url() == ""
    with translation.override("fr"):
        assert data_request_url() == PAGES["fr"]


def test_the_page_count_of_queries_does_not_grow_with_the_link(client):
    """The footer finds the page once per language, then from the cache."""
    client.get("/en/")
    with CaptureQueriesContext(connection) as first:
        client.get("/en/")
    with CaptureQueriesContext(connection) as second:
        client.get("/en/")
    assert len(first) == len(second)
    assert not any("privacy_datarequestpage" in query["sql"] for query in second)
