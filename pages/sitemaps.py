from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import Page


class MultilingualSitemap(WagtailSitemap):
    """Every live public page of the site in every language, with hreflang alternates.

    Wagtail's own sitemap walks only the site's root page, which is the default
    language's home; the other languages' trees are its translations.
    """

    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        tree = Page.objects.none()
        for root in roots:
            tree |= Page.objects.descendant_of(root, inclusive=True)
        return tree.live().public().order_by("path").defer_streamfields().specific()
