"""The people data is about, and the consents they gave or refused."""

from __future__ import annotations

import hmac
import unicodedata
from hashlib import sha256

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def normalize_email(email: str) -> str:
    """One spelling per address: Unicode NFKC, surrounding spaces removed, case-folded."""
    return unicodedata.normalize("NFKC", email or "").strip().casefold()


def email_hmac(email: str) -> str:
    """A keyed hash of a normalized address: names a person in logs and receipts
    without holding the address itself."""
    key = settings.PRIVACY_HMAC_KEY.encode()
    return hmac.new(key, normalize_email(email).encode(), sha256).hexdigest()


class Person(models.Model):
    """A data subject: one row per normalized email address."""

    email = models.EmailField(_("email"), max_length=254, unique=True)
    created_at = models.DateTimeField(_("first contact"), auto_now_add=True)
    last_contact_at = models.DateTimeField(
        _("last contact from the person"),
        help_text=_("The last time the person contacted us: starts some retention periods."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"Person #{self.pk}"

    def save(self, *args, **kwargs) -> None:
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)


class Consent(models.Model):
    """One consent box shown to a person: its exact wording, and whether it was ticked."""

    class Source(models.TextChoices):
        FORM = "form", _("Form")
        NEWSLETTER = "newsletter", _("Newsletter sign-up")
        IMPORT = "import", _("Import")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.ForeignKey(
        "privacy.Purpose",
        verbose_name=_("purpose"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    wording = models.TextField(_("wording shown"))
    given = models.BooleanField(_("given"))
    policy_version = models.ForeignKey(
        "privacy.PolicyVersion",
        verbose_name=_("policy version in force"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    submission = models.ForeignKey(
        "forms.Submission",
        verbose_name=_("submission"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consents",
    )
    given_at = models.DateTimeField(_("answered at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["person", "purpose"])]

    def __str__(self) -> str:
        return f"Consent #{self.pk}"
