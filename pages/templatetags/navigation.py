"""Template tags for the header, the footer and the language alternates."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.translation import get_language, get_language_info
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from pages.navigation import Navigation, navigation_get, page_translation_urls

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # the language's name in that language ("Français")
    url: str
    switch_url: str  # goes to ``url`` and remembers the language chosen
    full_url: str
    is_current: bool
    is_translation: bool  # False when it falls back to that language's home page
    is_default: bool  # the site's default language, also announced as hreflang x-default


def _language_name(code: str, fallback: str) -> str:
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return str(fallback)


def _site(request) -> Site | None:
    return Site.find_for_request(request)  # kept on the request by Wagtail


def _navigation(request) -> Navigation:
    if not hasattr(request, "_navigation"):
        request._navigation = navigation_get(site=_site(request), language=get_language())
    return request._navigation


@register.simple_tag(takes_context=True)
def home_url(context) -> str:
    homes = _navigation(context["request"]).homes
    return homes.get(get_language()) or homes.get(settings.LANGUAGE_CODE) or "/"


def _subpage_route(request, page, language: str) -> str:
    """The same sub-page of a routable page in the other language: version 3 of the
    policy leads to version 3 of its translation, not to the policy itself (a
    translation is of the same page type, with the same sub-pages, whose routes may be
    translated: /en/contact/thanks/ is /fr/contact/merci/)."""
    match = getattr(request, "routable_resolver_match", None)
    if match is None or not isinstance(page, RoutablePageMixin) or not match.url_name:
        return ""
    try:
        with translation.override(language):
            route = page.reverse_subpage(match.url_name, args=match.args, kwargs=match.kwargs)
    except NoReverseMatch:
        return ""
    # A sub-page's query string is part of it (the thank-you page's signed reference).
    query = request.META.get("QUERY_STRING", "")
    return f"{route}?{query}" if query else route


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """One link per language: the translation of the current page, else that language's home.

    Wagtail pages use their live translations; other views with a named URL
    (search, ...) use Django's translate_url, keeping the query string; anything
    else (a 404, say) links to each language's home page.
    """
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    current = get_language()
    homes = _navigation(request).homes
    translations: dict[str, str] = {}
    if isinstance(page, Page) and page.pk:
        translations = page_translation_urls(page=page, site=_site(request), language=current)
    match = getattr(request, "resolver_match", None)
    # Wagtail's catch-all view is named too, but when it renders without a page
    # (a 404), there is nothing to translate: fall back to the home pages.
    named_view = (
        page is None and match is not None and match.url_name not in (None, "wagtail_serve")
    )
    links = []
    for code, fallback_name in settings.LANGUAGES:
        target = translations.get(code)
        is_translation = target is not None
        if target is not None:
            url = target + _subpage_route(request, page, code)
        elif named_view:
            url = translate_url(request.get_full_path(), code)
            is_translation = True
        elif code in homes:
            url = homes[code]
        else:
            continue
        switch = f"{reverse('switch_language', args=[code])}?{urlencode({'next': url})}"
        links.append(
            LanguageLink(
                code=code,
                name=_language_name(code, fallback_name),
                url=url,
                switch_url=switch,
                full_url=request.build_absolute_uri(url),
                is_current=code == current,
                is_translation=is_translation,
                is_default=code == settings.LANGUAGE_CODE,
            )
        )
    return links


@dataclass(frozen=True)
class MenuLink:
    label: str
    url: str
    is_active: bool


@register.simple_tag(takes_context=True)
def menu_links(context, slot: str) -> list[MenuLink]:
    """The links of a menu in the active language (the default language's menu if untranslated)."""
    request = context.get("request")
    if request is None:
        return []
    current = context.get("page")
    current_path = getattr(current, "url_path", None)
    links = []
    for link in _navigation(request).menus.get(slot, []):
        if link.url_path is not None:
            active = current_path is not None and (
                current_path == link.url_path
                or (link.depth > 2 and current_path.startswith(link.url_path))
            )
        elif link.site_path:
            active = request.path == link.url
        else:
            active = False
        links.append(MenuLink(link.label, link.url, active))
    return links


@register.filter
def links_to(links, url: str) -> bool:
    """Whether one of the links leads to ``url``."""
    return any(link.url == url for link in links)
