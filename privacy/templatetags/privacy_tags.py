from django import template
from django.core.cache import cache
from django.utils.translation import get_language

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
