"""Forms that sit on every page (the cookie banner, the footer's newsletter sign-up)
carry no CSRF token, so that pages are the same HTML for every visitor and can be
cached. Their POSTs are checked instead with the headers browsers add to every
cross-site request: `Sec-Fetch-Site`, else `Origin` (OWASP's "verifying origin with
standard headers"). A request from another site is refused; a request without
either header (an old browser, a mail client's one-click POST) is let through."""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.views.csrf import csrf_failure
from django.views.decorators.csrf import csrf_exempt

ALLOWED_FETCH_SITES = {"same-origin", "none"}


def same_origin(request) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site in ALLOWED_FETCH_SITES
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        return origin is None
    if origin in set(getattr(settings, "CSRF_TRUSTED_ORIGINS", [])):
        return True
    parts = urlsplit(origin)
    # Over HTTPS, an origin in plain HTTP is another origin (as Django's CSRF check says).
    scheme_ok = parts.scheme == "https" or not request.is_secure()
    return scheme_ok and parts.netloc == request.get_host()


def same_origin_post(view):
    """For a view whose form is on cached pages: no token, the origin checked."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and not same_origin(request):
            # The same translated page as a failed CSRF check: nothing was stored.
            return csrf_failure(request, reason="Cross-site request")
        return view(request, *args, **kwargs)

    return wrapper
