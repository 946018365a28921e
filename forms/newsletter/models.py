"""The newsletter's records, in the ``forms`` app (``forms.models`` imports them):
subscribers, suppressed addresses, issues and their sendings. Its sign-up page is in
``forms.newsletter.pages`` (a page serves a view, so it sits above the views and the
services, which import these records)."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import RevisionMixin, TranslatableMixin

from corpsite.base.richtext import RICH_TEXT_FEATURES


def new_nonce() -> str:
    return secrets.token_hex(16)


class Subscription(models.Model):
    """A person's newsletter subscription: pending until the address is confirmed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")

    person = models.OneToOneField(
        "privacy.Person", on_delete=models.CASCADE, related_name="subscription"
    )
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    consent = models.ForeignKey(
        "privacy.Consent", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_up_at = models.DateTimeField(_("signed up at"))
    confirmation_sent_at = models.DateTimeField(_("confirmation asked at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    confirm_nonce = models.CharField(max_length=32, default=new_nonce)
    manage_nonce = models.CharField(max_length=32, default=new_nonce)

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        permissions = [("export_subscription", "Can export newsletter subscribers")]
        indexes = [models.Index(fields=["status", "language"])]

    def __str__(self) -> str:
        return f"Subscriber #{self.pk}"

    @property
    def email(self) -> str:
        return self.person.email


class NewsletterSuppression(models.Model):
    """What is kept of someone who unsubscribed: a keyed hash of their address, so
    that no import adds them back. Nothing else."""

    email_hmac = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    journaled = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")

    def __str__(self) -> str:
        return f"Suppressed address #{self.pk}"


class NewsletterIssue(TranslatableMixin, RevisionMixin, models.Model):
    """One issue of the newsletter, translated with wagtail-localize; each language
    is sent to the confirmed subscribers who chose it."""

    title = models.CharField(_("title"), max_length=255, help_text=_("For the admin."))
    subject = models.CharField(_("email subject"), max_length=200)
    body = RichTextField(_("text"), features=RICH_TEXT_FEATURES)

    panels = [FieldPanel("title"), FieldPanel("subject"), FieldPanel("body")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def __str__(self) -> str:
        return self.title


class NewsletterSend(models.Model):
    """The sending of an issue in one language, with its progress: it can resume."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Sending")
        DONE = "done", _("Sent")

    issue = models.ForeignKey(NewsletterIssue, on_delete=models.PROTECT, related_name="sends")
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    last_subscription_id = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("newsletter sending")
        verbose_name_plural = _("newsletter sendings")

    def __str__(self) -> str:
        return f"{self.issue} ({self.language})"
