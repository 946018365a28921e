"""Where the sign-up block of every page posts: it hands over to the newsletter page
of the language. Apart from ``views`` because it looks the page up, and the page
(``forms.newsletter.pages``) serves ``views``."""

from __future__ import annotations

from django.http import Http404
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from corpsite.base.origin import same_origin_post

from .pages import NewsletterPage
from .views import newsletter_signup


@same_origin_post
@require_POST
def newsletter_subscribe(request):
    """Where the sign-up block of every page posts (without a CSRF token, so that
    pages stay the same for everyone): the newsletter page of the language does
    the rest, and shows the form again with its errors."""
    page = (
        NewsletterPage.objects.live()
        .filter(locale=Locale.get_active(), purpose__isnull=False)
        .select_related("purpose")
        .first()
    )
    if page is None:
        raise Http404
    return newsletter_signup(request, page)
