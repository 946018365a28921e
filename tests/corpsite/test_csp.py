"""Templates are ready for a strict Content-Security-Policy."""

import re
from pathlib import Path
from unittest import mock

import pytest
from wagtail.models import Page

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / app for app in ("site", "pages", "forms", "privacy")]

INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
# A canonical or alternate link names a page, not an asset the browser loads.
EXTERNAL_ASSET = re.compile(
    r"<(?:(?:script|img|iframe|video|audio|source)\b[^>]*\ssrc"
    r"|link\b(?![^>]*rel=\"(?:alternate|canonical)\")[^>]*\shref)=\"(?:https?:)?//",
    re.IGNORECASE,
)


def templates():
    for folder in TEMPLATE_DIRS:
        yield from folder.rglob("templates/**/*.html")


def problems(html: str) -> list[str]:
    found = []
    if INLINE_HANDLER.search(html):
        found.append("inline event handler")
    if JAVASCRIPT_URL.search(html):
        found.append("javascript: URL")
    if STYLE_ATTRIBUTE.search(html):
        found.append("style attribute")
    for attributes in SCRIPT_TAG.findall(html):
        inert = 'type="application/json"' in attributes or 'type="text/plain"' in attributes
        if " src=" not in attributes and "nonce=" not in attributes and not inert:
            found.append("inline script without nonce")
    if EXTERNAL_ASSET.search(html):
        found.append("asset from another host")
    return found


def test_there_are_templates_to_check():
    assert len(list(templates())) >= 10


# reCAPTCHA's script may come from Google, on form pages only (forms.views widens the
# policy there when reCAPTCHA keys are set).
EXTERNAL_ALLOWED = {"forms/templates/django_recaptcha/includes/js_v2_checkbox.html"}


@pytest.mark.parametrize("template", list(templates()), ids=lambda p: str(p.relative_to(ROOT)))
def test_template_source_is_csp_ready(template):
    found = problems(template.read_text())
    if str(template.relative_to(ROOT)) in EXTERNAL_ALLOWED:
        found.remove("asset from another host")
    assert found == []


@pytest.mark.django_db
def test_rendered_pages_are_csp_ready_and_send_the_policy(client):
    pages = list(Page.objects.live().filter(depth__gt=1))
    assert pages
    for page in pages:
        response = client.get(page.get_url())
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'self'" in policy
        assert problems(response.content.decode()) == [], page.url_path


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/en/search/?q=x", "/fr/introuvable/"])
def test_other_views_send_the_policy(client, url):
    response = client.get(url)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert problems(response.content.decode()) == []


def test_problems_detector_catches_violations():
    assert problems('<a href="#" onclick="x()">') == ["inline event handler"]
    assert problems('<a href="javascript:void(0)">') == ["javascript: URL"]
    assert problems("<script>alert(1)</script>") == ["inline script without nonce"]
    assert problems('<script src="https://cdn.example/x.js"></script>') == [
        "asset from another host"
    ]
    assert problems('<script nonce="abc">ok()</script>') == []
    assert problems('<script type="text/plain" data-src="/x.js"></script>') == []
    assert problems('<script type="application/json" id="c">{}</script>') == []
    assert problems('<link rel="stylesheet" href="//cdn.example/x.css">') == [
        "asset from another host"
    ]
    assert problems('<link rel="alternate" hreflang="fr" href="https://site/fr/">') == []


# --- the Wagtail admin's policy -------------------------------------------------------


def directives(header: str) -> dict[str, set[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = set(sources)
    return parsed


ADMIN_EXPECTED = {
    "default-src": {"'self'"},
    "script-src": {"'self'", "'unsafe-inline'"},
    "style-src": {"'self'", "'unsafe-inline'"},
    "img-src": {"'self'", "data:", "blob:"},
    "font-src": {"'self'"},
    "connect-src": {"'self'"},
    "frame-src": {"'self'", "https://www.youtube-nocookie.com"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'self'"},
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/pages/",
        "/admin/pages/{home}/edit/",
        "/admin/privacy/people/",
        "/admin/privacy/record-of-processing/",
        "/admin/submissions/",
        "/admin/reports/site-history/",
        "/admin/no-such-screen/",
    ],
)
def test_admin_responses_carry_the_admin_policy(admin_client, url):
    home = Page.objects.get(depth=2, locale__language_code="en")
    response = admin_client.get(url.format(home=home.pk))
    assert response.status_code in (200, 404)
    assert directives(response["Content-Security-Policy"]) == ADMIN_EXPECTED


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/login/", "/admin/password_reset/"])
def test_admin_sign_in_pages_get_the_admin_policy_without_unsafe_inline(client, url):
    response = client.get(url)
    assert response.status_code == 200
    expected = {**ADMIN_EXPECTED, "script-src": {"'self'"}, "style-src": {"'self'"}}
    assert directives(response["Content-Security-Policy"]) == expected


@pytest.mark.django_db
def test_the_public_policy_stays_strict_next_to_the_admin_one(client):
    policy = directives(client.get("/en/")["Content-Security-Policy"])
    assert "'unsafe-inline'" not in policy["script-src"] | policy["style-src"]
    assert "'self'" in policy["script-src"] and policy["style-src"] == {"'self'"}


# --- other headers on every response ----------------------------------------------------

PERMISSIONS_POLICY = "camera=(), geolocation=(), microphone=(), payment=(), usb=()"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/en/", "/fr/", "/en/no-such-page/", "/admin/login/", "/sitemap.xml"]
)
def test_every_response_carries_the_permissions_policy(client, url):
    response = client.get(url)
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


@pytest.mark.django_db
def test_admin_responses_and_error_pages_carry_the_permissions_policy(admin_client, client):
    assert admin_client.get("/admin/")["Permissions-Policy"] == PERMISSIONS_POLICY
    client.raise_request_exception = False
    with mock.patch("pages.models.HomePage.serve", side_effect=RuntimeError("boom")):
        response = client.get("/en/")
    assert response.status_code == 500
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY


@pytest.mark.django_db
def test_pages_may_not_be_framed(client):
    assert client.get("/en/")["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_admin_names_no_other_host(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "gravatar.com" not in html
    assert "releases.wagtail.org" not in html
