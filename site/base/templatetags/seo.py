"""What search engines and link previews read in a page's head: robots, description,
canonical link and Open Graph tags (``{% seo_meta %}`` in base.html).

A Wagtail page says it all itself (SitePage.search_engine_index,
SitePage.get_meta_description); another view's template passes what it knows::

    {% block seo %}{% seo_meta noindex=True description=_("...") %}{% endblock %}
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.translation import get_language, gettext, to_locale

register = template.Library()

# Open Graph wants language_TERRITORY; a language of settings.LANGUAGES without an
# entry here gets Django's locale name.
OG_LOCALES = {"en": "en_GB", "fr": "fr_FR"}


def og_locale(code: str) -> str:
    return getattr(settings, "OG_LOCALES", OG_LOCALES).get(code) or to_locale(code)


def site_description() -> str:
    return gettext(
        "Tevenn Devices designs, builds and repairs rugged phones, tablets and handhelds "
        "in Brest, France."
    )


@register.inclusion_tag("base/seo_meta.html", takes_context=True)
def seo_meta(context, *, noindex=None, description=None, title=None, image=None) -> dict:
    request = context.get("request")
    page = context.get("page")
    is_page = page is not None and hasattr(page, "get_meta_description")
    if noindex is None:
        noindex = is_page and not page.search_engine_index
    if not description and is_page:
        description = page.get_meta_description()
    if not title and page is not None:
        title = getattr(page, "seo_title", "") or getattr(page, "title", "")
    if image is None and is_page and hasattr(page, "get_og_image"):
        image = page.get_og_image(request)
    url = ""
    if request is not None:
        # The page's own address, without the query string: what to index and share.
        url = request.build_absolute_uri(request.path)
    current = get_language() or settings.LANGUAGE_CODE
    languages = context.get("languages") or []
    return {
        "noindex": noindex,
        "description": description or site_description(),
        "title": title,
        "url": url,
        "image": image,
        # A home page (depth 2) or another view: the site; any other page: an article.
        "type": "article" if is_page and page.depth > 2 else "website",
        "locale": og_locale(current),
        "alternate_locales": [
            og_locale(language.code)
            for language in languages
            if language.is_translation and language.code != current
        ],
    }
