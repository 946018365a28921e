"""How many SQL queries a page costs, and that the cached frame stays right.

The frame of every page (menus, footer, language links, cookie banner, newsletter
sign-up) comes from per-language structures in the cache (corpsite.base.frame):
a page's count must not grow with the navigation, and a publish, an unpublish, a
rename or a menu change must show on the very next request, in its language only.
Counts are taken on the second request (the first fills the frame's cache, as any
earlier visitor would have), except where a test says "cold".
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from corpsite.settings.base import shared_caches
from pages.models import Menu
from privacy.models import CookieGroupDeclaration, Purpose
from tests.conftest import page_by_slug
from tests.factories import ContentPageFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10  # every public page type, with a cold page cache and the frame cached

PAGES = {
    "home": {"en": "/en/", "fr": "/fr/"},
    "content page": {"en": "/en/about-us/", "fr": "/fr/qui-sommes-nous/"},
    "product range": {"en": "/en/products/", "fr": "/fr/produits/"},
    "product": {"en": "/en/products/t-rock-8/", "fr": "/fr/produits/t-rock-8/"},
    "job listing": {"en": "/en/careers/", "fr": "/fr/carrieres/"},
    "job offer": {
        "en": "/en/careers/field-service-technician/",
        "fr": "/fr/carrieres/technicien-de-maintenance-itinerant/",
    },
    "404": {"en": "/en/no-such-page/", "fr": "/fr/pas-de-page/"},
    "privacy policy": {"en": "/en/privacy/", "fr": "/fr/confidentialite/"},
    "cookie policy": {"en": "/en/cookies/", "fr": "/fr/cookies/"},
    "data requests": {"en": "/en/your-data/", "fr": "/fr/vos-donnees/"},
    "search": {"en": "/en/search/?q=repair", "fr": "/fr/recherche/?q=reparation"},
    "contact form": {"en": "/en/contact/", "fr": "/fr/contact/"},
    "project form": {"en": "/en/project-request/", "fr": "/fr/demande-de-projet/"},
    "support form": {
        "en": "/en/repair-and-support/support-ticket/",
        "fr": "/fr/reparation-et-support/ticket-de-support/",
    },
    "repair form": {
        "en": "/en/repair-and-support/repair-request/",
        "fr": "/fr/reparation-et-support/demande-de-reparation/",
    },
    "delivery form": {
        "en": "/en/repair-and-support/delivery-problem/",
        "fr": "/fr/reparation-et-support/probleme-de-livraison/",
    },
    "job application form": {"en": "/en/careers/apply/", "fr": "/fr/carrieres/postuler/"},
    "newsletter": {"en": "/en/newsletter/", "fr": "/fr/lettre-information/"},
    "sitemap.xml": {"en": "/sitemap.xml"},
}
PARAMETERS = [(kind, language) for kind, paths in PAGES.items() for language in paths]


def set_header_menus(links: int) -> None:
    """Give the header menu of each language ``links`` links to its live pages."""
    for menu in Menu.objects.filter(slot="header"):
        pages = list(
            Page.objects.live().filter(locale_id=menu.locale_id, depth__gt=2).order_by("path")
        )
        menu.items = [
            ("page", {"page": pages[index % len(pages)], "label": f"Link {index}"})
            for index in range(links)
        ]
        menu.save()


def header_links(html: str) -> dict[str, str]:
    """The header navigation's links: label -> URL."""
    nav = html.split('class="site-nav__list"', 1)[1].split("</ul>", 1)[0]
    return {label: url for url, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)}


def queries_of(client, path: str, *, warm: bool = True) -> list[str]:
    if warm:
        client.get(path)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize(("kind", "language"), PARAMETERS)
def test_a_page_costs_at_most_ten_queries_whatever_the_menu(client, settings, kind, language):
    """The page cache cold (off, as in tests), the frame's structures cached."""
    assert settings.PAGE_CACHE is False
    path = PAGES[kind][language]
    counts = {}
    for links in (5, 50):
        set_header_menus(links)
        response = client.get(path)
        assert response.status_code == (404 if kind == "404" else 200)
        if kind != "sitemap.xml":
            assert len(header_links(response.content.decode())) == links
        counts[links] = len(queries_of(client, path))
    assert counts[5] <= MAX_QUERIES, counts
    assert counts[50] == counts[5]


def test_a_form_page_shows_the_same_form_from_the_cache(client):
    """The second view (questions, notice, consent boxes from forms.frame) is the
    first one (built from the database)."""
    first = client.get("/en/careers/apply/").content.decode()
    second = client.get("/en/careers/apply/").content.decode()
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", first) == token.sub("", second)
    assert "Field service technician" in second  # the open offers
    assert 'name="consent"' in second


def test_a_republished_form_shows_its_new_question(client):
    page = page_by_slug("contact").specific.get_latest_revision_as_object()
    client.get("/en/contact/")
    fields = list(page.form_fields.all())
    for field in fields:
        if field.clean_name == "message":
            field.label = "What can we do for you?"
    page.form_fields = fields
    page.save_revision().publish()
    assert "What can we do for you?" in client.get("/en/contact/").content.decode()


def test_a_new_privacy_policy_version_is_linked_from_the_forms(client, superuser):
    from privacy.services import policy_version_publish

    before = client.get("/en/contact/").content.decode()
    policy_version_publish(
        page=page_by_slug("privacy"),
        effective_date=timezone.localdate(),
        is_material=True,
        user=superuser,
    )
    after = client.get("/en/contact/").content.decode()
    numbers = [
        re.findall(r"Read our privacy policy \(version (\d+)\)", html)[0]
        for html in (before, after)
    ]
    assert int(numbers[1]) == int(numbers[0]) + 1
    assert f"Version {numbers[1]}, in force since" in client.get("/en/privacy/").content.decode()


def test_the_sitemap_shows_a_new_page_at_once(client, home_en):
    assert "/en/trade-fairs/" not in client.get("/sitemap.xml").content.decode()
    ContentPageFactory(parent=home_en, slug="trade-fairs").save_revision().publish()
    assert "/en/trade-fairs/" in client.get("/sitemap.xml").content.decode()


@pytest.mark.parametrize("path", ["/en/products/", "/en/contact/", "/fr/confidentialite/"])
def test_production_without_redis_reads_its_cache_without_sql(client, settings, tmp_path, path):
    """Without REDIS_URL the shared cache is files on this machine (production.py):
    reading the frame costs no query."""
    settings.CACHES = shared_caches(None, cache_dir=tmp_path / "cache")
    client.get(path)
    queries = queries_of(client, path)
    assert len(queries) <= MAX_QUERIES
    assert not [sql for sql in queries if "django_cache" in sql]


def test_building_the_frame_does_not_grow_with_the_menu_either(client):
    """The first request after a change (the frame's cache cold) costs more, but not
    one query more per link."""
    client.get("/fr/produits/")  # what a process caches once (content types, ...)
    counts = {}
    for links in (5, 50):
        set_header_menus(links)  # a menu saved: the frame is rebuilt on the next request
        counts[links] = len(queries_of(client, "/fr/produits/", warm=False))
    assert counts[50] == counts[5]


def test_a_second_view_of_the_home_page_writes_nothing_with_the_database_cache(client, settings):
    """Production without Redis (settings/production.py): the shared cache is a
    database table; the image renditions, which Wagtail writes to their cache at
    each view, are not."""
    settings.CACHES = shared_caches(None)
    call_command("createcachetable", verbosity=0)
    assert "<img" in client.get("/en/").content.decode()
    writes = [
        sql
        for sql in queries_of(client, "/en/")
        if sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


# --- the frame stays right ---------------------------------------------------------------


def test_a_page_published_into_the_menu_appears_in_its_language_only(client, home_en):
    page = ContentPageFactory(parent=home_en, slug="trade-fairs", title="Trade fairs", live=False)
    menu = Menu.objects.get(slot="header", locale=home_en.locale)
    menu.items.append(("page", {"page": page, "label": ""}))
    menu.save()
    assert "Trade fairs" not in header_links(client.get("/en/").content.decode())

    page.save_revision().publish()

    assert header_links(client.get("/en/").content.decode())["Trade fairs"] == "/en/trade-fairs/"
    assert "Trade fairs" not in header_links(client.get("/fr/").content.decode())


def test_a_translation_published_replaces_the_fallback_in_its_language(
    client, home_en, home_fr, locale_fr
):
    """The French menu falls back to the English one; its page links lead to the
    French translation as soon as it is published."""
    page = ContentPageFactory(parent=home_en, slug="trade-fairs", title="Trade fairs")
    page.save_revision().publish()
    Menu.objects.filter(slot="header", locale=locale_fr).delete()
    menu = Menu.objects.get(slot="header", locale=home_en.locale)
    menu.items.append(("page", {"page": page, "label": ""}))
    menu.save()
    assert header_links(client.get("/fr/").content.decode())["Trade fairs"] == "/en/trade-fairs/"

    french = page.copy_for_translation(locale_fr)
    french.title, french.slug = "Salons", "salons"
    french.save_revision().publish()

    french_links = header_links(client.get("/fr/").content.decode())
    assert french_links["Salons"] == "/fr/salons/"
    assert "Trade fairs" not in french_links
    assert header_links(client.get("/en/").content.decode())["Trade fairs"] == "/en/trade-fairs/"
    # The language links of the English page now offer the French one.
    assert 'hreflang="fr" href="http://testserver/fr/salons/"' in (
        client.get("/en/trade-fairs/").content.decode()
    )


def test_a_renamed_page_shows_its_new_title_in_its_language_only(client):
    careers = page_by_slug("careers")
    assert "Careers" in header_links(client.get("/en/").content.decode())
    assert "Carrières" in header_links(client.get("/fr/").content.decode())

    careers.title = "Jobs"
    careers.save_revision().publish()

    english = header_links(client.get("/en/").content.decode())
    assert english["Jobs"] == "/en/careers/"
    assert "Careers" not in english
    assert header_links(client.get("/fr/").content.decode())["Carrières"] == "/fr/carrieres/"


def test_an_unpublished_page_leaves_the_menu_of_its_language(client):
    client.get("/en/"), client.get("/fr/")  # both frames cached

    page_by_slug("careers").unpublish()

    assert "Careers" not in header_links(client.get("/en/").content.decode())
    assert header_links(client.get("/fr/").content.decode())["Carrières"] == "/fr/carrieres/"


def test_a_moved_page_is_linked_at_its_new_address(client, home_en):
    client.get("/en/")
    careers = page_by_slug("careers")
    careers.move(page_by_slug("about-us"), pos="last-child")

    assert header_links(client.get("/en/").content.decode())["Careers"] == ("/en/about-us/careers/")


def test_a_deleted_page_leaves_the_menu(client):
    client.get("/en/")
    page_by_slug("careers").delete()

    assert "Careers" not in header_links(client.get("/en/").content.decode())


def test_a_renamed_cookie_group_shows_in_the_banner_of_its_language(client):
    group = CookieGroupDeclaration.objects.get(varname="analytics", locale__language_code="en")
    french_before = client.get("/fr/").content.decode()
    client.get("/en/")

    group.name = "Visit statistics"
    group.save()

    assert "<strong>Visit statistics</strong>" in client.get("/en/").content.decode()
    assert client.get("/fr/").content.decode() == french_before


def test_a_changed_consent_wording_shows_in_the_newsletter_footer(client):
    client.get("/en/")
    purpose = Purpose.objects.get(key="newsletter", locale__language_code="en")
    purpose.consent_wording = "Yes, send me the monthly newsletter."
    purpose.save()

    assert "Yes, send me the monthly newsletter." in client.get("/en/").content.decode()


def test_a_new_cookie_policy_version_is_linked_from_the_banner(client, superuser):
    """The policy in force comes from the frame's cache too: publishing a new
    version of the cookie policy changes the banner's link at once."""
    from privacy.services import policy_version_publish

    def banner_link(html: str) -> str:
        banner = html.split('id="cookie-banner"', 1)[1].split("</form>", 1)[0]
        return re.findall(r'<a href="([^"]+)">', banner)[0]

    before = banner_link(client.get("/en/").content.decode())
    policy_version_publish(
        page=page_by_slug("cookies"),
        effective_date=timezone.localdate(),
        is_material=True,
        user=superuser,
    )
    after = banner_link(client.get("/en/").content.decode())
    assert after != before
    assert after.startswith("/en/cookies/")
