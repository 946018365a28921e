"""The newsletter's writes and reads: double opt-in, unsubscribe, suppression,
export, import, and sending an issue in batches."""

from __future__ import annotations

import logging
import re
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.views.decorators.debug import sensitive_variables
from wagtail.models import Locale
from wagtail.rich_text import expand_db_html

from privacy.journal import journal_append_safely
from privacy.models import Consent, Purpose, email_hmac
from privacy.selectors import policy_in_force, purpose_get
from privacy.services import consent_record, person_get_or_create

from .models import (
    EmailDelivery,
    NewsletterIssue,
    NewsletterSend,
    NewsletterSuppression,
    Subscription,
)

logger = logging.getLogger(__name__)

PURPOSE_KEY = "newsletter"
CONFIRM_SALT = "forms.newsletter.confirm"
MANAGE_SALT = "forms.newsletter.manage"
CONFIRM_MAX_AGE = timedelta(days=7)


class InvalidToken(Exception):
    """A link that was not made by us, or no longer points to anything."""


class ExpiredToken(InvalidToken):
    """A confirmation link older than seven days."""


# --- tokens ----------------------------------------------------------------------------


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


# --- sign-up and confirmation -------------------------------------------------------------


def newsletter_purpose(language: str | None = None) -> Purpose:
    return purpose_get(key=PURPOSE_KEY, language=language)


@sensitive_variables("email")
def subscription_request(
    *, email: str, language: str, purpose: Purpose | None = None, at=None
) -> Subscription:
    """A sign-up. New: a pending subscription, its consent row and a confirmation
    email. Pending: the confirmation is sent again (with a fresh link), nothing is
    duplicated. Confirmed: the address's owner is told so by email. The caller
    shows the same page in every case: nobody learns who is subscribed."""
    at = at or timezone.now()
    purpose = purpose or newsletter_purpose(language)
    with transaction.atomic():
        person = person_get_or_create(email=email, at=at)
        subscription = Subscription.objects.select_for_update().filter(person=person).first()
        if subscription is None:
            policy = policy_in_force(language=language, at=at)
            consent = consent_record(
                person=person,
                purpose=purpose,
                wording=purpose.consent_wording,
                given=True,
                policy_version=policy.version if policy else None,
                language=language,
                source=Consent.Source.NEWSLETTER,
                at=at,
            )
            subscription = Subscription.objects.create(
                person=person,
                language=language,
                consent=consent,
                signed_up_at=at,
                confirmation_sent_at=at,
            )
            kind = EmailDelivery.Kind.NEWSLETTER_CONFIRM
        elif subscription.status == Subscription.Status.PENDING:
            subscription.language = language
            subscription.confirmation_sent_at = at
            subscription.confirm_nonce = Subscription._meta.get_field("confirm_nonce").default()
            subscription.save(update_fields=["language", "confirmation_sent_at", "confirm_nonce"])
            kind = EmailDelivery.Kind.NEWSLETTER_CONFIRM
        else:
            kind = EmailDelivery.Kind.NEWSLETTER_ALREADY
        EmailDelivery.objects.create(subscription=subscription, kind=kind, next_attempt_at=at)

        def enqueue():
            from .tasks import deliver_subscription_emails

            deliver_subscription_emails.enqueue(subscription.pk)

        transaction.on_commit(enqueue)
    return subscription


@transaction.atomic
def subscription_confirm(*, subscription: Subscription, at=None) -> Subscription:
    """The address's owner confirmed: the subscription counts from now. An address
    suppressed after an earlier unsubscription is allowed back: its owner asked."""
    at = at or timezone.now()
    if subscription.status == Subscription.Status.CONFIRMED:
        return subscription
    subscription.status = Subscription.Status.CONFIRMED
    subscription.confirmed_at = at
    subscription.save(update_fields=["status", "confirmed_at"])
    if subscription.consent_id:
        Consent.objects.filter(pk=subscription.consent_id).update(confirmed_at=at)
    NewsletterSuppression.objects.filter(email_hmac=email_hmac(subscription.person.email)).delete()
    return subscription


def _delete_newsletter_data(subscription: Subscription, *, withdrawn: bool) -> None:
    from privacy.people.erasure import person_delete_if_unused

    person = subscription.person
    purpose_keys = Purpose.objects.filter(key=PURPOSE_KEY).values_list("translation_key")
    consents = Consent.objects.filter(person=person, purpose__translation_key__in=purpose_keys)
    consents.filter(submission__isnull=True).delete()
    if withdrawn:
        # A box ticked on a form stays with its submission as proof, marked withdrawn.
        consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    subscription.delete()
    person_delete_if_unused(person=person)


@transaction.atomic
def subscription_cancel(*, subscription: Subscription) -> None:
    """Unsubscribe: the consent is withdrawn by deleting the subscriber's newsletter
    data; only a keyed hash of the address stays, so no import adds it back."""
    suppression_add(email_hmac=email_hmac(subscription.person.email))
    _delete_newsletter_data(subscription, withdrawn=True)


def suppression_add(*, email_hmac: str) -> NewsletterSuppression:
    """Keep an address off the newsletter, here and in the journal outside the
    database (so that a restored backup does not bring the subscriber back)."""
    suppression, created = NewsletterSuppression.objects.get_or_create(email_hmac=email_hmac)
    if created or not suppression.journaled:
        transaction.on_commit(lambda: suppression_journal(suppression=suppression))
    return suppression


def suppression_journal(*, suppression: NewsletterSuppression) -> bool:
    written = journal_append_safely(
        {"kind": "unsubscribe", "email_hmac": suppression.email_hmac, "at": suppression.created_at}
    )
    if written:
        NewsletterSuppression.objects.filter(pk=suppression.pk).update(journaled=True)
    return written


def unsubscriptions_replay() -> int:
    """After a backup is restored: unsubscribe again those who left after it was
    taken (from the privacy journal). A sign-up made after leaving stands."""
    from datetime import datetime

    from privacy.journal import journal_entries

    removed = 0
    for entry in journal_entries():
        if entry.get("kind") != "unsubscribe":
            continue
        at = datetime.fromisoformat(entry["at"])
        subscriptions = Subscription.objects.filter(person__email_hmac=entry["email_hmac"])
        if subscriptions.filter(signed_up_at__gte=at).exists():
            continue  # signed up again after leaving: their new choice stands
        NewsletterSuppression.objects.get_or_create(
            email_hmac=entry["email_hmac"], defaults={"journaled": True}
        )
        for subscription in Subscription.objects.filter(
            person__email_hmac=entry["email_hmac"], signed_up_at__lt=at
        ).select_related("person"):
            with transaction.atomic():
                _delete_newsletter_data(subscription, withdrawn=True)
            removed += 1
    return removed


def subscription_set_language(*, subscription: Subscription, language: str) -> None:
    codes = {code for code, _name in settings.LANGUAGES}
    if language not in codes:
        raise ValueError(language)
    subscription.language = language
    subscription.save(update_fields=["language"])


def subscriptions_purge_unconfirmed(*, now=None) -> int:
    """Delete sign-ups whose confirmation link expired without being used."""
    now = now or timezone.now()
    expired = Subscription.objects.filter(
        status=Subscription.Status.PENDING, confirmation_sent_at__lt=now - CONFIRM_MAX_AGE
    ).select_related("person")
    count = 0
    from privacy.people.audit import audit_purge

    for subscription in expired:
        with transaction.atomic():
            audit_purge(
                instance=subscription,
                person=subscription.person,
                what="unconfirmed newsletter sign-up",
            )
            _delete_newsletter_data(subscription, withdrawn=False)
        count += 1
    return count


# --- staff: listing, export, import ---------------------------------------------------------

VIEW_PERMISSION = "forms.view_subscription"
EXPORT_PERMISSION = "forms.export_subscription"


def subscribers_for_user(user) -> QuerySet[Subscription]:
    """Confirmed subscribers, for marketing and the privacy officer only."""
    if not (user.is_active and user.has_perm(VIEW_PERMISSION)):
        return Subscription.objects.none()
    return Subscription.objects.filter(status=Subscription.Status.CONFIRMED).select_related(
        "person"
    )


def subscribers_for_export(user) -> list[Subscription]:
    if not user.has_perm(EXPORT_PERMISSION):
        return []
    suppressed = set(NewsletterSuppression.objects.values_list("email_hmac", flat=True))
    return [
        subscription
        for subscription in subscribers_for_user(user).order_by("confirmed_at", "pk")
        if email_hmac(subscription.person.email) not in suppressed
    ]


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    existing: int = 0
    suppressed: int = 0


def subscribers_import(*, rows: list[dict], source: str, language: str) -> ImportResult:
    """Add confirmed subscribers from another system (rows of email, language,
    consent date). A suppressed address is never added back."""
    suppressed_hashes = set(NewsletterSuppression.objects.values_list("email_hmac", flat=True))
    created = existing = suppressed = 0
    purpose = newsletter_purpose(language)
    for row in rows:
        email = row["email"]
        if email_hmac(email) in suppressed_hashes:
            suppressed += 1
            continue
        with transaction.atomic():
            at = row.get("consent_date") or timezone.now()
            person = person_get_or_create(email=email, at=at)
            if Subscription.objects.filter(person=person).exists():
                existing += 1
                continue
            consent = consent_record(
                person=person,
                purpose=purpose,
                wording=f"Imported from {source}: {purpose.consent_wording}",
                given=True,
                policy_version=None,
                language=row.get("language") or language,
                source=Consent.Source.IMPORT,
                at=at,
            )
            Subscription.objects.create(
                person=person,
                language=row.get("language") or language,
                status=Subscription.Status.CONFIRMED,
                consent=consent,
                signed_up_at=at,
                confirmation_sent_at=at,
                confirmed_at=at,
            )
            created += 1
    return ImportResult(created=created, existing=existing, suppressed=suppressed)


# --- emails ------------------------------------------------------------------------------------


def _context(subscription: Subscription) -> dict:
    return {
        "subscription": subscription,
        "confirm_url": confirm_url(subscription),
        "unsubscribe_url": unsubscribe_url(subscription),
        "preferences_url": preferences_url(subscription),
        "max_days": CONFIRM_MAX_AGE.days,
    }


def subscription_message(delivery: EmailDelivery) -> EmailMultiAlternatives:
    subscription = delivery.subscription
    name = "confirm" if delivery.kind == EmailDelivery.Kind.NEWSLETTER_CONFIRM else "already"
    with translation.override(subscription.language):
        context = _context(subscription)
        subject = render_to_string(f"forms/newsletter/email_{name}_subject.txt", context).strip()
        text = render_to_string(f"forms/newsletter/email_{name}.txt", context)
    headers = {}
    if name == "already":  # to a subscriber: leaving is one click away, as in an issue
        headers = {
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return EmailMultiAlternatives(subject, text, to=[subscription.person.email], headers=headers)


HREF = re.compile(r'href="(/[^"]*)"')


def issue_message(issue: NewsletterIssue, subscription: Subscription) -> EmailMultiAlternatives:
    """One issue for one subscriber, with RFC 8058 one-click unsubscribe headers."""
    unsubscribe = unsubscribe_url(subscription)
    with translation.override(subscription.language):
        body_html = HREF.sub(
            lambda match: f'href="{absolute(match.group(1))}"', expand_db_html(issue.body)
        )
        context = {
            **_context(subscription),
            "issue": issue,
            "body_html": body_html,
            "body_text": strip_tags(body_html),
        }
        text = render_to_string("forms/newsletter/email_issue.txt", context)
        html = render_to_string("forms/newsletter/email_issue.html", context)
    message = EmailMultiAlternatives(
        issue.subject,
        text,
        to=[subscription.person.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def newsletter_send_start(*, issue: NewsletterIssue, language: str) -> NewsletterSend:
    locale = Locale.objects.get(language_code=language)
    translated = issue.get_translation_or_none(locale)
    if translated is None:
        raise ValueError(f"The issue is not translated into {language}")
    recipients = Subscription.objects.filter(
        status=Subscription.Status.CONFIRMED, language=language
    )
    return NewsletterSend.objects.create(
        issue=translated, language=language, total=recipients.count()
    )


def newsletter_send_run(
    *,
    send: NewsletterSend,
    batch_size: int = 100,
    progress: Callable[[NewsletterSend], None] | None = None,
) -> NewsletterSend:
    """Send (or resume sending) an issue to the confirmed subscribers of its language,
    in batches, recording progress after each batch."""
    # One SMTP session for the whole sending (opened once, not per message).
    with get_connection() as connection:
        while True:
            batch = list(
                Subscription.objects.filter(
                    status=Subscription.Status.CONFIRMED,
                    language=send.language,
                    pk__gt=send.last_subscription_id,
                )
                .select_related("person")
                .order_by("pk")[:batch_size]
            )
            if not batch:
                break
            try:
                for subscription in batch:
                    try:
                        connection.send_messages([issue_message(send.issue, subscription)])
                    except smtplib.SMTPRecipientsRefused:
                        # One refused address does not stop the sending. Anything else
                        # (the server down) stops it, resumable where it stopped.
                        send.failed += 1
                        logger.warning("Newsletter %s: one address refused", send.pk)
                    else:
                        send.sent += 1
                    send.last_subscription_id = subscription.pk
            finally:
                send.save(update_fields=["sent", "failed", "last_subscription_id"])
            if progress:
                progress(send)
    send.status = NewsletterSend.Status.DONE
    send.finished_at = timezone.now()
    send.save(update_fields=["status", "finished_at"])
    return send
