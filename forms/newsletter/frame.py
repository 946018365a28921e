"""What the frame of every page needs from the newsletter (the footer's sign-up
block), as plain data kept in the frame's cache (corpsite.base.frame). The page's
publication and its purpose's wording invalidate it (pages' and privacy's signals)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from wagtail.models import Locale, Site

from corpsite.base.frame import frame_cached

from .pages import NewsletterPage


@dataclass(frozen=True)
class NewsletterSignup:
    """What the sign-up block shows: the newsletter page's address and the wording of
    its purpose (plain data, kept in the frame's cache: corpsite.base.frame)."""

    url: str
    consent_wording: str
    withdrawal_wording: str


def _build_signup(site: Site | None, language: str) -> NewsletterSignup | None:
    with translation.override(language):
        page = (
            NewsletterPage.objects.live()
            .filter(locale=Locale.get_active(), purpose__isnull=False)
            .select_related("purpose")
            .first()
        )
        if page is None:
            return None
        return NewsletterSignup(
            url=page.get_url(current_site=site) or "",
            consent_wording=page.purpose.consent_wording,
            withdrawal_wording=page.purpose.withdrawal_wording,
        )


def newsletter_signup_get(*, site: Site | None, language: str) -> NewsletterSignup | None:
    """The newsletter of ``language``'s sign-up block, None without a newsletter page."""
    return frame_cached(
        name="newsletter",
        language=language,
        parts=(site.pk if site else 0,),
        build=lambda: _build_signup(site, language),
    )
