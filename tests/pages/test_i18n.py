"""Languages: prefixes, hreflang, the switcher, fallbacks, Accept-Language, a third locale."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import polib
import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.operations import translate_object

from corpsite.signals import ensure_content_locales
from pages.models import Menu
from tests.conftest import page_by_slug
from tests.factories import ContentPageFactory

pytestmark = pytest.mark.django_db


def hreflangs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


def switcher(html: str) -> dict[str, str]:
    """Where each language link of the switcher leads (after remembering the choice)."""
    nav = html.split('class="language-switcher"', 1)[1].split("</ul>", 1)[0]
    links = dict(re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"', nav))
    targets = {}
    for url, lang in links.items():
        parsed = urlsplit(unescape(url))
        assert parsed.path == f"/language/{lang}/"
        targets[lang] = parse_qs(parsed.query)["next"][0]
    return targets


@pytest.mark.parametrize(
    ("accept", "target"),
    [("fr-FR,fr;q=0.9,en;q=0.5", "/fr/"), ("en-GB,en;q=0.9", "/en/"), ("de-DE", "/en/")],
)
def test_root_redirects_to_the_visitors_language(client, accept, target):
    response = client.get("/", headers={"accept-language": accept})
    assert response.status_code == 302
    assert response["Location"] == target


def test_hreflang_lists_every_translation_with_x_default(client):
    html = client.get("/fr/qui-sommes-nous/").content.decode()
    assert hreflangs(html) == {
        "en": "http://testserver/en/about-us/",
        "fr": "http://testserver/fr/qui-sommes-nous/",
        "x-default": "http://testserver/en/about-us/",
    }


def test_switcher_points_at_the_translation_of_the_current_page(client):
    html = client.get("/en/careers/field-service-technician/").content.decode()
    assert switcher(html) == {"fr": "/fr/carrieres/technicien-de-maintenance-itinerant/"}
    html = client.get("/fr/carrieres/technicien-de-maintenance-itinerant/").content.decode()
    assert switcher(html) == {"en": "/en/careers/field-service-technician/"}


def test_untranslated_page_switches_to_the_other_languages_home(client, home_en):
    page = ContentPageFactory(parent=home_en, slug="trade-fairs")
    page.save_revision().publish()
    html = client.get("/en/trade-fairs/").content.decode()
    assert switcher(html) == {"fr": "/fr/"}
    # Only real translations are announced to search engines.
    assert hreflangs(html) == {
        "en": "http://testserver/en/trade-fairs/",
        "x-default": "http://testserver/en/trade-fairs/",
    }
    # The English slug does not exist in French.
    assert client.get("/fr/trade-fairs/").status_code == 404


def test_draft_translation_is_not_offered(client, locale_fr):
    page_fr = page_by_slug("qui-sommes-nous", "fr")
    page_fr.unpublish()
    html = client.get("/en/about-us/").content.decode()
    assert switcher(html) == {"fr": "/fr/"}
    assert "fr" not in hreflangs(html)


def test_menu_links_to_translated_pages_and_falls_back_to_the_default_menu(client, locale_fr):
    html = client.get("/fr/").content.decode()
    assert '<a href="/fr/carrieres/">Carrières</a>' in html
    Menu.objects.filter(locale=locale_fr, slot="header").delete()
    html = client.get("/fr/").content.decode()
    # The English menu is used, its pages localized to French where they exist.
    assert '<a href="/fr/carrieres/">Carrières</a>' in html


def test_search_view_switcher_keeps_the_query(client):
    html = client.get("/en/search/", {"q": "repair"}).content.decode()
    assert switcher(html) == {"fr": "/fr/recherche/?q=repair"}


def test_search_url_is_translated():
    from django.utils import translation

    with translation.override("fr"):
        assert reverse("search") == "/fr/recherche/"
    assert reverse("search") == "/en/search/"


def test_a_third_language_is_a_settings_change_plus_a_catalogue(
    client, settings, tmp_path, home_en, django_capture_on_commit_callbacks
):
    # The catalogue: one translated interface string is enough to see it used.
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "de"}
    catalogue.append(polib.POEntry(msgid="Skip to content", msgstr="Zum Inhalt springen"))
    (tmp_path / "de" / "LC_MESSAGES").mkdir(parents=True)
    catalogue.save_as_mofile(str(tmp_path / "de" / "LC_MESSAGES" / "django.mo"))
    # The settings change.
    settings.LANGUAGES = [*settings.LANGUAGES, ("de", "German")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]
    ensure_content_locales()  # what the next `migrate` does
    german = Locale.objects.get(language_code="de")
    # An editor translates the home page with wagtail-localize.
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(home_en, [german])

    response = client.get("/de/", headers={"accept-language": "de"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="de">' in html
    assert "Zum Inhalt springen" in html
    assert hreflangs(html)["de"] == "http://testserver/de/"
    assert client.get("/", headers={"accept-language": "de"})["Location"] == "/de/"
    html_en = client.get("/en/").content.decode()
    assert switcher(html_en)["de"] == "/de/"
    assert ">Deutsch<" in html_en


def test_switching_language_remembers_the_choice_for_the_root(client):
    response = client.get("/language/fr/", {"next": "/fr/produits/"})
    assert response.status_code == 302 and response["Location"] == "/fr/produits/"
    assert response.cookies["django_language"].value == "fr"
    # Back on "/", the choice wins over the browser's language.
    redirect = client.get("/", headers={"accept-language": "en"})
    assert redirect["Location"] == "/fr/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_switching_language_never_redirects_elsewhere(client, target):
    response = client.get("/language/fr/", {"next": target})
    assert response["Location"] == "/fr/"


def test_unknown_language_is_ignored(client):
    response = client.get("/language/xx/", {"next": "/en/"})
    assert response.status_code == 302 and "django_language" not in response.cookies
