"""What visitors send: submissions, their files, and the emails about them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from corpsite.base.storage import private_storage, private_upload_to

from ..kinds import FormKind


class ReferenceCounter(models.Model):
    """The last reference number given, per kind of form and year."""

    prefix = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="unique_reference_counter")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class Submission(models.Model):
    """What one visitor sent through one form, with the proof of what they were told.

    Its form page is a weak link: deleting or unpublishing the page keeps the
    submission, which also remembers the form by its translation key and title.
    """

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=FormKind.choices)
    form_page = models.ForeignKey(
        Page,
        verbose_name=_("form"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    form_key = models.UUIDField(
        _("form"), db_index=True, help_text=_("The same for every translation of a form.")
    )
    form_title = models.CharField(_("form title"), max_length=255)
    person = models.ForeignKey(
        "privacy.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    answers = models.JSONField(_("answers"), default=dict)
    questions = models.JSONField(
        _("questions"), default=list, help_text=_("The questions as they were asked.")
    )
    purpose = models.ForeignKey(
        "privacy.Purpose", verbose_name=_("purpose"), on_delete=models.PROTECT, related_name="+"
    )
    purpose_snapshot = models.JSONField(
        _("purpose as it was"), help_text=_("What the person was told, at that moment.")
    )
    legal_basis = models.CharField(_("legal basis"), max_length=30)
    policy_version = models.ForeignKey(
        "privacy.PolicyVersion",
        verbose_name=_("privacy policy version"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=10)
    submitted_at = models.DateTimeField(_("sent at"), db_index=True)
    ip_prefix = models.CharField(_("network (truncated IP)"), max_length=50, blank=True)
    retention_deadline = models.DateTimeField(_("kept until"), null=True, blank=True, db_index=True)
    routed_to = models.CharField(_("handled by"), max_length=40, blank=True)
    transfer_destination = models.CharField(
        _("transfer outside the EU"), max_length=255, blank=True
    )
    transfer_safeguard = models.CharField(_("transfer safeguard"), max_length=255, blank=True)
    job_offer = models.ForeignKey(
        Page,
        verbose_name=_("job offer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    job_offer_title = models.CharField(_("job offer"), max_length=255, blank=True)
    contract_ended_at = models.DateTimeField(
        _("case closed at"),
        null=True,
        blank=True,
        help_text=_(
            "When staff closed the case (the end of the contract): starts the retention "
            "of purposes counted from the end of the contract."
        ),
    )
    contract_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    repermission_sent_for = models.DateTimeField(
        _("“still interested?” email sent for the deadline"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The deadline the last “do you still want to hear from us?” email was about."),
    )
    hold_reason = models.CharField(
        _("kept despite an erasure request, because"),
        max_length=255,
        blank=True,
        help_text=_("An open contract or a legal hold. Empty: erased on request."),
    )
    # The consent boxes answered with this submission (privacy's Consent refers to it
    # by content type and id): deleted with it; Consent.objects.filter(submission=...).
    consents = GenericRelation(
        "privacy.Consent",
        content_type_field="record_type",
        object_id_field="record_id",
        related_query_name="submission",
    )

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["-submitted_at"]
        permissions = [("view_all_submissions", "Can view the submissions of every purpose")]

    def __str__(self) -> str:
        # Wagtail's audit log keeps str(): never a name, an email or an answer here.
        return f"{self.get_kind_display()} {self.reference}"

    @property
    def staff_group_id(self) -> int:
        return self.purpose.staff_group_id

    @property
    def counts_from_contract_end(self) -> bool:
        return self.purpose.retention_event == "end_of_contract"

    @property
    def case_open(self) -> bool:
        """A case (a support ticket, a repair, a delivery) whose contract has not
        ended: its retention has not started."""
        return self.counts_from_contract_end and self.contract_ended_at is None

    def kept_until(self) -> str:
        if self.retention_deadline is None:
            if self.case_open:
                return gettext("Until the case is closed, then its retention")
            return gettext("Until consent is withdrawn")
        return self.retention_deadline.date().isoformat()

    def answer_rows(self) -> list[tuple[str, str]]:
        """(question, answer) in the order asked; files are listed apart."""
        rows = []
        for question in self.questions:
            if question.get("type") == "file":
                continue
            value = self.answers.get(question["name"], "")
            if isinstance(value, list):
                value = ", ".join(str(item) for item in value)
            elif isinstance(value, bool):
                value = gettext("Yes") if value else gettext("No")
            rows.append((question["label"], str(value)))
        return rows


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    field_name = models.CharField(max_length=255)
    original_name = models.CharField(_("original file name"), max_length=255)
    file = models.FileField(storage=private_storage, upload_to=private_upload_to, max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("uploaded file")
        verbose_name_plural = _("uploaded files")

    def __str__(self) -> str:
        return f"File #{self.pk} of {self.submission}"


class EmailDelivery(models.Model):
    """An email to send about a submission or a newsletter subscription. Kept until
    sent, so that a mail-server outage delays emails and loses nothing; the error
    stored names no one."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Confirmation to the person")
        STAFF = "staff", _("Notification to staff")
        NEWSLETTER_CONFIRM = "newsletter_confirm", _("Newsletter: confirm the address")
        NEWSLETTER_ALREADY = "newsletter_already", _("Newsletter: already subscribed")
        REPERMISSION = "repermission", _("Do you still want to hear from us?")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Gave up")

    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.CASCADE, related_name="emails"
    )
    subscription = models.ForeignKey(
        "forms.Subscription",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="emails",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    staff_recipients = models.TextField(blank=True, help_text=_("Staff addresses, one per line."))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("email")
        verbose_name_plural = _("emails")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


MAX_EMAIL_ATTEMPTS = getattr(settings, "FORMS_MAX_EMAIL_ATTEMPTS", 8)
