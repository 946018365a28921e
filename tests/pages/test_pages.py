"""Every page type renders, in English and in French, with the seeded content."""

import pytest
from django.utils import timezone
from wagtail.models import Page

from pages.models import ContentPage, HomePage, JobIndexPage, JobOfferPage
from tests.conftest import page_by_slug

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "language", "expected"),
    [
        ("/en/", "en", "Rugged devices, built in Brittany"),
        ("/fr/", "fr", "Des terminaux durcis, construits en Bretagne"),
        ("/en/products/", "en", "T-Rock 8 handheld computer"),
        ("/fr/produits/", "fr", "Terminal portable T-Rock 8"),
        ("/en/careers/", "en", "Field service technician (M/F)"),
        ("/fr/carrieres/", "fr", "Technicien de maintenance itinérant (H/F)"),
        ("/en/careers/repair-centre-technician/", "en", "Columbus, Ohio, United States"),
        (
            "/fr/carrieres/technicien-centre-de-reparation/",
            "fr",
            "Columbus, Ohio, États-Unis",
        ),
    ],
)
def test_page_renders_in_its_language(client, url, language, expected):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert expected in html


def test_every_page_type_has_a_live_page_in_both_languages():
    for model in (HomePage, ContentPage, JobIndexPage, JobOfferPage):
        languages = set(model.objects.live().values_list("locale__language_code", flat=True))
        assert languages == {"en", "fr"}, model


def test_every_live_page_answers_200(client):
    pages = list(Page.objects.live().filter(depth__gt=1))
    assert pages
    for page in pages:
        response = client.get(page.get_url())
        assert response.status_code == 200, page.url_path


def test_content_page_renders_streamfield_blocks(client):
    response = client.get("/en/")
    html = response.content.decode()
    assert "<h2>Made to be dropped</h2>" in html  # heading
    assert "tested against 1.8 m drops" in html  # rich text
    assert 'alt="A rugged handheld computer on a wet quay"' in html  # image
    assert '<a class="button" href="/en/products/">See our products</a>' in html  # CTA


def test_call_to_action_links_to_the_translated_page(client):
    html = client.get("/fr/").content.decode()
    assert '<a class="button" href="/fr/produits/">Voir nos produits</a>' in html


def test_job_offer_shows_translated_contract_type_and_dates(client):
    offer = page_by_slug("technicien-centre-de-reparation", "fr")
    html = client.get("/fr/carrieres/technicien-centre-de-reparation/").content.decode()
    assert "CDD" in html  # fixed-term contract, in French
    assert offer.closing_date.isoformat() in html


def test_job_index_hides_closed_offers(client):
    offer = page_by_slug("field-service-technician")
    offer.closing_date = timezone.localdate() - timezone.timedelta(days=1)
    offer.save_revision().publish()
    html = client.get("/en/careers/").content.decode()
    assert "Field service technician" not in html
    assert "Repair centre technician" in html
    # The closed offer still has its page, which says it is closed.
    page_html = client.get("/en/careers/field-service-technician/").content.decode()
    assert "This position is closed" in page_html


def test_search_finds_pages_in_the_visitors_language_only(client):
    response = client.get("/fr/recherche/", {"q": "réparation"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "/fr/reparation-et-support/" in html
    assert "/en/" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_search_shows_query_escaped(client):
    response = client.get("/en/search/", {"q": "<script>alert(1)</script>"})
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_with_empty_or_bad_page_number(client):
    assert client.get("/en/search/", {"q": "", "page": "x"}).status_code == 200
    assert client.get("/en/search/", {"q": "device", "page": "999"}).status_code == 200
