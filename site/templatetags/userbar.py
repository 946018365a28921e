"""The Wagtail user bar, for staff only, without touching an anonymous visitor's
session.

Wagtail's ``{% wagtailuserbar %}`` reads ``request.user``, which loads the session:
every page would then answer with ``Vary: Cookie`` and none could be kept in the page
cache (corpsite.page_cache). A visitor without a session cookie cannot be signed in,
so for them the bar is not asked for at all.
"""

from django import template
from django.conf import settings
from wagtail.admin.templatetags.wagtailuserbar import wagtailuserbar

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_userbar(context, position: str = "bottom-right") -> str:
    request = context.get("request")
    if request is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return ""
    return wagtailuserbar(context, position)
