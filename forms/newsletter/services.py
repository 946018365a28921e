"""The newsletter's writes: double opt-in sign-up and confirmation, unsubscribe,
suppression (and its journal, replayed after a restore), language preference, the
purge of unconfirmed sign-ups, and the import of subscribers from another system."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from corpsite.base.queue import enqueue_on_commit
from privacy.journal import journal_append_safely, journal_entries
from privacy.models import Consent, Purpose, email_hmac
from privacy.people.audit import audit_purge
from privacy.people.erasure import person_delete_if_unused
from privacy.selectors import policy_in_force, purpose_get
from privacy.services import (
    consent_record,
    consent_withdraw,
    person_get_or_create,
    person_record_contact,
)

from ..models.submissions import EmailDelivery
from ..tasks import deliver_subscription_emails
from .models import NewsletterSuppression, Subscription
from .tokens import CONFIRM_MAX_AGE

PURPOSE_KEY = "newsletter"


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

        enqueue_on_commit(deliver_subscription_emails, subscription.pk)
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
    # A confirmed sign-up is a contact from the person: their clocks "from the last
    # contact" restart (the sign-up alone is not: anyone can type an address).
    person_record_contact(email=subscription.person.email, at=at)
    if subscription.consent_id:
        Consent.objects.filter(pk=subscription.consent_id).update(confirmed_at=at)
    NewsletterSuppression.objects.filter(email_hmac=email_hmac(subscription.person.email)).delete()
    return subscription


def _delete_newsletter_data(subscription: Subscription, *, withdrawn: bool) -> None:
    """The newsletter's purpose keeps its data until consent is withdrawn: the
    subscription and its consent rows go at once. A box ticked on a form stays with
    its submission as proof, marked withdrawn, and the clocks of the person's rows
    counted from withdrawal start (``consent_withdraw``)."""
    person = subscription.person
    purpose = Purpose.objects.filter(key=PURPOSE_KEY).order_by("pk").first()
    if purpose is not None:
        Consent.objects.filter(
            person=person,
            purpose__translation_key=purpose.translation_key,
            submission__isnull=True,
        ).delete()
    subscription.delete()
    if withdrawn and purpose is not None:
        consent_withdraw(person=person, purpose=purpose, at=timezone.now())
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


# --- import -------------------------------------------------------------------------------


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
