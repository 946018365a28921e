"""The newsletter's signed links: confirming a sign-up (valid seven days) and
managing a subscription (unsubscribe, preferences: never expires, as links in old
emails must keep working). Django's signing, and a nonce per subscription that a
new confirmation email replaces."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from .models import Subscription

CONFIRM_SALT = "forms.newsletter.confirm"
MANAGE_SALT = "forms.newsletter.manage"
CONFIRM_MAX_AGE = timedelta(days=7)


class InvalidToken(Exception):
    """A link that was not made by us, or no longer points to anything."""


class ExpiredToken(InvalidToken):
    """A confirmation link older than seven days."""


def confirm_token(subscription: Subscription) -> str:
    return signing.dumps({"s": subscription.pk, "n": subscription.confirm_nonce}, salt=CONFIRM_SALT)


def manage_token(subscription: Subscription) -> str:
    """For unsubscribing and preferences: it does not expire, as unsubscribe links
    in old emails must keep working."""
    return signing.dumps({"s": subscription.pk, "n": subscription.manage_nonce}, salt=MANAGE_SALT)


def subscription_from_confirm_token(token: str) -> Subscription:
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE.total_seconds())
    except signing.SignatureExpired as error:
        raise ExpiredToken from error
    except signing.BadSignature as error:
        raise InvalidToken from error
    return _subscription(payload, nonce_field="confirm_nonce")


def subscription_from_manage_token(token: str) -> Subscription:
    try:
        payload = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature as error:
        raise InvalidToken from error
    return _subscription(payload, nonce_field="manage_nonce")


def _subscription(payload, *, nonce_field: str) -> Subscription:
    if not isinstance(payload, dict):
        raise InvalidToken
    subscription = (
        Subscription.objects.select_related("person")
        .filter(pk=payload.get("s"), **{nonce_field: str(payload.get("n"))})
        .first()
    )
    if subscription is None:
        raise InvalidToken
    return subscription


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def confirm_url(subscription: Subscription) -> str:
    with translation.override(subscription.language):
        path = reverse("newsletter_confirm")
    return absolute(f"{path}?token={confirm_token(subscription)}")


def unsubscribe_url(subscription: Subscription) -> str:
    with translation.override(subscription.language):
        path = reverse("newsletter_unsubscribe")
    return absolute(f"{path}?token={manage_token(subscription)}")


def preferences_url(subscription: Subscription) -> str:
    with translation.override(subscription.language):
        path = reverse("newsletter_preferences")
    return absolute(f"{path}?token={manage_token(subscription)}")
