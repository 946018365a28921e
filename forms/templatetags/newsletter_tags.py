from django import template
from django.utils.translation import get_language
from wagtail.models import Site

from forms.newsletter.frame import newsletter_signup_get
from forms.newsletter.views import language_choices

register = template.Library()


def _signup_context(context, prefix: str) -> dict:
    request = context.get("request")
    newsletter = None
    if request is not None:
        newsletter = newsletter_signup_get(
            site=Site.find_for_request(request), language=get_language()
        )
    return {
        "newsletter": newsletter,
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
