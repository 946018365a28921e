"""The page where a visitor asks for a copy of their data, its erasure, rectification
or restriction, or objects to marketing (GDPR Art. 12, 15-21). The request does
nothing until it is confirmed from the address (privacy.people.requests)."""

from __future__ import annotations

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page

from corpsite.base.models import SitePage
from corpsite.base.richtext import RICH_TEXT_FEATURES
from privacy.selectors import locale_for


class DataRequestPage(RoutablePageMixin, SitePage):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    # Indexed: a visitor looking for how to reach their data should find this page; the
    # "check your inbox" answer and the confirmation links are noindex.
    default_description = _(
        "Ask Tevenn Devices for a copy of your personal data, to correct it or to erase it."
    )

    class Meta:
        verbose_name = _("data request page")
        verbose_name_plural = _("data request pages")

    @path("")
    def request_view(self, request):
        from privacy.views.requests_public import data_request_page

        return data_request_page(request, self)

    # The route in the page's language (/fr/contact/merci/): Django translates it.
    @path(pgettext_lazy("URL path", "thanks/"), name="thanks")
    def thanks_view(self, request):
        return TemplateResponse(request, "privacy/requests/check_inbox.html", {"page": self})

    def get_template(self, request, *args, **kwargs) -> str:
        return "privacy/requests/request_page.html"


DATA_REQUEST_URL_CACHE_KEY = "privacy:data-request-url:{language}"


def data_request_page_url(*, language: str | None = None) -> str:
    """Where a visitor of ``language`` files a data request: the live data request
    page of that language, else of the default language ("" if there is none)."""
    locale = locale_for(language)
    pages = DataRequestPage.objects.live().filter(locale__in={locale, Locale.get_default()})
    found = {page.locale_id: page for page in pages}
    page = found.get(locale.pk) or found.get(Locale.get_default().pk)
    return (page.url or "") if page else ""
