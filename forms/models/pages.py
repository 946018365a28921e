"""Form pages of each kind and their questions."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms as django_forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES, AbstractFormField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.fields import SynchronizedField

from corpsite.base.models import SitePage
from corpsite.base.richtext import RICH_TEXT_FEATURES

from ..admin_forms import FormPageAdminForm
from ..kinds import SYSTEM_FIELDS, FormKind, form_field_errors
from ..views import form_page_serve, form_page_thanks

FIELD_TYPE_CHOICES = [
    *[choice for choice in FORM_FIELD_CHOICES if choice[0] != "hidden"],
    ("phone", _("Phone number")),
    ("country", _("Country")),
    ("file", _("Document (PDF, DOCX, ODT)")),
]


class FormField(TranslatableMixin, AbstractFormField):
    """A question of a form. Labels, help texts and choices are translated; the
    name (the key of the answers), the type and whether it is required are the
    same in every language."""

    page = ParentalKey("forms.FormPage", on_delete=models.CASCADE, related_name="form_fields")
    field_type = models.CharField(_("field type"), max_length=16, choices=FIELD_TYPE_CHOICES)
    field_type.required_on_save = True
    system_key = models.CharField(
        _("system field"),
        max_length=40,
        blank=True,
        help_text=_("Set for the fields a kind of form starts with."),
    )

    panels = AbstractFormField.panels + [
        FieldPanel("system_key", widget=django_forms.HiddenInput),
    ]

    override_translatable_fields = [
        SynchronizedField("clean_name"),
        SynchronizedField("field_type"),
        SynchronizedField("required"),
        SynchronizedField("system_key"),
    ]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")

    def __str__(self) -> str:
        return self.label

    def get_field_clean_name(self):
        """A field a kind of form starts with keeps its name, whatever its label."""
        return self.system_key or super().get_field_clean_name()


class FormPage(RoutablePageMixin, SitePage):
    """What every kind of form page has. Not created directly: editors add one of
    the kinds below, which starts with the fields its kind needs."""

    kind: str = ""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    purpose = models.ForeignKey(
        "privacy.Purpose",
        verbose_name=_("purpose"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Why the data is collected: required to publish the form."),
    )
    marketing_purpose = models.ForeignKey(
        "privacy.Purpose",
        verbose_name=_("optional marketing consent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Adds a separate, optional, unticked box asking consent for this purpose."),
    )
    submit_label = models.CharField(_("button label"), max_length=60, default="Send")
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=RICH_TEXT_FEATURES)
    recipients = models.TextField(
        _("staff recipients"),
        blank=True,
        help_text=_("Email addresses told of each submission, one per line. They get a link."),
    )

    is_creatable = False
    subpage_types: list[str] = []
    base_form_class = FormPageAdminForm
    # Indexed: "contact Tevenn" or "Tevenn repair" should find the form itself. What a
    # visitor sent is never a page (the thank-you answer is noindex).
    default_description = _(
        "Write to Tevenn Devices online; the notice beside the form says how your data is used."
    )
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Questions")),
        FieldPanel("submit_label"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldPanel("purpose"), FieldPanel("marketing_purpose")],
            heading=_("Privacy"),
        ),
        FieldPanel("recipients"),
    ]

    class Meta:
        verbose_name = _("form page")
        verbose_name_plural = _("form pages")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new page of a kind starts with the fields its kind needs.
        if not args and self.kind and self.pk is None and "form_fields" not in kwargs:
            # In the default language; the admin form puts them in the page's own
            # language once it is known (FormPageAdminForm).
            self.form_fields = [
                FormField(
                    system_key=spec.key,
                    clean_name=spec.key,
                    field_type=spec.field_type,
                    required=spec.required,
                    sort_order=index,
                    **spec.texts(settings.LANGUAGE_CODE),
                )
                for index, spec in enumerate(SYSTEM_FIELDS[self.kind])
            ]

    def clean(self) -> None:
        super().clean()
        errors = form_field_errors(self.kind, list(self.form_fields.all()))
        # A page being created is "live" until the admin saves it as a draft: a new
        # form may be drafted without a purpose (the privacy officer chooses it);
        # publishing is refused here once it exists, and by the admin form before.
        if self.live and not self._state.adding and self.purpose_id is None:
            errors.append(gettext("A form cannot be published without a purpose."))
        if errors:
            raise ValidationError(errors)

    # --- visitors ---------------------------------------------------------------
    @path("")
    def form_view(self, request):
        return form_page_serve(request, self)

    # The route in the page's language (/fr/contact/merci/): Django translates it.
    @path(pgettext_lazy("URL path", "thanks/"), name="thanks")
    def thanks_view(self, request):
        return form_page_thanks(request, self, request.GET.get("ref", ""))

    def get_template(self, request, *args, **kwargs) -> str:
        return "forms/form_page.html"

    def thanks_url(self, token: str) -> str:
        """The thank-you page; the signed token holds the reference, nothing personal."""
        return self.url + self.reverse_subpage("thanks") + "?" + urlencode({"ref": token})

    def get_kind_display(self) -> str:
        return str(FormKind(self.kind).label) if self.kind else ""


class ContactFormPage(FormPage):
    kind = FormKind.CONTACT
    is_creatable = True

    class Meta:
        verbose_name = _("contact form")


class ProjectFormPage(FormPage):
    kind = FormKind.PROJECT
    is_creatable = True

    class Meta:
        verbose_name = _("project request form")


class SupportFormPage(FormPage):
    kind = FormKind.SUPPORT
    is_creatable = True

    class Meta:
        verbose_name = _("support ticket form")


class RepairFormPage(FormPage):
    kind = FormKind.REPAIR
    is_creatable = True

    north_america_recipients = models.TextField(
        _("North American repair centre recipients"),
        blank=True,
        help_text=_("Told of requests from the countries below, one address per line."),
    )
    north_america_countries = models.CharField(
        _("countries routed to the North American repair centre"),
        max_length=100,
        default="US, CA, MX",
        help_text=_("ISO country codes, separated by commas."),
    )

    override_translatable_fields = [SynchronizedField("north_america_countries")]
    content_panels = FormPage.content_panels + [
        MultiFieldPanel(
            [FieldPanel("north_america_recipients"), FieldPanel("north_america_countries")],
            heading=_("North American repair centre"),
        )
    ]

    class Meta:
        verbose_name = _("repair request form")

    def routed_countries(self) -> set[str]:
        return {code.strip().upper() for code in self.north_america_countries.split(",") if code}


class DeliveryFormPage(FormPage):
    kind = FormKind.DELIVERY
    is_creatable = True

    class Meta:
        verbose_name = _("delivery problem form")


class ApplicationFormPage(FormPage):
    kind = FormKind.APPLICATION
    is_creatable = True
    parent_page_types = ["pages.JobIndexPage"]

    class Meta:
        verbose_name = _("job application form")
