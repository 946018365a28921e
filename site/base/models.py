"""The site's base page (what every page type of every app shares) and the counters
of the rate limits."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from wagtail.models import Page


class SitePage(Page):
    """Behaviour shared by every page type of the site (not a page type itself)."""

    class Meta:
        abstract = True

    def get_live_translations(self) -> list[Page]:
        """This page and its live translations, in the order of settings.LANGUAGES."""
        pages = list(self.get_translations(inclusive=True).live().select_related("locale"))
        rank = {code: i for i, (code, _name) in enumerate(settings.LANGUAGES)}
        return sorted(pages, key=lambda p: rank.get(p.locale.language_code, len(rank)))

    def get_absolute_url_for(self, page: Page, request=None) -> str:
        """Absolute URL on the host the request came to (the Site record's otherwise)."""
        if request is None:
            return page.get_full_url()
        return request.build_absolute_uri(page.get_url(request))

    def get_sitemap_urls(self, request=None):
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
