"""The site's content: home, standard pages, job offers, and the editable menus."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from corpsite.base.blocks import BodyBlock
from corpsite.base.models import SitePage
from corpsite.base.richtext import RICH_TEXT_FEATURES

from .blocks import MenuBlock, SpecificationBlock, WhereToBuyBlock
from .showcase import home_showcase_get, range_cards_get


def _image_field():
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def _page_link(verbose_name, help_text=""):
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        help_text=help_text,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def pages_in_locale(*, locale_id: int, pks) -> dict[int, Page]:
    """The live translation in ``locale_id`` of each page of ``pks``, by the chosen
    page's pk (the chosen page itself when it is of that language): one query."""
    pks = [pk for pk in pks if pk]
    if not pks:
        return {}
    chosen = Page.objects.filter(pk__in=pks, translation_key=models.OuterRef("translation_key"))
    return {
        page.chosen_pk: page
        for page in Page.objects.live()
        .filter(locale_id=locale_id, translation_key__in=chosen.values("translation_key"))
        .annotate(chosen_pk=models.Subquery(chosen.values("pk")[:1]))
    }


class HomePage(SitePage):
    intro = models.TextField(_("introduction"), blank=True)
    hero_image = _image_field()
    hero_image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it. Empty if decorative."),
    )
    primary_page = _page_link(_("main call to action"))
    primary_label = models.CharField(_("its label"), max_length=80, blank=True)
    secondary_page = _page_link(_("second call to action"))
    secondary_label = models.CharField(_("its label"), max_length=80, blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    parent_page_types = ["wagtailcore.Page"]
    default_description = _(
        "Tevenn Devices designs, builds and repairs rugged phones, tablets and handhelds "
        "in Brest, France."
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
                PageChooserPanel("primary_page"),
                FieldPanel("primary_label"),
                PageChooserPanel("secondary_page"),
                FieldPanel("secondary_label"),
            ],
            heading=_("Banner"),
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def banner_links(self) -> tuple[Page | None, Page | None]:
        """The banner's two pages, in this page's language (one query)."""
        links = pages_in_locale(
            locale_id=self.locale_id, pks=(self.primary_page_id, self.secondary_page_id)
        )
        return links.get(self.primary_page_id), links.get(self.secondary_page_id)

    def product_highlights(self):
        return ProductPage.highlights(locale_id=self.locale_id)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Rendered once per language, from the frame's cache (pages.showcase).
        banner, products = home_showcase_get(
            page=self, preview=getattr(request, "is_preview", False)
        )
        context["banner"] = banner
        context["products"] = products
        return context


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


class ProductIndexPage(SitePage):
    """The product range: every product page under it, as cards."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    subpage_types = ["pages.ProductPage"]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("product range")
        verbose_name_plural = _("product ranges")

    def products(self):
        return ProductPage.cards(ProductPage.objects.child_of(self))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Rendered once per language, from the frame's cache (pages.showcase).
        context["products"] = range_cards_get(
            page=self, preview=getattr(request, "is_preview", False)
        )
        return context


class ProductPage(SitePage):
    """A product: a summary, a picture, the specification table, where to buy it, and
    the way to the sales team and to the repair service."""

    summary = models.TextField(_("summary"))
    image = _image_field()
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it. Empty if decorative."),
    )
    specifications = StreamField(SpecificationBlock(), blank=True, verbose_name=_("specifications"))
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("description"))
    sales_page = _page_link(
        _("sales form"), _("Where visitors ask for a quote (the contact or project form).")
    )
    repair_page = _page_link(_("repair form"), _("Where owners send a device for repair."))
    where_to_buy = StreamField(WhereToBuyBlock(), blank=True, verbose_name=_("where to buy"))

    parent_page_types = ["pages.ProductIndexPage"]
    subpage_types: list[str] = []
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Picture")),
        FieldPanel("specifications"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                PageChooserPanel("sales_page", ["forms.ContactFormPage", "forms.ProjectFormPage"]),
                PageChooserPanel("repair_page", ["forms.RepairFormPage"]),
            ],
            heading=_("Calls to action"),
        ),
        FieldPanel("where_to_buy"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")

    @staticmethod
    def cards(pages):
        """Live public products of ``pages`` with their pictures, in one query whatever
        their number (the renditions come from their cache)."""
        return list(pages.live().public().order_by("path").select_related("image"))

    @classmethod
    def highlights(cls, *, locale_id: int):
        return cls.cards(cls.objects.filter(locale_id=locale_id))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        links = pages_in_locale(
            locale_id=self.locale_id, pks=(self.sales_page_id, self.repair_page_id)
        )
        context["sales_page"] = links.get(self.sales_page_id)
        context["repair_page"] = links.get(self.repair_page_id)
        return context


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
