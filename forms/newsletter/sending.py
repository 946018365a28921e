"""The newsletter's emails: the sign-up emails (confirm, already subscribed) and an
issue sent to the confirmed subscribers of a language, in batches, resumable, with
RFC 8058 one-click unsubscribe headers."""

from __future__ import annotations

import logging
import re
import smtplib
from collections.abc import Callable

from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags
from wagtail.models import Locale
from wagtail.rich_text import expand_db_html

from ..models.submissions import EmailDelivery
from .models import NewsletterIssue, NewsletterSend, Subscription
from .tokens import CONFIRM_MAX_AGE, absolute, confirm_url, preferences_url, unsubscribe_url

logger = logging.getLogger(__name__)

HREF = re.compile(r'href="(/[^"]*)"')


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
