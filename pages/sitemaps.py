from collections import defaultdict

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

    def _urls(self, page, protocol, domain):
        """Wagtail's, with the alternates of every page of the sitemap's page found in
        one query (SitePage.get_live_translations) instead of one per page."""
        pages = list(self.paginator.page(page).object_list)
        translations = defaultdict(list)
        for translation in (
            Page.objects.live()
            .filter(translation_key__in={item.translation_key for item in pages})
            .select_related("locale")
        ):
            translations[translation.translation_key].append(translation)
        urls = []
        last_mods = set()
        for item in pages:
            item.prefetched_live_translations = translations[item.translation_key]
            for url_info in item.get_sitemap_urls(self.request):
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        # last_mods might be empty if the whole site is private
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
