"""The page cache (corpsite.page_cache): anonymous visitors' pages served again from
the cache, purged by what changes them, never shared when they hold anything of one
visitor, compressed only when nothing of a visitor is in them."""

from __future__ import annotations

import gzip
import re

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pages.models import Menu, ProductIndexPage
from privacy.models import CookieGroupDeclaration
from tests.conftest import page_by_slug

pytestmark = pytest.mark.django_db

PAGE = "/en/products/"  # the product range (pages.models.ProductIndexPage)


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE = True


def x_cache(response) -> str | None:
    return response.headers.get("X-Cache")


def vary(response) -> set[str]:
    return {field.strip().lower() for field in response.headers.get("Vary", "").split(",")}


def test_the_second_anonymous_get_comes_from_the_cache_without_a_query(client):
    first = client.get(PAGE)
    assert x_cache(first) == "miss"
    with CaptureQueriesContext(connection) as captured:
        second = client.get(PAGE)
    assert x_cache(second) == "hit"
    assert len(captured.captured_queries) == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # The inner middlewares still set their headers on a hit.
    assert second["Content-Language"] == "en"
    assert second["X-Frame-Options"] == first["X-Frame-Options"]
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_off_unless_the_setting_says_so(client, settings):
    settings.PAGE_CACHE = False
    client.get(PAGE)
    assert x_cache(client.get(PAGE)) is None


def test_an_anonymous_page_does_not_vary_on_the_cookie(client):
    """The Wagtail user bar is not asked for without a session cookie."""
    response = client.get(PAGE)
    assert "cookie" not in vary(response)
    assert "userbar" not in response.content.decode()


def test_staff_still_get_the_user_bar_and_never_the_cache(client, superuser):
    client.get(PAGE)
    assert x_cache(client.get(PAGE)) == "hit"
    client.force_login(superuser)

    response = client.get(PAGE)

    assert x_cache(response) is None
    assert "wagtail-userbar" in response.content.decode()
    assert x_cache(client.get(PAGE)) is None


# --- purged by what changes the page ------------------------------------------------


def test_purged_when_the_page_is_published(client):
    client.get(PAGE)
    page = page_by_slug("products").specific
    page.title = "Rugged products"
    page.save_revision().publish()

    response = client.get(PAGE)

    assert x_cache(response) == "miss"
    assert "<title>Rugged products" in response.content.decode()


def test_purged_when_the_page_is_unpublished(client):
    client.get(PAGE)
    page_by_slug("products").unpublish()
    assert client.get(PAGE).status_code == 404


def test_purged_when_a_menu_changes(client):
    client.get(PAGE)
    menu = Menu.objects.get(slot="header", locale__language_code="en")
    menu.items.append(("page", {"page": page_by_slug("products"), "label": "Our kit"}))
    menu.save()

    response = client.get(PAGE)

    assert x_cache(response) == "miss"
    assert "Our kit" in response.content.decode()


def test_purged_when_the_cookie_declaration_changes(client):
    client.get(PAGE)
    group = CookieGroupDeclaration.objects.get(varname="analytics", locale__language_code="en")
    group.name = "Visit statistics"
    group.save()

    response = client.get(PAGE)

    assert x_cache(response) == "miss"
    assert "<strong>Visit statistics</strong>" in response.content.decode()


def test_purged_when_a_policy_version_is_published(client, superuser):
    from privacy.services import policy_version_publish

    client.get(PAGE)
    policy_version_publish(
        page=page_by_slug("cookies"),
        effective_date=timezone.localdate(),
        is_material=True,
        user=superuser,
    )
    assert x_cache(client.get(PAGE)) == "miss"


# --- never shared -------------------------------------------------------------------


def test_a_post_is_never_answered_from_the_cache(client):
    assert x_cache(client.get(PAGE)) == "miss"
    assert x_cache(client.post(PAGE, {})) is None
    assert x_cache(client.get(PAGE)) == "hit"


def test_a_form_page_with_its_csrf_token_is_never_cached(client):
    assert x_cache(client.get(PAGE)) == "miss"
    for _ in range(2):
        response = client.get("/en/contact/")
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert x_cache(response) is None


def test_a_form_page_is_not_compressed(client):
    """BREACH: an answer with a secret in it (the CSRF token) is sent as it is."""
    response = client.get("/en/contact/", headers={"accept-encoding": "gzip"})
    assert not response.has_header("Content-Encoding")
    assert client.get(PAGE, headers={"accept-encoding": "gzip"})["Content-Encoding"] == "gzip"


def test_a_page_that_sets_a_cookie_is_never_cached(client, monkeypatch):
    original = ProductIndexPage.serve

    def serve(self, request, *args, **kwargs):
        response = original(self, request, *args, **kwargs)
        response.set_cookie("seen", "1")
        return response

    monkeypatch.setattr(ProductIndexPage, "serve", serve)
    client.get(PAGE)
    response = client.get(PAGE)
    assert x_cache(response) is None
    assert "seen" in response.cookies
    monkeypatch.setattr(ProductIndexPage, "serve", original)
    assert x_cache(client.get(PAGE)) == "miss"  # nothing was stored before


def test_a_visitor_with_messages_is_neither_served_nor_stored(client, monkeypatch):
    from django.contrib import messages

    original = ProductIndexPage.serve

    def serve(self, request, *args, **kwargs):
        messages.info(request, "Thank you, Ada")
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(ProductIndexPage, "serve", serve)
    response = client.get(PAGE)  # a message queued while rendering: not stored
    assert x_cache(response) is None
    monkeypatch.setattr(ProductIndexPage, "serve", original)
    assert x_cache(client.get(PAGE)) is None  # the messages cookie: not from the cache
    client.cookies.pop("messages", None)
    assert x_cache(client.get(PAGE)) == "miss"


def test_a_page_using_the_csp_nonce_is_never_cached_and_its_nonce_matches_the_header(
    client, monkeypatch
):
    def serve(self, request, *args, **kwargs):
        return HttpResponse(f'<script nonce="{request.csp_nonce}">1</script>')

    monkeypatch.setattr(ProductIndexPage, "serve", serve)
    nonces = set()
    for _ in range(2):
        response = client.get(PAGE)
        assert x_cache(response) is None
        nonce = re.search(r'nonce="([^"]+)"', response.content.decode())[1]
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.add(nonce)
    assert len(nonces) == 2
    monkeypatch.undo()
    assert x_cache(client.get(PAGE)) == "miss"  # nothing was stored before


def test_a_cached_page_carries_no_nonce_the_header_does_not_have(client):
    client.get(PAGE)
    hit = client.get(PAGE)
    assert x_cache(hit) == "hit"
    body_nonces = set(re.findall(r'nonce="([^"]+)"', hit.content.decode()))
    header_nonces = set(re.findall(r"'nonce-([^']+)'", hit["Content-Security-Policy"]))
    assert body_nonces <= header_nonces
    assert body_nonces == set()  # our pages need no inline script


def test_visitors_of_other_languages_and_cookie_choices_get_their_own_pages(client):
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation

    def choose(visitor, action, language):
        with translation.override(language):
            save = reverse("cookie_consent_submit")
        visitor.post(save, {"action": action, "next": f"/{language}/"})
        assert visitor.cookies.get("cookie_consent")

    accepting, refusing = Client(), Client()
    choose(accepting, "accept_all", "en")
    choose(refusing, "refuse_all", "fr")

    english = accepting.get(PAGE, headers={"accept-language": "fr"})
    french = refusing.get("/fr/produits/", headers={"accept-language": "en"})
    english_again = refusing.get(PAGE)
    french_again = accepting.get("/fr/produits/")

    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="fr">' in french.content.decode()
    assert x_cache(english_again) == x_cache(french_again) == "hit"
    assert english_again.content == english.content
    assert french_again.content == french.content
    # The page is the same whatever the choice: the banner is shown by the browser.
    for response in (english, french, english_again, french_again):
        assert "cookie" not in vary(response)
        assert not response.cookies
    # A signed-in visitor's page is never what an anonymous one gets.
    assert "csrfmiddlewaretoken" not in english.content.decode()


def test_gzip_when_the_visitor_accepts_it(client):
    plain = client.get(PAGE)
    assert not plain.has_header("Content-Encoding")
    assert "accept-encoding" in vary(plain)

    compressed = client.get(PAGE, headers={"accept-encoding": "br, gzip;q=0.8"})

    assert x_cache(compressed) == "hit"
    assert compressed["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(compressed)
    assert gzip.decompress(compressed.content) == plain.content
    assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content)
    refused = client.get(PAGE, headers={"accept-encoding": "gzip;q=0"})
    assert not refused.has_header("Content-Encoding")


def test_a_page_not_kept_but_holding_no_secret_is_compressed(client):
    """The search results are not kept (not a Wagtail page) and hold no token: gzip."""
    url = "/en/search/?q=rugged"
    plain = client.get(url)
    assert x_cache(plain) is None
    assert not plain.has_header("Content-Encoding")
    compressed = client.get(url, headers={"accept-encoding": "gzip"})
    assert x_cache(compressed) is None
    assert compressed["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(compressed)
    assert gzip.decompress(compressed.content) == plain.content


def test_a_page_that_read_the_session_is_not_compressed(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x-long-password-1")
    client.force_login(user)
    signed_in = client.get("/en/search/?q=rugged", headers={"accept-encoding": "gzip"})
    assert signed_in.status_code == 200
    assert not signed_in.has_header("Content-Encoding")


def test_a_page_asked_in_plain_http_is_not_served_to_https_visitors(client):
    """The canonical link and og:url are absolute: an answer to a plain-HTTP request
    (SECURE_SSL_REDIRECT off) must not be kept for visitors in HTTPS."""
    plain = client.get(PAGE, secure=False)
    assert 'href="http://testserver/en/products/"' in plain.content.decode()
    secure = client.get(PAGE, secure=True)
    body = secure.content.decode()
    assert x_cache(secure) == "miss"
    assert 'href="https://testserver/en/products/"' in body
    assert "http://testserver/en/products/" not in body


def test_purged_when_a_page_is_made_private(client):
    from wagtail.models import PageViewRestriction

    client.get(PAGE)
    assert x_cache(client.get(PAGE)) == "hit"
    PageViewRestriction.objects.create(
        page=page_by_slug("products"), restriction_type=PageViewRestriction.LOGIN
    )
    answer = client.get(PAGE)
    assert answer.status_code == 302
    assert x_cache(answer) is None


def test_a_thank_you_page_with_its_reference_is_never_cached(client):
    """The thank-you answer shows one visitor's reference: never in the shared cache
    (where it would outlive its signed link's age), never compressed."""
    from django.core import signing

    from forms.views import THANKS_SALT

    page = page_by_slug("contact").specific
    url = page.thanks_url(signing.dumps("C-2026-0001", salt=THANKS_SALT))
    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    second = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == second.status_code == 200
    assert "C-2026-0001" in second.content.decode()
    assert x_cache(first) is None
    assert x_cache(second) is None
    assert "Content-Encoding" not in second
    assert "private" in second["Cache-Control"]


def test_a_query_string_is_never_kept_so_nobody_can_fill_the_cache(client):
    """?x=1..N would each be a page of its own in the shared cache."""
    from django.core.cache import cache

    cache.clear()
    client.get(PAGE)
    assert x_cache(client.get(PAGE)) == "hit"  # the page itself is kept
    for n in range(3):
        response = client.get(PAGE, {"x": n})
        assert response.status_code == 200
        assert x_cache(client.get(PAGE, {"x": n})) != "hit"
    stored = [key for key in cache._cache if "page-cache:" in key]  # the test's memory cache
    assert len(stored) == 1, stored
