from django import template
from django.urls import reverse
from django.utils.html import json_script
from django.utils.translation import get_language

from privacy.frame import CookieFrame, cookie_frame_get

register = template.Library()


def _cookie_frame(context) -> CookieFrame:
    """The frame's cookie structure, read once per request."""
    request = context.get("request")
    if request is None:
        return cookie_frame_get(language=get_language())
    if not hasattr(request, "_cookie_frame"):
        request._cookie_frame = cookie_frame_get(language=get_language())
    return request._cookie_frame


@register.inclusion_tag("privacy/cookies/banner.html", takes_context=True)
def cookie_banner(context):
    """The banner: in every page, the same for every visitor; the browser shows it
    when a choice is needed (without JavaScript it stays at the top of the page, after
    the skip link: first in the tab order either way)."""
    request = context.get("request")
    frame = _cookie_frame(context)
    return {
        "groups": frame.groups,
        # Back to the same page, without its query string (search terms, tokens).
        "next": request.path if request else "/",
        "cookie_policy_url": frame.cookie_policy_url,
    }


@register.simple_tag(takes_context=True)
def consent_config(context):
    return json_script(_cookie_frame(context).browser_config, "consent-config")


@register.simple_tag
def cookie_settings_url():
    return reverse("cookie_preferences")
