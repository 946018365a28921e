"""Who sees which subscribers: marketing and the privacy officer see the confirmed
ones; those who may export get them without the suppressed addresses. The staff
screens reach these through the registered permission policy (``permissions``)."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import NewsletterSuppression, Subscription

VIEW_PERMISSION = "forms.view_subscription"
EXPORT_PERMISSION = "forms.export_subscription"


def user_may_see_subscribers(user) -> bool:
    return user.is_active and user.has_perm(VIEW_PERMISSION)


def user_may_export_subscribers(user) -> bool:
    return user_may_see_subscribers(user) and user.has_perm(EXPORT_PERMISSION)


def subscribers_for_user(user) -> QuerySet[Subscription]:
    """Confirmed subscribers, for marketing and the privacy officer only."""
    if not user_may_see_subscribers(user):
        return Subscription.objects.none()
    return Subscription.objects.filter(status=Subscription.Status.CONFIRMED).select_related(
        "person"
    )


def subscribers_for_export(user) -> QuerySet[Subscription]:
    """What goes to the emailing platform: the confirmed subscribers whose address is
    not suppressed (matched by keyed hash, as the journal's replay does)."""
    if not user_may_export_subscribers(user):
        return Subscription.objects.none()
    return subscribers_for_user(user).exclude(
        person__email_hmac__in=NewsletterSuppression.objects.values("email_hmac")
    )
