from django import template
from wagtail.models import Locale

from forms.newsletter.pages import NewsletterPage
from forms.newsletter.views import language_choices

register = template.Library()


def _signup_context(context, prefix: str) -> dict:
    request = context.get("request")
    page = None
    if request is not None:
        if not hasattr(request, "_newsletter_page"):
            request._newsletter_page = (
                NewsletterPage.objects.live()
                .filter(locale=Locale.get_active(), purpose__isnull=False)
                .select_related("purpose")
                .first()
            )
        page = request._newsletter_page
    return {
        "newsletter_page": page,
        "prefix": prefix,
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
        "languages": language_choices(),
    }


@register.inclusion_tag("forms/newsletter/footer_signup.html", takes_context=True)
def newsletter_footer(context):
    """The footer's sign-up block, posting to the newsletter page of the page's language."""
    return _signup_context(context, "footer")


@register.inclusion_tag("forms/newsletter/footer_signup.html", takes_context=True)
def newsletter_signup(context, prefix: str = "block"):
    """The same sign-up block, placed in a page's body by an editor."""
    return _signup_context(context, prefix)
