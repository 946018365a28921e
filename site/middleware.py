import csp.middleware
from csp.constants import UNSAFE_INLINE
from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

from corpsite.uploads import CappedStream, max_request_body_size
from corpsite.views import request_too_large


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


class RequestSizeLimitMiddleware:
    """Refuses a request body above ``MAX_REQUEST_BODY_SIZE`` before anything reads
    it, with the translated page of ``corpsite.views.request_too_large``.

    - A declared Content-Length above the limit: 413 at once; the body is never
      read and the view never runs.
    - No Content-Length but a chunked body: its size cannot be known before reading
      it (and Django would silently drop it): 411, same page.
    - Content-Length can lie (a server or an ASGI handler may hand over more than it
      declares), so the body is also counted as it is read: reading stops with
      ``RequestDataTooBig`` one byte past the limit, which
      ``corpsite.views.bad_request`` turns into the same 413 page.

    Nothing may read ``request.POST`` before it: process_view hooks (the CSRF check
    reads the body there) only run after every middleware's ``__call__``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = max_request_body_size(request.content_type or "")
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or "")
        except ValueError:
            declared = None
        if declared is not None and declared > limit:
            return request_too_large(request)
        if declared is None and "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
            return request_too_large(request, status=411)
        request._stream = CappedStream(request._stream, limit)
        return self.get_response(request)


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
