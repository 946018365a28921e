from django import template
from django.core.cache import cache
from django.utils.translation import get_language

from privacy.models.requests_page import DATA_REQUEST_URL_CACHE_KEY, data_request_page_url
from privacy.selectors import policy_notice_state
from privacy.services import NOTICE_CACHE_KEY

register = template.Library()


@register.inclusion_tag("privacy/includes/policy_notice.html")
def policy_notice():
    """The hidden "policy changed" notices; the browser shows them to visitors who
    last saw an older version than the latest material one (site.js)."""
    language = get_language()
    policies = cache.get_or_set(
        NOTICE_CACHE_KEY.format(language=language),
        lambda: policy_notice_state(language=language),
        timeout=300,
    )
    return {"policies": policies}


@register.simple_tag
def data_request_url() -> str:
    """The data request page of the active language, for the footer of every page and
    the privacy policy: cached per language (no query once cached), forgotten when
    such a page is published, unpublished, moved or deleted (privacy.signals)."""
    language = get_language()
    return cache.get_or_set(
        DATA_REQUEST_URL_CACHE_KEY.format(language=language),
        lambda: data_request_page_url(language=language),
        timeout=24 * 3600,
    )
