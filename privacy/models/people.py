"""The people data is about, and the consents they gave or refused."""

from __future__ import annotations

import hmac
import unicodedata
import uuid
from hashlib import sha256

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from corpsite.base.storage import private_storage
from privacy.retention import add_months

# The privacy officer's permission (Person's Meta): find, export, erase, rectify.
MANAGE_PERSONAL_DATA = "privacy.manage_personal_data"


def normalize_email(email: str) -> str:
    """One spelling per address: Unicode NFKC, surrounding spaces removed, case-folded."""
    return unicodedata.normalize("NFKC", email or "").strip().casefold()


def email_hmac(email: str) -> str:
    """A keyed hash of a normalized address: names a person in logs and receipts
    without holding the address itself."""
    key = settings.PRIVACY_HMAC_KEY.encode()
    return hmac.new(key, normalize_email(email).encode(), sha256).hexdigest()


def normalize_name(text: str) -> str:
    """Names as the search compares them, the same on every database: Unicode
    compatibility forms, accents and case removed ("Zéphyrine" and "ZEPHYRINE" meet)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


class Person(models.Model):
    """A data subject: one row per normalized email address."""

    email = models.EmailField(_("email"), max_length=254, unique=True)
    email_hmac = models.CharField(
        _("keyed hash of the email"), max_length=64, db_index=True, editable=False, default=""
    )
    created_at = models.DateTimeField(_("first contact"), auto_now_add=True)
    last_contact_at = models.DateTimeField(
        _("last contact from the person"),
        help_text=_("The last time the person contacted us: starts some retention periods."),
    )
    name_key = models.TextField(
        _("names, for the search"),
        blank=True,
        default="",
        editable=False,
        help_text=_("The names the person gave in forms, normalized (see normalize_name)."),
    )
    hold_reason = models.CharField(
        _("legal hold"),
        max_length=255,
        blank=True,
        default="",
        help_text=_(
            "Why everything about this person must be kept (a dispute, an authority's "
            "request). Empty: no hold. Held data is never purged."
        ),
    )
    hold_set_at = models.DateTimeField(_("on hold since"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        permissions = [
            ("manage_personal_data", "Can find, export, erase and rectify personal data"),
            ("hold_personal_data", "Can put people and submissions on legal hold, and lift it"),
        ]

    def __str__(self) -> str:
        return f"Person #{self.pk}"

    def save(self, *args, **kwargs) -> None:
        self.email = normalize_email(self.email)
        self.email_hmac = email_hmac(self.email)
        if kwargs.get("update_fields") is not None and "email" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "email_hmac"}
        super().save(*args, **kwargs)

    def add_names(self, *names: str) -> bool:
        """Remember names the person gave, for the search. Returns whether any is new."""
        known = set(self.name_key.split())
        words = {word for name in names for word in normalize_name(name).split()}
        if words <= known:
            return False
        self.name_key = " ".join(sorted(known | words))
        return True


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
    # The record the box was answered with, kept by another app (a form submission):
    # privacy knows it by content type and id only. That model declares a
    # GenericRelation to Consent, so deleting the record deletes its consents.
    record_type = models.ForeignKey(
        ContentType,
        verbose_name=_("linked record (type)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    record_id = models.PositiveBigIntegerField(_("linked record (id)"), null=True, blank=True)
    record = GenericForeignKey("record_type", "record_id")
    given_at = models.DateTimeField(_("answered at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [
            models.Index(fields=["person", "purpose"]),
            models.Index(fields=["record_type", "record_id"]),
        ]

    def __str__(self) -> str:
        return f"Consent #{self.pk}"


def data_request_deadline(received_at):
    return add_months(received_at, 1)


class DataRequest(models.Model):
    """A request from a person about their data. Filed by the person on the site (then
    confirmed from the address, and only then a request staff see) or recorded by
    staff. Answered within one month of confirmation, which can be extended once by up
    to two months with a reason given to the person (GDPR Art. 12(3))."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access or export")
        ERASURE = "erasure", _("Erasure")
        RECTIFICATION = "rectification", _("Rectification")
        OBJECTION = "objection", _("Objection")
        RESTRICTION = "restriction", _("Restriction")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the person's confirmation")
        OPEN = "open", _("Open")
        DONE = "done", _("Answered")
        REFUSED = "refused", _("Refused")

    # Given when the request is confirmed: only real requests are numbered.
    # NULL, not "": several unconfirmed requests share no reference yet.
    reference = models.CharField(  # noqa: DJ001
        _("reference"), max_length=20, unique=True, null=True
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    email_hmac = models.CharField(max_length=64, db_index=True, editable=False)
    # Where the answers go; erased with the person (kept until an erasure's answer is sent).
    email = models.EmailField(_("email address"), blank=True, default="")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    language = models.CharField(_("language"), max_length=10)
    details = models.TextField(_("what the person asked"), blank=True)
    minor_at_collection = models.BooleanField(
        _("under 18 when the data was collected"),
        default=False,
        help_text=_("Erasure without delay, overriding retention periods (not legal holds)."),
    )
    received_at = models.DateTimeField(_("received at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    deadline = models.DateTimeField(_("answer due by"), null=True, blank=True)
    extended = models.BooleanField(_("deadline extended"), default=False)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    answer = models.TextField(
        _("answer"), blank=True, help_text=_("The reason for a refusal, or what was done.")
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("data request")
        verbose_name_plural = _("data requests")
        ordering = ["deadline"]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        if self.reference:
            return f"Data request {self.reference}"
        return f"Unconfirmed data request #{self.pk}"


class DataRequestEmail(models.Model):
    """An email owed to the person about their request, sent (and retried) by a task:
    which one, and when it went. It holds no address and no text: both are read from
    the request when it is sent."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Confirmation link")
        EXTENDED = "extended", _("Deadline extended")
        ACCESS = "access", _("Download link")
        ERASED = "erased", _("Erasure done")
        REFUSED = "refused", _("Refusal")
        ANSWERED = "answered", _("Answer")

    class Status(models.TextChoices):
        PENDING = "pending", _("To send")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    request = models.ForeignKey(DataRequest, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default="pending")
    export = models.ForeignKey(
        "privacy.PersonExport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    receipt = models.ForeignKey(
        "privacy.ErasureReceipt",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("email about a data request")
        verbose_name_plural = _("emails about data requests")

    def __str__(self) -> str:
        return f"Email {self.kind} of data request #{self.request_id}"


class ErasureReceipt(models.Model):
    """What an erasure did, holding no personal data: counts per category, a keyed
    hash of the address, who and when. It outlives the data, and a restored backup
    can be erased again from it (manage.py replay_erasures)."""

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    email_hmac = models.CharField(max_length=64, db_index=True)
    request_reference = models.CharField(_("data request"), max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    erased_at = models.DateTimeField(_("erased at"), auto_now_add=True)
    counts = models.JSONField(_("erased, per category"), default=dict)
    retained = models.JSONField(_("kept, per category and reason"), default=dict)
    files_pending = models.PositiveIntegerField(_("files still to delete"), default=0)
    pending_files = models.JSONField(default=list, editable=False)
    journaled = models.BooleanField(default=False, editable=False)
    collected_before = models.DateTimeField(
        _("data collected before"),
        null=True,
        blank=True,
        help_text=_("For an erasure replayed after a restore: what it applied to."),
    )

    class Meta:
        verbose_name = _("erasure receipt")
        verbose_name_plural = _("erasure receipts")
        ordering = ["-erased_at"]

    def __str__(self) -> str:
        return gettext("Erasure receipt %(reference)s") % {"reference": self.reference}


class PersonExport(models.Model):
    """An export of everything about one person: a ZIP built in the background, in
    private storage, downloadable for a limited time."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="exports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default="running")
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(
        storage=private_storage, upload_to="exports/", max_length=255, blank=True
    )
    expires_at = models.DateTimeField()
    # Its download link sent to the person (an access request) works once.
    sent_to_person_at = models.DateTimeField(null=True, blank=True)
    downloaded_by_person_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")

    def __str__(self) -> str:
        return f"Export #{self.pk}"
