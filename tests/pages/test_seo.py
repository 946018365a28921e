"""What search engines and link previews read: description, canonical, Open Graph
(corpsite.base.templatetags.seo), on every kind of page, in both languages."""

import re
from html.parser import HTMLParser

import pytest

from tests.conftest import page_by_slug

pytestmark = pytest.mark.django_db


class HeadMeta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("name") or attrs.get("property")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "link" and attrs.get("rel"):
            self.links.setdefault(attrs["rel"], []).append(attrs.get("href", ""))


def head_of(client, path) -> HeadMeta:
    response = client.get(path)
    assert response.status_code == 200, path
    parser = HeadMeta()
    parser.feed(response.content.decode())
    return parser


INDEXABLE = [
    "/en/",
    "/fr/",
    "/en/careers/",
    "/en/careers/field-service-technician/",
    "/en/about-us/",
    "/en/privacy/",
    "/fr/confidentialite/",
    "/en/newsletter/",
]


@pytest.mark.parametrize("path", INDEXABLE)
def test_indexable_pages_have_description_canonical_and_open_graph(client, path):
    head = head_of(client, path)
    [description] = head.meta["description"]
    assert len(description) > 20
    assert head.links["canonical"] == [f"http://testserver{path}"]
    assert head.meta["og:url"] == [f"http://testserver{path}"]
    assert head.meta["og:description"] == [description]
    assert head.meta["og:title"][0]
    assert head.meta["og:type"] == (["website"] if path in ("/en/", "/fr/") else ["article"])
    assert "robots" not in head.meta


def test_open_graph_locale_and_alternates(client):
    english = head_of(client, "/en/careers/")
    assert english.meta["og:locale"] == ["en_GB"]
    assert english.meta["og:locale:alternate"] == ["fr_FR"]
    french = head_of(client, "/fr/carrieres/")
    assert french.meta["og:locale"] == ["fr_FR"]
    assert french.meta["og:locale:alternate"] == ["en_GB"]


def test_description_is_the_editors_search_description_first(client):
    page = page_by_slug("careers", "en")
    page.search_description = "Jobs in rugged devices, in Brittany."
    page.save_revision().publish()
    assert head_of(client, "/en/careers/").meta["description"] == [
        "Jobs in rugged devices, in Brittany."
    ]


def test_description_falls_back_to_the_page_types_text_translated(client):
    for language, slug in (("en", "careers"), ("fr", "carrieres")):
        page = page_by_slug(slug, language).specific
        page.search_description = ""
        page.intro = ""
        page.save_revision().publish()
    assert head_of(client, "/en/careers/").meta["description"] == [
        "Open positions at Tevenn Devices, in Brest and in the field."
    ]
    assert head_of(client, "/fr/carrieres/").meta["description"] == [
        "Les postes ouverts chez Tevenn Devices, à Brest et sur le terrain."
    ]


def test_noindex_pages_say_so_once_and_still_describe_themselves(client):
    for path in ("/en/your-data/thanks/", "/fr/vos-donnees/merci/", "/en/cookie-settings/"):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert html.count('name="robots"') == 1, path
        assert '<meta name="robots" content="noindex">' in html
        assert re.search(r'<meta name="description" content="[^"]{20,}">', html), path
        assert 'rel="canonical"' not in html


def test_a_missing_page_is_noindex(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_landmarks_have_unique_names(client):
    """One search landmark per name, no unnamed complementary landmark."""
    html = client.get("/en/search/?q=rugged").content.decode()
    searches = re.findall(r'<form[^>]*role="search"[^>]*>', html)
    names = [re.search(r'aria-label="([^"]+)"', form).group(1) for form in searches]
    assert len(names) == 2
    assert len(set(names)) == 2
    home = client.get("/en/").content.decode()
    for aside in re.findall(r"<aside[^>]*>", home):
        assert "aria-label" in aside or "aria-labelledby" in aside, aside
