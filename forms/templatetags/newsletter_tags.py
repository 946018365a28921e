from django import template
from wagtail.models import Locale

from forms.models import NewsletterPage

register = template.Library()


@register.inclusion_tag("forms/newsletter/footer_signup.html", takes_context=True)
def newsletter_footer(context):
    """The footer's sign-up block, posting to the newsletter page of the page's language."""
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
        "csrf_token": context.get("csrf_token"),
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE"),
    }
