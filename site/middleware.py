from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that a 404 outside the visitor's pages (the admin, documents)
    stays a 404: Wagtail's catch-all page route would make every such path "exist"
    under /en/ and turn it into a redirect."""

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(
            tuple(settings.LOCALE_REDIRECT_EXEMPT_PREFIXES)
        ):
            return response
        return super().process_response(request, response)
