"""The product range and the product pages of the demo: specifications, pictures,
calls to action in the page's language, where to buy, search descriptions."""

import re

import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from pages.models import ProductIndexPage, ProductPage
from tests.pages.test_queries import queries_of

pytestmark = pytest.mark.django_db

PRODUCT = {"en": "/en/products/t-rock-8/", "fr": "/fr/produits/t-rock-8/"}
FORMS = {
    "en": {"sales": "/en/project-request/", "repair": "/en/repair-and-support/repair-request/"},
    "fr": {
        "sales": "/fr/demande-de-projet/",
        "repair": "/fr/reparation-et-support/demande-de-reparation/",
    },
}


def test_the_seed_makes_three_products_in_both_languages_with_specs_and_pictures():
    for language in ("en", "fr"):
        products = ProductPage.objects.live().filter(locale__language_code=language)
        assert products.count() == 3
        for product in products:
            assert product.image is not None and product.image.width == 1200
            assert product.image_alt and product.summary and product.search_description
            kinds = {block.block_type for block in product.specifications}
            assert {"ingress", "drop", "battery", "temperature", "weight"} <= kinds
            assert len(product.where_to_buy) == 3
        assert ProductIndexPage.objects.live().filter(locale__language_code=language).exists()


def test_french_product_texts_are_french():
    french = ProductPage.objects.get(locale__language_code="fr", slug="t-rock-8")
    assert french.title == "Terminal portable T-Rock 8"
    assert french.image_alt.startswith("Le T-Rock 8")
    assert "batterie de 7 000 mAh" in french.search_description


@pytest.mark.parametrize(
    ("language", "rows"),
    [
        (
            "en",
            {
                "Ingress protection": "IP68",
                "Drop height": "1.8\u00a0m onto concrete",
                "Battery": "7,000\u00a0mAh, hot-swappable",
                "Operating temperature": "\u221220\u00a0°C to +60\u00a0°C",
                "Display": "8-inch, 1280 × 800, 1,000 nits",
                "Weight": "540\u00a0g",
            },
        ),
        (
            "fr",
            {
                "Indice de protection": "IP68",
                "Hauteur de chute": "1,8\u00a0m sur du béton",
                "Batterie": "7\u00a0000\u00a0mAh, remplaçable à chaud",
                "Température de fonctionnement": "\u221220\u00a0°C à +60\u00a0°C",
                "Écran": "8\u00a0pouces, 1280 × 800, 1 000 nits",
                "Poids": "540\u00a0g",
            },
        ),
    ],
)
def test_a_product_page_shows_its_specification_table(client, language, rows):
    response = client.get(PRODUCT[language])
    assert response.status_code == 200
    html = response.content.decode()
    table = html.split('<table class="spec-table">', 1)[1].split("</table>", 1)[0]
    found = dict(re.findall(r'<th scope="row">([^<]+)</th><td>([^<]+)</td>', table))
    for label, value in rows.items():
        assert found[label] == value.replace("'", "&#x27;"), (label, found)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_calls_to_action_lead_to_the_forms_in_the_same_language(client, language):
    html = client.get(PRODUCT[language]).content.decode()
    hrefs = re.findall(r'<a class="button[^"]*" href="([^"]+)"', html)
    assert FORMS[language]["sales"] in hrefs
    assert FORMS[language]["repair"] in hrefs
    for href in hrefs:
        assert href.startswith(f"/{language}/")
    for url in FORMS[language].values():
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("language", ["en", "fr"])
def test_product_pictures_have_sizes_sources_and_translated_alt_text(client, language):
    html = client.get(PRODUCT[language]).content.decode()
    image = re.search(r'<img [^>]*class="product__image"[^>]*>', html).group(0)
    assert 'width="' in image and 'height="' in image
    assert 'alt="' + ("The T-Rock 8" if language == "en" else "Le T-Rock 8") in image
    source = re.search(r'<source [^>]*type="image/webp"[^>]*>', html).group(0)
    assert re.search(r'srcset="[^"]+\.webp 480w, [^"]+\.webp 960w"', source)
    assert "Where to buy" in html if language == "en" else "Où acheter" in html
    assert '<meta name="description" content="' in html


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_range_and_the_home_page_list_the_products(client, language):
    index = {"en": "/en/products/", "fr": "/fr/produits/"}[language]
    for path in (index, f"/{language}/"):
        html = client.get(path).content.decode()
        assert html.count('class="product-card"') == 3, path
        assert PRODUCT[language] in html


def test_the_products_are_in_the_sitemap_in_both_languages(client):
    xml = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/en/products/t-rock-8/" in xml
    assert "http://testserver/fr/produits/t-scan-2/" in xml


def test_the_products_are_in_the_header_menu(client):
    html = client.get("/fr/").content.decode()
    nav = html.split('class="site-nav__list"', 1)[1].split("</ul>", 1)[0]
    assert 'href="/fr/produits/"' in nav


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_product_page_costs_at_most_ten_queries_with_a_cold_page_cache(client, language):
    """The page cache is off here (tests' settings): every view renders the page; the
    first view fills the frame's and the renditions' caches, as an earlier visitor's."""
    assert queries_of(client, PRODUCT[language], warm=False)
    queries = queries_of(client, PRODUCT[language], warm=False)
    assert len(queries) <= 10, queries


def test_cached_cards_follow_a_renamed_product_and_a_private_one(client):
    """The cards are rendered once per language (pages.showcase) and rebuilt when a
    product is published or a view restriction appears."""
    from wagtail.models import PageViewRestriction

    assert "T-Rock 8" in client.get("/en/products/").content.decode()
    assert "T-Rock 8" in client.get("/en/").content.decode()
    product = ProductPage.objects.get(locale__language_code="en", slug="t-rock-8")
    product.title = "T-Rock 8 Pro"
    product.save_revision().publish()
    assert "T-Rock 8 Pro" in client.get("/en/products/").content.decode()
    assert "T-Rock 8 Pro" in client.get("/en/").content.decode()
    PageViewRestriction.objects.create(page=product, restriction_type=PageViewRestriction.LOGIN)
    assert "T-Rock 8 Pro" not in client.get("/en/products/").content.decode()
    assert "T-Rock 8 Pro" not in client.get("/en/").content.decode()


def test_a_new_product_picture_shows_at_once(client):
    from wagtail.images.models import Rendition

    first = client.get("/en/products/").content.decode()
    product = ProductPage.objects.get(locale__language_code="en", slug="t-rock-8")
    image = product.image
    image.focal_point_x, image.focal_point_y = 10, 10
    image.focal_point_width, image.focal_point_height = 20, 20
    image.save()
    Rendition.objects.filter(image=image).delete()
    second = client.get("/en/products/").content.decode()
    assert first != second  # new renditions, new file names
    urls = re.findall(r'srcset="([^" ]+)', second)
    assert urls
    for url in urls:  # every picture the cards show exists
        assert default_storage.exists(url.removeprefix(settings.MEDIA_URL)), url
