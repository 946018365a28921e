from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from corpsite.health import health
from corpsite.views import robots_txt
from pages.sitemaps import MultilingualSitemap
from pages.views import search
from privacy.views.cookies import cookie_consent_submit, cookie_preferences, switch_language

urlpatterns = [
    # The second step of a staff sign-in (before Wagtail's admin URLs: same prefix).
    path("admin/second-factor/", include("corpsite.staff_auth.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": MultilingualSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("health/", health, name="health"),
    path("language/<str:code>/", switch_language, name="switch_language"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.SERVE_MEDIA and settings.MEDIA_URL.startswith("/"):
    # A single machine without a web server in front (`make serve`): public media from
    # the application. Visitors' uploads are not under MEDIA_ROOT: only the
    # permission-checked views serve them. (With object storage, MEDIA_URL is the
    # bucket's or the CDN's address: browsers load the images from there.)
    # Only Wagtail's images and renditions (the public prefixes of
    # corpsite.base.object_storage), each folder its own root so that no "../" leaves
    # it: Wagtail's documents are under MEDIA_ROOT too, and a collection may restrict
    # them (Wagtail's serve view checks that; a plain URL would not).
    from pathlib import Path

    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [
        re_path(
            r"^{}{}/(?P<path>.*)$".format(settings.MEDIA_URL.lstrip("/"), folder),
            serve,
            {"document_root": Path(settings.MEDIA_ROOT) / folder},
        )
        for folder in ("original_images", "images")
    ]

# Everything a visitor reads is under a language prefix: /en/..., /fr/...
urlpatterns += i18n_patterns(
    path(_("search/"), search, name="search"),
    path("", include("forms.newsletter.urls")),
    path("", include("forms.urls")),
    path("", include("privacy.urls")),
    path(_("cookie-settings/"), cookie_preferences, name="cookie_preferences"),
    path(_("cookie-settings/save/"), cookie_consent_submit, name="cookie_consent_submit"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "corpsite.views.bad_request"
handler500 = "corpsite.views.server_error"
