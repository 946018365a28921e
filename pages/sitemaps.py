from collections import defaultdict

from django.conf import settings
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.models import Page

from corpsite.base.frame import frame_cached, frame_generation

# What no signal reports (a page made private or public again) shows within this time.
SITEMAP_TIMEOUT = 300


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

    def get_urls(self, page=1, site=None, protocol=None):
        """Wagtail's, kept in the frame's cache (corpsite.base.frame) under the frame
        generations of every language: a publish, an unpublish or a move in any
        language builds it anew; otherwise the sitemap costs finding the site."""
        wagtail_site = self.get_wagtail_site()
        generations = [frame_generation(language=code) for code, _name in settings.LANGUAGES]

        def build():
            urls = super(MultilingualSitemap, self).get_urls(page, site, protocol)
            return urls, getattr(self, "latest_lastmod", None)

        urls, latest_lastmod = frame_cached(
            name="sitemap",
            language=settings.LANGUAGE_CODE,
            parts=(
                wagtail_site.pk if wagtail_site else 0,
                getattr(site, "domain", ""),
                protocol or "",
                page,
                *generations,
            ),
            build=build,
            timeout=SITEMAP_TIMEOUT,
        )
        if latest_lastmod is not None:
            self.latest_lastmod = latest_lastmod
        return urls

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
