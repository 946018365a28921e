"""The site's content: home, standard pages, job offers, and the editable menus."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from corpsite.base.blocks import BodyBlock
from corpsite.base.models import SitePage
from corpsite.base.richtext import RICH_TEXT_FEATURES

from .blocks import MenuBlock


class HomePage(SitePage):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["wagtailcore.Page"]
    default_description = _(
        "Tevenn Devices designs, builds and repairs rugged phones, tablets and handhelds "
        "in Brest, France."
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class ContentPage(SitePage):
    """A standard page: an introduction and a body of headings, text, images and calls to action."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("content page")
        verbose_name_plural = _("content pages")


class JobIndexPage(SitePage):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    subpage_types = ["pages.JobOfferPage", "forms.ApplicationFormPage"]
    default_description = _("Open positions at Tevenn Devices, in Brest and in the field.")
    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("job offers index")
        verbose_name_plural = _("job offers indexes")

    def open_offers(self):
        today = timezone.localdate()
        return (
            JobOfferPage.objects.child_of(self)
            .live()
            .public()
            .filter(models.Q(closing_date__isnull=True) | models.Q(closing_date__gte=today))
            .order_by("-published_date", "title")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["offers"] = self.open_offers()
        return context


class JobOfferPage(SitePage):
    class ContractType(models.TextChoices):
        PERMANENT = "permanent", _("Permanent contract")
        FIXED_TERM = "fixed_term", _("Fixed-term contract")
        INTERNSHIP = "internship", _("Internship")
        APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
        FREELANCE = "freelance", _("Freelance")

    location = models.CharField(_("location"), max_length=200)
    contract_type = models.CharField(
        _("contract type"), max_length=20, choices=ContractType.choices
    )
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES)
    published_date = models.DateField(_("published on"), default=timezone.localdate)
    closing_date = models.DateField(
        _("closing date"),
        null=True,
        blank=True,
        help_text=_("Applications are not accepted after this date. Empty: open until filled."),
    )

    parent_page_types = ["pages.JobIndexPage"]
    subpage_types: list[str] = []
    description_fields = ("description",)
    default_description = _("A job offer at Tevenn Devices.")
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("location"), FieldPanel("contract_type")], heading=_("Position")
        ),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("published_date"), FieldPanel("closing_date")], heading=_("Dates")
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("location"),
        index.SearchField("description"),
    ]

    class Meta:
        verbose_name = _("job offer")
        verbose_name_plural = _("job offers")

    @property
    def is_open(self) -> bool:
        return self.closing_date is None or self.closing_date >= timezone.localdate()

    def application_url(self) -> str | None:
        """The application form beside this offer, with the offer chosen."""
        form = (
            self.get_siblings()
            .live()
            .filter(content_type__app_label="forms", content_type__model="applicationformpage")
            .first()
        )
        return f"{form.url}?offer={self.pk}" if form else None


class Menu(TranslatableMixin, models.Model):
    """A list of links edited in the admin: the header navigation or the footer."""

    class Slot(models.TextChoices):
        HEADER = "header", _("Header navigation")
        FOOTER = "footer", _("Footer")

    slot = models.CharField(_("place"), max_length=20, choices=Slot.choices)
    items = StreamField(MenuBlock(), blank=True, verbose_name=_("links"))

    panels = [FieldPanel("slot"), FieldPanel("items")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("menu")
        verbose_name_plural = _("menus")
        constraints = [
            models.UniqueConstraint(fields=["slot", "locale"], name="unique_menu_slot_per_locale")
        ]

    def __str__(self) -> str:
        return f"{self.get_slot_display()} ({self.locale})"
