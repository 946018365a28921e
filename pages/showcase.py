"""The product cards of the home page and of the product range, and the home page's
banner, rendered once per language and kept in the frame's cache
(corpsite.base.frame): a page that shows them costs no query for them, whatever the
number of products.

They are stale as soon as the frame is (a page published, unpublished, moved or
deleted; pages.signals), and also when an image or a page's view restriction
changes (a card's picture, the products that are public). A preview shows the
draft, built afresh and not cached.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Page

from corpsite.base.frame import frame_cached


@dataclass(frozen=True)
class HomeBanner:
    picture: SafeString  # the banner's <picture>, or ""
    primary_url: str | None
    secondary_url: str | None


def _cards(products, *, level: int) -> list[SafeString]:
    return [
        mark_safe(  # noqa: S308 - rendered by our own template, escaped there
            render_to_string(
                "pages/includes/product_card.html", {"product": product, "level": level}
            )
        )
        for product in products
    ]


def _build_home(page: Page) -> tuple[HomeBanner, list[SafeString]]:
    primary, secondary = page.banner_links()
    picture = ""
    if page.hero_image_id:
        picture = render_to_string("pages/includes/hero_picture.html", {"page": page})
    banner = HomeBanner(
        picture=mark_safe(picture),  # noqa: S308 - rendered by our own template
        primary_url=primary.url if primary else None,
        secondary_url=secondary.url if secondary else None,
    )
    return banner, _cards(page.product_highlights(), level=3)


def home_showcase_get(*, page: Page, preview: bool = False):
    """The home page's banner (its picture, its two links in the page's language) and
    its product cards (``page``: a pages.HomePage)."""
    language = translation.get_language()
    if preview:
        return _build_home(page)
    return frame_cached(
        name="home-showcase", language=language, parts=(page.pk,), build=lambda: _build_home(page)
    )


def range_cards_get(*, page: Page, preview: bool = False) -> list[SafeString]:
    """The cards of the products under the range ``page`` (a pages.ProductIndexPage)."""

    def build():
        return _cards(page.products(), level=2)

    if preview:
        return build()
    return frame_cached(
        name="range-cards", language=translation.get_language(), parts=(page.pk,), build=build
    )
