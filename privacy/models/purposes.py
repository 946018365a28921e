"""The registry of processing purposes: what the privacy policy promises, what forms
attach to each submission, and what retention enforces."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Locale, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from privacy.admin_forms import RULES_PERMISSION, PurposeAdminForm
from privacy.retention import DurationUnit, add_duration, duration_display

REPERMISSION_MAX_DAYS = 60  # the "still interested?" link is valid this long at most


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent")
    CONTRACT = "contract", _("Contract or pre-contractual measures")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")


class RetentionEvent(models.TextChoices):
    SUBMISSION = "submission", _("the submission")
    LAST_CONTACT = "last_contact", _("the last contact from the person")
    END_OF_CONTRACT = "end_of_contract", _("the end of the contract")
    WITHDRAWAL = "withdrawal", _("withdrawal of consent or unsubscription")


RETENTION_PHRASES = {
    RetentionEvent.SUBMISSION: _("%(duration)s from the submission"),
    RetentionEvent.LAST_CONTACT: _("%(duration)s from the last contact from the person"),
    RetentionEvent.END_OF_CONTRACT: _("%(duration)s after the end of the contract"),
    RetentionEvent.WITHDRAWAL: _("%(duration)s after withdrawal of consent or unsubscription"),
}


class Purpose(TranslatableMixin, RevisionMixin, index.Indexed, models.Model):
    """One processing purpose. Texts are translated with wagtail-localize; the rules
    (identifier, legal basis, retention, staff group) are the same in every language:
    they are edited on the default-language purpose and copied to its translations on
    save, and a translation always takes them from its source. Only holders of
    "change the rules of purposes" (the privacy officer) see and change them in the
    admin: the staff group decides who reads the personal data collected."""

    RULE_FIELDS = [
        "key",
        "legal_basis",
        "retention_value",
        "retention_unit",
        "retention_event",
        "staff_group",
    ]

    key = models.SlugField(
        _("identifier"),
        max_length=60,
        help_text=_("A stable name used by the site's code, e.g. 'newsletter'."),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("why the data is processed"))
    legal_basis = models.CharField(_("legal basis"), max_length=30, choices=LegalBasis.choices)
    legitimate_interest = models.TextField(
        _("legitimate interest pursued"),
        blank=True,
        help_text=_("Required when the legal basis is legitimate interest."),
    )
    data_subjects = models.CharField(
        _("people concerned"), max_length=255, help_text=_("e.g. customers, candidates")
    )
    data_categories = models.TextField(
        _("data collected"), help_text=_("e.g. identity, contact details, message")
    )
    recipients = models.TextField(
        _("recipients"),
        help_text=_("Internal teams and processors, e.g. 'sales team; emailing platform'."),
    )
    transfer_destination = models.CharField(
        _("transfer outside the EU: destination"),
        max_length=255,
        blank=True,
        help_text=_("Empty when the data stays in the European Union."),
    )
    transfer_safeguard = models.CharField(
        _("transfer safeguard"),
        max_length=255,
        blank=True,
        help_text=_("e.g. standard contractual clauses, adequacy decision."),
    )
    retention_value = models.PositiveIntegerField(
        _("retention duration"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty only when the data is deleted as soon as consent is withdrawn."),
    )
    retention_unit = models.CharField(
        _("unit"), max_length=10, choices=DurationUnit.choices, default=DurationUnit.YEARS
    )
    retention_event = models.CharField(
        _("counted from"), max_length=30, choices=RetentionEvent.choices
    )
    consent_wording = models.TextField(
        _("consent wording"),
        blank=True,
        help_text=_("The text of the consent box shown to the person (consent-based purposes)."),
    )
    withdrawal_wording = models.TextField(
        _("how to withdraw consent"),
        blank=True,
        help_text=_("Required for consent-based purposes, e.g. 'Unsubscribe from any email.'"),
    )
    repermission_email = models.BooleanField(
        _("ask “do you still want to hear from us?” before the data expires"),
        default=False,
        help_text=_(
            "Only for purposes counted from the last contact: the person is emailed, in "
            "their language, before their data is erased; a yes counts as a new contact."
        ),
    )
    repermission_days = models.PositiveSmallIntegerField(
        _("days before the deadline"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(REPERMISSION_MAX_DAYS)],
        help_text=_("When the email leaves, before the data would be erased."),
    )
    staff_group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("staff group"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The staff who may see the data collected for this purpose."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("key", permission=RULES_PERMISSION),
                FieldPanel("description"),
            ],
            heading=_("Purpose"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("legal_basis", permission=RULES_PERMISSION),
                FieldPanel("legitimate_interest"),
                FieldPanel("consent_wording"),
                FieldPanel("withdrawal_wording"),
            ],
            heading=_("Legal basis"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("data_subjects"),
                FieldPanel("data_categories"),
                FieldPanel("recipients"),
                FieldPanel("transfer_destination"),
                FieldPanel("transfer_safeguard"),
            ],
            heading=_("Data and recipients"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("retention_value", permission=RULES_PERMISSION),
                        FieldPanel("retention_unit", permission=RULES_PERMISSION),
                        FieldPanel("retention_event", permission=RULES_PERMISSION),
                    ]
                )
            ],
            heading=_("Retention"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("repermission_email"), FieldPanel("repermission_days")])],
            heading=_("Before the data expires"),
        ),
        FieldPanel("staff_group", permission=RULES_PERMISSION),
    ]
    base_form_class = PurposeAdminForm
    search_fields = [index.SearchField("name"), index.FilterField("locale_id")]
    # The rules are the same in every language: synchronised from the source, and never
    # overridden in the translation editor (an override would re-route a translation).
    override_translatable_fields = [
        SynchronizedField(name, overridable=False) for name in RULE_FIELDS
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("processing purpose")
        verbose_name_plural = _("processing purposes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["key", "locale"], name="unique_purpose_key_per_locale")
        ]
        permissions = [
            (
                "change_purpose_rules",
                "Can change the staff group, legal basis, retention and identifier of a purpose",
            )
        ]

    def __str__(self) -> str:
        return self.name

    # --- saving -------------------------------------------------------------------
    def save(self, *args, **kwargs) -> None:
        with transaction.atomic():
            if not self.is_source_language:
                source = self.source_purpose()
                if source is not None:
                    for column in self.rule_columns():
                        setattr(self, column, getattr(source, column))
            if self.is_source_language and self.pk is not None:
                # The rules are the same in every language: copy them to the translations
                # first, so that what runs on post_save (the deadlines recomputed) reads
                # the same rules in every language.
                Purpose.objects.filter(translation_key=self.translation_key).exclude(
                    pk=self.pk
                ).update(**{field: getattr(self, field) for field in self.rule_columns()})
            super().save(*args, **kwargs)

    def source_purpose(self) -> Purpose | None:
        """The default-language purpose this one translates (None for a purpose first
        written in another language)."""
        return (
            Purpose.objects.filter(
                translation_key=self.translation_key, locale=Locale.get_default()
            )
            .exclude(pk=self.pk)
            .first()
        )

    # --- validation -----------------------------------------------------------------
    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.legal_basis == LegalBasis.CONSENT:
            if not self.consent_wording.strip():
                errors["consent_wording"] = gettext(
                    "A purpose based on consent needs the wording of its consent box."
                )
            if not self.withdrawal_wording.strip():
                errors["withdrawal_wording"] = gettext(
                    "A purpose based on consent must say how consent is withdrawn."
                )
        if self.legal_basis == LegalBasis.LEGITIMATE_INTEREST and not (
            self.legitimate_interest.strip()
        ):
            errors["legitimate_interest"] = gettext("Say which legitimate interest is pursued.")
        if self.retention_value is None and self.retention_event != RetentionEvent.WITHDRAWAL:
            errors["retention_value"] = gettext(
                "Give a retention duration: only data kept until consent is withdrawn may "
                "have none."
            )
        if self.retention_event == RetentionEvent.WITHDRAWAL and (
            self.legal_basis and self.legal_basis != LegalBasis.CONSENT
        ):
            errors["retention_event"] = gettext(
                "Only a purpose based on consent can keep data until consent is withdrawn."
            )
        if bool(self.transfer_destination.strip()) != bool(self.transfer_safeguard.strip()):
            errors["transfer_safeguard"] = gettext(
                "A transfer outside the EU needs both its destination and its safeguard."
            )
        if errors:
            raise ValidationError(errors)

    @classmethod
    def rule_columns(cls) -> list[str]:
        return [cls._meta.get_field(name).attname for name in cls.RULE_FIELDS]

    @property
    def is_source_language(self) -> bool:
        return self.locale_id == Locale.get_default().pk

    # --- display ------------------------------------------------------------------
    @property
    def has_transfer(self) -> bool:
        return bool(self.transfer_destination)

    def retention_display(self) -> str:
        if self.retention_value is None:
            return gettext("Until consent is withdrawn (unsubscription)")
        duration = duration_display(value=self.retention_value, unit=self.retention_unit)
        return RETENTION_PHRASES[self.retention_event] % {"duration": duration}

    retention_display.short_description = _("Retention")

    def transfer_display(self) -> str:
        if not self.has_transfer:
            return gettext("None: the data stays in the European Union")
        return gettext("%(destination)s (safeguard: %(safeguard)s)") % {
            "destination": self.transfer_destination,
            "safeguard": self.transfer_safeguard,
        }

    def retention_deadline(self, *, start: datetime) -> datetime | None:
        """When data collected for this purpose must be gone, counted from ``start``
        (the moment of the purpose's event). None: kept until consent is withdrawn."""
        if self.retention_value is None:
            return None
        return add_duration(start, value=self.retention_value, unit=self.retention_unit)

    def as_record(self) -> dict[str, str]:
        """What the privacy policy and the record of processing say about this purpose,
        in the active language: also the frozen form kept with each policy version."""
        return {
            "key": self.key,
            "name": self.name,
            "description": self.description,
            "legal_basis": str(LegalBasis(self.legal_basis).label),
            "legitimate_interest": self.legitimate_interest,
            "data_subjects": self.data_subjects,
            "data_categories": self.data_categories,
            "recipients": self.recipients,
            "transfers": self.transfer_display(),
            "retention": self.retention_display(),
            "withdrawal": self.withdrawal_wording,
        }
