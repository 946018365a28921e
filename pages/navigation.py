"""Selectors of the site's navigation: the menus, the home page of each language and
the translations of a page, as plain data kept in the frame's cache
(corpsite.base.frame), invalidated by pages.signals.

What is cached depends on the site and the language only; what depends on the
request (which link is the current page, the absolute URLs) is worked out by the
template tags (pages.templatetags.navigation).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page, Site

from corpsite.base.frame import frame_cached

from .models import Menu


@dataclass(frozen=True)
class CachedLink:
    """A link of a menu. ``url_path`` and ``depth`` are a page's (for "is this the
    current page or one of its ancestors?"); ``site_path`` a site screen's URL."""

    label: str
    url: str
    url_path: str | None = None
    depth: int = 0
    site_path: bool = False


@dataclass(frozen=True)
class Navigation:
    homes: dict[str, str]  # language code -> URL of that language's home page
    menus: dict[str, list[CachedLink]]  # slot -> links


def _url(page: Page, site: Site | None) -> str | None:
    return page.get_url(current_site=site)


def _locale(language: str) -> Locale:
    try:
        return Locale.objects.get_for_language(language)
    except (Locale.DoesNotExist, LookupError):
        return Locale.get_default()


def _menu_links(menu: Menu, locale: Locale, site: Site | None) -> list[CachedLink]:
    """The links of ``menu`` with each page in ``locale`` where it has a live
    translation (the page itself otherwise), leaving out pages that are not live.
    Two queries whatever the number of links."""
    blocks = list(menu.items)  # the chosen pages: one query for all (bulk_to_python)
    keys = {
        block.value["page"].translation_key
        for block in blocks
        if block.block_type == "page" and block.value["page"] is not None
    }
    translated = {
        page.translation_key: page
        for page in Page.objects.live().filter(translation_key__in=keys, locale=locale)
    }
    links = []
    for block in blocks:
        value = block.value
        if block.block_type == "page":
            target = value["page"]
            if target is None:
                continue
            target = translated.get(target.translation_key, target)
            if not target.live:
                continue
            url = _url(target, site)
            if url is None:
                continue
            links.append(
                CachedLink(value["label"] or target.title, url, target.url_path, target.depth)
            )
        elif block.block_type == "site":
            links.append(CachedLink(value["label"], reverse(value["target"]), site_path=True))
        else:
            links.append(CachedLink(value["label"], value["url"]))
    return links


def _build_navigation(site: Site | None, language: str) -> Navigation:
    with translation.override(language):
        locale = _locale(language)
        homes = {}
        if site is not None:
            for home in (
                site.root_page.get_translations(inclusive=True).live().select_related("locale")
            ):
                url = _url(home, site)
                if url is not None:
                    homes[home.locale.language_code] = url
        menus_by_slot: dict[str, dict[int, Menu]] = {}
        for menu in Menu.objects.all():
            menus_by_slot.setdefault(menu.slot, {})[menu.locale_id] = menu
        default_pk = Locale.get_default().pk
        menus = {}
        for slot, by_locale in menus_by_slot.items():
            menu = by_locale.get(locale.pk) or by_locale.get(default_pk)
            if menu is not None:
                menus[slot] = _menu_links(menu, locale, site)
        return Navigation(homes=homes, menus=menus)


def navigation_get(*, site: Site | None, language: str) -> Navigation:
    """The menus and home pages of ``site`` in ``language`` (the default language's
    menu where a menu is not translated)."""
    return frame_cached(
        name="navigation",
        language=language,
        parts=(site.pk if site else 0,),
        build=lambda: _build_navigation(site, language),
    )


def _build_translations(site: Site | None, translation_key) -> dict[str, str]:
    urls = {}
    for page in (
        Page.objects.live().filter(translation_key=translation_key).select_related("locale")
    ):
        url = _url(page, site)
        if url is not None:
            urls[page.locale.language_code] = url
    return urls


def page_translation_urls(*, page: Page, site: Site | None, language: str) -> dict[str, str]:
    """The URL of each live translation of ``page`` (itself included), by language code."""
    return frame_cached(
        name="translations",
        language=language,
        parts=(site.pk if site else 0, page.translation_key),
        build=lambda: _build_translations(site, page.translation_key),
    )
