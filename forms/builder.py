"""Turn a form page's questions into the Django form a visitor fills in."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from privacy.models import LegalBasis

from .antispam import HONEYPOT_FIELD, HoneypotField, recaptcha_enabled, recaptcha_field
from .kinds import autocomplete_token
from .validators import max_upload_size, validate_document, validate_phone

MAX_TEXT = 5000
SENSITIVE_DATA_WARNING = _(
    "Please do not send sensitive data (health, religion, political opinions, trade-union "
    "membership...): we do not need it."
)
CONSENT_FIELD = "consent"
MARKETING_FIELD = "marketing_consent"
JOB_OFFER_FIELD = "job_offer"


class SiteFormBuilder(FormBuilder):
    """Wagtail's form builder with the site's own types: phone, country, document."""

    def create_singleline_field(self, field, options):
        options["max_length"] = 255
        return forms.CharField(**options)

    def create_multiline_field(self, field, options):
        options["max_length"] = MAX_TEXT
        options["widget"] = forms.Textarea(attrs={"rows": 6, "maxlength": MAX_TEXT})
        warning = str(SENSITIVE_DATA_WARNING)
        options["help_text"] = f"{options['help_text']} {warning}".strip()
        return forms.CharField(**options)

    def create_email_field(self, field, options):
        options["max_length"] = 254
        options["widget"] = forms.EmailInput(attrs={"autocomplete": "email"})
        return forms.EmailField(**options)

    def create_phone_field(self, field, options):
        options["max_length"] = 30
        options["validators"] = [validate_phone]
        options["widget"] = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
        return forms.CharField(**options)

    @property
    def formfields(self):
        """Wagtail's fields, those about the person with their autocomplete token
        (WCAG 1.3.5: given-name, email, street-address...), from forms.kinds."""
        formfields = super().formfields
        for field in self.fields:
            token = autocomplete_token(getattr(field, "system_key", "") or "")
            if token and field.clean_name in formfields:
                formfields[field.clean_name].widget.attrs["autocomplete"] = token
        return formfields

    def create_dropdown_field(self, field, options):
        # An empty first choice that says what to do: nothing is chosen for the visitor.
        options["choices"] = [
            ("", gettext("Choose an answer")),
            *self.get_formatted_field_choices(field),
        ]
        return forms.ChoiceField(**options)

    def create_country_field(self, field, options):
        options["choices"] = [("", gettext("Choose a country")), *countries]
        return forms.ChoiceField(**options)

    def create_file_field(self, field, options):
        options.pop("initial", None)
        options["validators"] = [validate_document]
        options["widget"] = forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.odt,application/pdf"}
        )
        options["max_length"] = 255
        return forms.FileField(**options)

    def create_checkbox_field(self, field, options):
        options["initial"] = False  # nothing is ever pre-ticked
        return forms.BooleanField(**options)


class SubmissionFormBase(BaseForm):
    """Common checks of every visitor form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Nothing is ever pre-ticked or pre-chosen, whatever default an editor
            # typed: boxes, multiple choices and radio buttons start empty.
            if isinstance(field, forms.BooleanField):
                field.initial = False
            elif isinstance(field, forms.MultipleChoiceField):
                field.initial = []
            elif isinstance(field.widget, forms.RadioSelect):
                field.initial = None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            # Said to robots in plain words, where people would see it too.
            raise forms.ValidationError(
                _("Your message could not be sent. Please try again."), code="honeypot"
            )
        for name, field in self.fields.items():
            value = cleaned.get(name)
            if isinstance(field, forms.CharField) and isinstance(value, str):
                if "\x00" in value:
                    self.add_error(name, gettext("This text contains invalid characters."))
        return cleaned


def build_form_class(
    page, *, fields=None, remote_ip: str = "", job_offers=None, purpose=None, marketing=None
):
    """The Django form class for ``page``: its questions, then the consent boxes
    rendered from its purpose, then the honeypot (and reCAPTCHA when configured).
    ``purpose`` and ``marketing`` (anything with ``legal_basis`` and
    ``consent_wording``, such as privacy.frame.PurposeNotice) replace the page's."""
    fields = list(page.form_fields.all()) if fields is None else fields
    attrs = dict(SiteFormBuilder(fields).formfields)
    if job_offers is not None:
        attrs[JOB_OFFER_FIELD] = forms.TypedChoiceField(
            label=_("Position"),
            choices=[("", _("Unsolicited application")), *job_offers],
            required=False,
            coerce=int,
            empty_value=None,
        )
    purpose = purpose or page.purpose
    if purpose is not None and purpose.legal_basis == LegalBasis.CONSENT:
        attrs[CONSENT_FIELD] = forms.BooleanField(
            label=purpose.consent_wording,
            required=True,
            error_messages={"required": _("Please tick this box to send the form.")},
        )
    marketing = marketing or page.marketing_purpose
    if marketing is not None and marketing.consent_wording:
        attrs[MARKETING_FIELD] = forms.BooleanField(label=marketing.consent_wording, required=False)
    attrs[HONEYPOT_FIELD] = HoneypotField()
    if recaptcha_enabled():
        attrs["captcha"] = recaptcha_field(remote_ip=remote_ip)
    form_class = type("SubmissionForm", (SubmissionFormBase,), attrs)
    form_class.max_upload_mb = max_upload_size() // (1024 * 1024)
    return form_class
