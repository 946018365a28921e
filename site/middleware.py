import csp.middleware
from csp.constants import UNSAFE_INLINE
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


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's, with the Wagtail admin under a policy of its own
    (``ADMIN_CONTENT_SECURITY_POLICY``, for paths under ``ADMIN_URL_PREFIX``) instead of
    the public one, without 'unsafe-inline' on ``ADMIN_STRICT_CSP_PATHS``. A view's own
    ``@csp_override``/``@csp_replace`` still wins."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        path = request.path_info
        if not report_only and parts.config is None and path.startswith(settings.ADMIN_URL_PREFIX):
            directives = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            if path.startswith(tuple(settings.ADMIN_STRICT_CSP_PATHS)):
                directives = {
                    name: [source for source in sources if source != UNSAFE_INLINE]
                    if isinstance(sources, list)
                    else sources
                    for name, sources in directives.items()
                }
            parts.config = directives
        return parts
