"""The newsletter's sign-up page, in the ``forms`` app (``forms.models`` imports it).
It serves ``forms.newsletter.views``; the sign-up block of every page posts to
``forms.newsletter.subscribe``, which hands over to it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from corpsite.base.models import SitePage
from corpsite.base.richtext import RICH_TEXT_FEATURES

from ..admin_forms import NewsletterPageAdminForm
from .views import newsletter_signup


class NewsletterPage(RoutablePageMixin, SitePage):
    """The newsletter's sign-up page. The sign-up blocks of other pages post to
    `newsletter_subscribe`, which hands over to this page."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)
    purpose = models.ForeignKey(
        "privacy.Purpose",
        verbose_name=_("purpose"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The newsletter's purpose: its consent wording is shown with the form."),
    )
    subpage_types: list[str] = []
    max_count_per_parent = 1
    default_description = _(
        "The Tevenn Devices newsletter: confirmed by email, cancelled in one click."
    )
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("purpose")]
    base_form_class = NewsletterPageAdminForm

    class Meta:
        verbose_name = _("newsletter sign-up page")

    def clean(self) -> None:
        super().clean()
        if self.purpose is not None and self.purpose.legal_basis != "consent":
            raise ValidationError({"purpose": gettext("The newsletter needs a consent purpose.")})
        if self.live and self.purpose_id is None:
            raise ValidationError({"purpose": gettext("Choose the newsletter's purpose.")})

    @path("")
    def signup_view(self, request):
        return newsletter_signup(request, self)

    # The route in the page's language (/fr/lettre-information/merci/).
    @path(pgettext_lazy("URL path", "thanks/"), name="thanks")
    def thanks_view(self, request):
        return TemplateResponse(request, "forms/newsletter/check_inbox.html", {"page": self})

    def get_template(self, request, *args, **kwargs) -> str:
        return "forms/newsletter/newsletter_page.html"
