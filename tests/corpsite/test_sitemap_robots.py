import re

import pytest

from pages.models import ContentPage

pytestmark = pytest.mark.django_db


def test_sitemap_lists_both_languages_with_alternates(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert "http://testserver/en/careers/" in locations
    assert "http://testserver/fr/carrieres/" in locations
    assert (
        '<xhtml:link rel="alternate" hreflang="fr" href="http://testserver/fr/carrieres/"/>' in xml
    )
    assert len([loc for loc in locations if "/fr/" in loc]) == len(
        [loc for loc in locations if "/en/" in loc]
    )


def test_sitemap_leaves_out_drafts(client):
    from tests.conftest import page_by_slug

    page_by_slug("mentions-legales", "fr").unpublish()
    xml = client.get("/sitemap.xml").content.decode()
    assert "/fr/mentions-legales/" not in xml
    assert "<loc>http://testserver/en/legal-notice/</loc>" in xml


def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_leaves_out_pages_that_say_noindex(client, monkeypatch):
    """A page type that says noindex is not in the sitemap, has no canonical link,
    while every page in the sitemap is indexable (no robots noindex in its head)."""
    monkeypatch.setattr(ContentPage, "search_engine_index", False)
    xml = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    for noindex in ("/en/about-us/", "/fr/qui-sommes-nous/"):
        assert f"http://testserver{noindex}" not in locations
        html = client.get(noindex).content.decode()
        assert '<meta name="robots" content="noindex">' in html
        assert 'rel="canonical"' not in html
    # Form pages and the data request page are found by search engines.
    for indexed in ("/en/contact/", "/en/careers/apply/", "/en/your-data/", "/fr/contact/"):
        assert f"http://testserver{indexed}" in locations
    assert "http://testserver/en/careers/" in locations
    for location in locations:
        html = client.get(location.removeprefix("http://testserver")).content.decode()
        assert "noindex" not in html, location
