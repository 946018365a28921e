from django import template
from django.urls import reverse
from django.utils.html import json_script
from django.utils.translation import get_language

from privacy.cookies import browser_config
from privacy.selectors import declaration_groups, policy_in_force

register = template.Library()


@register.inclusion_tag("privacy/cookies/banner.html", takes_context=True)
def cookie_banner(context):
    """The banner: in every page, the same for every visitor; the browser shows it
    when a choice is needed (without JavaScript it stays at the foot of the page)."""
    request = context.get("request")
    policy = policy_in_force(kind="cookies", language=get_language())
    return {
        "groups": declaration_groups(),
        # Back to the same page, without its query string (search terms, tokens).
        "next": request.path if request else "/",
        "cookie_policy_url": policy.url if policy else "",
    }


@register.simple_tag
def consent_config():
    return json_script(browser_config(), "consent-config")


@register.simple_tag
def cookie_settings_url():
    return reverse("cookie_preferences")
