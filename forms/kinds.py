"""The six kinds of forms, and the fields each kind starts with or cannot do without."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise


class FormKind(models.TextChoices):
    CONTACT = "contact", _("Contact request")
    PROJECT = "project", _("Project request")
    SUPPORT = "support", _("Support ticket")
    REPAIR = "repair", _("Repair request")
    DELIVERY = "delivery", _("Non-compliant delivery")
    APPLICATION = "application", _("Job application")


REFERENCE_PREFIXES = {
    FormKind.CONTACT: "C",
    FormKind.PROJECT: "P",
    FormKind.SUPPORT: "S",
    FormKind.REPAIR: "R",
    FormKind.DELIVERY: "D",
    FormKind.APPLICATION: "A",
}


@dataclass(frozen=True)
class SystemField:
    """A field a kind of form starts with. ``locked`` fields cannot be removed, made
    optional or given another type: the site's code needs them."""

    key: str
    field_type: str
    label: StrOrPromise  # translatable: a new form starts in its page's language
    required: bool = True
    locked: bool = False
    choices: StrOrPromise = ""  # one choice per line
    help_text: StrOrPromise = ""
    # The HTML autocomplete token of a field about the person (WCAG 1.3.5), "" if none.
    autocomplete: str = ""

    def texts(self, language: str) -> dict[str, str]:
        """Label, choices and help text in ``language``."""
        with translation.override(language):
            return {
                "label": str(self.label),
                "choices": str(self.choices),
                "help_text": str(self.help_text),
            }


NAME = [
    SystemField("last_name", "singleline", _("Last name"), autocomplete="family-name"),
    SystemField("first_name", "singleline", _("First name"), autocomplete="given-name"),
]
EMAIL = SystemField("email", "email", _("Email address"), locked=True, autocomplete="email")
PHONE = SystemField("phone", "phone", _("Phone number"), required=False, autocomplete="tel")
COMPANY = SystemField("company", "singleline", _("Company"), autocomplete="organization")
SECTOR = SystemField(
    "sector",
    "dropdown",
    _("Sector of activity"),
    choices=_(
        "Logistics and warehousing\nIndustry\nTransport\nEnergy and utilities\n"
        "Retail\nHealthcare\nPublic sector\nOther"
    ),
)
PRODUCT = SystemField(
    "product", "dropdown", _("Product"), choices=_("T-Rock 8\nT-Tab 10\nT-Scan X2\nOther")
)
SERIAL = SystemField(
    "serial_number",
    "singleline",
    _("Serial number"),
    locked=True,
    help_text=_("On the label under the battery, e.g. TR8-2025-004512."),
)

SYSTEM_FIELDS: dict[str, list[SystemField]] = {
    FormKind.CONTACT: [
        *NAME,
        EMAIL,
        PHONE,
        COMPANY,
        SECTOR,
        SystemField("message", "multiline", _("Message")),
    ],
    FormKind.PROJECT: [
        *NAME,
        EMAIL,
        PHONE,
        COMPANY,
        SECTOR,
        SystemField("project_description", "multiline", _("Describe your project")),
        SystemField(
            "timeframe",
            "dropdown",
            _("Timeframe"),
            choices=_("Within 3 months\n3 to 6 months\n6 to 12 months\nMore than a year"),
        ),
        SystemField(
            "budget",
            "dropdown",
            _("Budget"),
            choices=_(
                "Less than €20,000\n€20,000 to €100,000\nMore than €100,000\nNot decided yet"
            ),
        ),
    ],
    FormKind.SUPPORT: [
        *NAME,
        EMAIL,
        COMPANY,
        PRODUCT,
        SERIAL,
        SystemField("description", "multiline", _("Describe the problem")),
    ],
    FormKind.REPAIR: [
        *NAME,
        EMAIL,
        PHONE,
        COMPANY,
        PRODUCT,
        SERIAL,
        SystemField("fault_description", "multiline", _("Describe the fault")),
        SystemField(
            "return_address", "multiline", _("Return address"), autocomplete="street-address"
        ),
        SystemField(
            "return_country",
            "country",
            _("Return address country"),
            locked=True,
            autocomplete="country",
        ),
    ],
    FormKind.DELIVERY: [
        *NAME,
        EMAIL,
        COMPANY,
        SystemField("order_number", "singleline", _("Order or delivery number"), locked=True),
        SystemField("problem", "multiline", _("What was wrong with the delivery?")),
    ],
    FormKind.APPLICATION: [
        *NAME,
        EMAIL,
        SystemField("phone", "phone", _("Phone number"), autocomplete="tel"),
        SystemField(
            "cv", "file", _("CV"), locked=True, help_text=_("PDF, DOCX or ODT, up to 5 MB.")
        ),
        SystemField(
            "cover_letter",
            "file",
            _("Cover letter"),
            required=False,
            help_text=_("PDF, DOCX or ODT, up to 5 MB."),
        ),
        SystemField("message", "multiline", _("Message"), required=False),
    ],
}


def autocomplete_token(key: str) -> str:
    """The autocomplete token of the system field ``key`` (the same in every kind)."""
    return AUTOCOMPLETE.get(key, "")


AUTOCOMPLETE: dict[str, str] = {
    spec.key: spec.autocomplete
    for specs in SYSTEM_FIELDS.values()
    for spec in specs
    if spec.autocomplete
}


def locked_fields(kind: str) -> list[SystemField]:
    return [field for field in SYSTEM_FIELDS[kind] if field.locked]


def form_field_errors(kind: str, fields: list) -> list[str]:
    """What a kind of form misses among the fields it cannot do without."""
    errors = []
    by_key = {field.system_key: field for field in fields if field.system_key}
    for spec in locked_fields(kind) if kind else []:
        field = by_key.get(spec.key)
        if field is None:
            errors.append(
                gettext("This form needs its “%(label)s” field: it cannot be removed.")
                % {"label": spec.label}
            )
        elif field.field_type != spec.field_type or not field.required:
            errors.append(
                gettext("The “%(label)s” field must stay required and of its type.")
                % {"label": field.label}
            )
    return errors
