"""The site's base page (what every page type of every app shares) and the counters
of the rate limits."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page

#: A search engine shows about this many characters of a description.
DESCRIPTION_LENGTH = 160


def _routes_like_a_page(page: Page) -> bool:
    """Whether ``page`` hands a longer path to its child of the next slug, as Wagtail's
    Page.route does (a routable page may answer it itself)."""
    model = ContentType.objects.get_for_id(page.content_type_id).model_class()
    return model is not None and model.route in (Page.route, SitePage.route)


class SitePage(Page):
    """Behaviour shared by every page type of the site (not a page type itself)."""

    #: False for a page type that search engines should not index (a form, a visitor's
    #: own request): its pages say ``noindex``, have no canonical link and stay out of
    #: sitemap.xml. Override it in a subclass.
    search_engine_index = True
    #: What a page of this type says of itself (meta description, Open Graph) when its
    #: editor wrote no search description and it has no introduction: a lazy
    #: translation, overridden per page type.
    default_description = None
    #: Fields whose text (plain or rich) describes the page, in the order tried.
    description_fields = ("intro", "description")

    class Meta:
        abstract = True

    def get_meta_description(self) -> str:
        """The page's description for search engines and link previews: the editor's
        search description, else the page's introduction (as plain text, cut at a
        word), else its type's default. You can override this method per page type."""
        if self.search_description:
            return self.search_description
        for name in self.description_fields:
            value = getattr(self, name, None)
            text = " ".join(strip_tags(str(value)).split()) if value else ""
            if text:
                return Truncator(text).chars(DESCRIPTION_LENGTH)
        return str(self.default_description) if self.default_description else ""

    def get_og_image(self, request=None) -> str:
        """The absolute URL of the image a link preview shows: the first image of the
        page's body, at the size the page shows it (no extra rendition); empty when
        there is none. You can override this method for a page type with its own image."""
        for block in getattr(self, "body", None) or []:
            if block.block_type == "image" and block.value.get("image"):
                url = block.value["image"].get_rendition("width-1200").url
                return request.build_absolute_uri(url) if request is not None else url
        return ""

    def route(self, request, path_components):
        """Wagtail's routing, with the pages of a deep path found in one query instead of
        two per level (each child by its slug, then its specific page): the same
        outcome, since a page's url_path is its ancestors' slugs. A page type with its
        own routing (a routable page) still gets the rest of the path to route."""
        if len(path_components) < 2:
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "/".join(path_components[: index + 1]) + "/"
            for index in range(len(path_components))
        ]
        found = {
            page.url_path: page
            for page in Page.objects.filter(
                url_path__in=prefixes, path__startswith=self.path, depth__gt=self.depth
            )
        }
        parent: Page = self
        handled = 0
        for prefix in prefixes:
            page = found.get(prefix)
            if page is None or page.depth != parent.depth + 1:
                break
            page._cached_parent_obj = parent
            parent, handled = page, handled + 1
            if not _routes_like_a_page(page):
                break
        if handled == 0:
            raise Http404
        specific = parent.specific
        specific._cached_parent_obj = parent._cached_parent_obj
        return specific.route(request, path_components[handled:])

    def get_live_translations(self) -> list[Page]:
        """This page and its live translations, in the order of settings.LANGUAGES
        (``prefetched_live_translations`` when a list of pages found them at once)."""
        pages = getattr(self, "prefetched_live_translations", None)
        if pages is None:
            pages = list(self.get_translations(inclusive=True).live().select_related("locale"))
        rank = {code: i for i, (code, _name) in enumerate(settings.LANGUAGES)}
        return sorted(pages, key=lambda p: rank.get(p.locale.language_code, len(rank)))

    def get_absolute_url_for(self, page: Page, request=None) -> str:
        """Absolute URL on the host the request came to (the Site record's otherwise)."""
        if request is None:
            return page.get_full_url()
        return request.build_absolute_uri(page.get_url(request))

    def get_sitemap_urls(self, request=None):
        if not self.search_engine_index:
            return []
        alternates = [
            {
                "lang_code": page.locale.language_code,
                "location": self.get_absolute_url_for(page, request),
            }
            for page in self.get_live_translations()
        ]
        entry = {
            "location": self.get_absolute_url_for(self, request),
            "lastmod": self.last_published_at or self.latest_revision_created_at,
        }
        if len(alternates) > 1:
            entry["alternates"] = alternates
        return [entry]


class RateLimitCounter(models.Model):
    """Hits of one scope from one address in the current window, counted by one
    atomic SQL statement (corpsite.base.ratelimits) when the cache is not Redis.
    The key is a keyed hash: no address."""

    key = models.CharField(max_length=64, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    # Unix time at which the window ends (an integer: the same SQL on every database).
    expires = models.BigIntegerField(db_index=True)

    def __str__(self) -> str:
        return "Rate-limit counter"
