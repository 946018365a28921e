"""The page cache: a Wagtail page, as an anonymous visitor without a session gets it,
kept whole in the default cache and served again without rendering it.

Two middlewares, like Django's cache middleware: ``PageCacheFetchMiddleware`` last in
MIDDLEWARE (after the language is known, just before the view), which answers from
the cache; ``PageCacheUpdateMiddleware`` first, which sees the response as it leaves
(every cookie, ``Vary`` and CSP header set) and decides whether it may be kept.

What is kept: the body and content type of a 200 answer of Wagtail's page view to a
GET, and only when it is the same for every visitor:

- the request carries no session cookie and no messages cookie (signed-in staff,
  previews, a visitor with pending messages: never from the cache, never stored);
- rendering it did not touch the session (which would make it ``Vary: Cookie``), made
  no CSRF token (a form page: the token is per visitor), queued or read no message,
  used no CSP nonce (a cached nonce would no longer match the header, which is built
  anew for each answer), and it sets no cookie;
- it varies on nothing but ``Accept-Encoding`` (the language is in the path, so in
  the key) and is not marked private or no-cache/no-store.

The key holds the scheme, the host, the full path with its query string, the language and the
language's frame generation (corpsite.base.frame): whatever makes the frame stale
(a page published, unpublished, moved or deleted, a menu, a site, the cookie
declaration, a policy version or purpose: pages.signals, privacy.signals) makes
every cached page of that language stale at once. ``PAGE_CACHE_TIMEOUT`` bounds
what no signal reports (a policy coming into force at its date, an expiring offer).

Compression (gzip, when the visitor's Accept-Encoding allows it) applies to those
answers, and to any other GET answer in HTML that passes the same checks but is not
kept (a view other than Wagtail's, such as the search results; any page when the
cache is off). They hold no secret and nothing of the visitor (no CSRF token, no
session, no personal data; a search term echoed back is the visitor's own, not a
secret), so BREACH has nothing to recover; every other answer is sent uncompressed (Django's
GZipMiddleware is not used). Brotli is not used: no brotli binding is a dependency.

Served headers: the inner middlewares (security headers, CSP with a fresh policy,
X-Frame-Options, Content-Language) run again on a hit, as on a miss. A hit answers
``X-Cache: hit``; an answer that was stored answers ``X-Cache: miss``.
"""

from __future__ import annotations

import gzip
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import cc_delim_re, patch_vary_headers
from django.utils.translation import get_language_from_path

from corpsite.base.frame import frame_generation

_KEY = "page-cache:{language}:{generation}:{digest}"
_KEY_ATTRIBUTE = "_page_cache_key"
_HIT_ATTRIBUTE = "_page_cache_hit"
# Headers a cacheable answer may vary on: the encoding is chosen from the cached entry.
_ALLOWED_VARY = {"accept-encoding"}
_WAGTAIL_PAGE_VIEW = "wagtail_serve"
_MIN_COMPRESS_LENGTH = 200


def _enabled() -> bool:
    return bool(getattr(settings, "PAGE_CACHE", False))


def _accepts_gzip(request: HttpRequest) -> bool:
    codings = request.META.get("HTTP_ACCEPT_ENCODING", "")
    for coding in codings.split(","):
        name, _, params = coding.strip().partition(";")
        if name.strip().lower() == "gzip":
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def page_cache_key(request: HttpRequest) -> str | None:
    """The cache key of ``request``'s page, or None when it may not come from the
    cache (not a GET, a session or messages cookie, no language in the path)."""
    if request.method != "GET":
        return None
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    language = get_language_from_path(request.path_info)
    if language is None:
        return None
    if request.META.get("QUERY_STRING"):
        # Each query string would be a page of its own: anyone could fill the shared
        # cache with ?x=1..N and push out the frame's structures. Such a request is
        # rendered (its frame still from the cache), never stored.
        return None
    # The scheme too: a page's canonical link and og:url are absolute addresses.
    address = f"{request.scheme}\n{request.get_host()}\n{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return _KEY.format(
        language=language, generation=frame_generation(language=language), digest=digest
    )


def _respond(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["body"], content_type=entry["content_type"])
    response["X-Cache"] = "hit"
    return response


class PageCacheFetchMiddleware:
    """Last in MIDDLEWARE: a page found in the cache is answered without the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not _enabled():
            return self.get_response(request)
        key = page_cache_key(request)
        if key is None:
            return self.get_response(request)
        entry = cache.get(key)
        if entry is not None:
            setattr(request, _HIT_ATTRIBUTE, entry)
            return _respond(entry)
        setattr(request, _KEY_ATTRIBUTE, key)
        return self.get_response(request)


def _same_for_everyone(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether ``response`` holds nothing of the visitor and may be shared."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != _WAGTAIL_PAGE_VIEW:
        return False
    return _holds_no_secret(request, response)


def _holds_no_secret(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether ``response`` is an HTML page with nothing of the visitor in it (no CSRF
    token, session, message or nonce): safe to compress, whatever the view."""
    if request.method not in ("GET", "HEAD"):
        return False
    if response.status_code != 200 or response.streaming:
        return False
    if response.has_header("Content-Encoding"):
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    if response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.accessed:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and (messages.used or messages._queued_messages):
        return False
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return False
    vary = {field.strip().lower() for field in cc_delim_re.split(response.get("Vary", "")) if field}
    if vary - _ALLOWED_VARY:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-cache", "no-store"))


def _compressed(request: HttpRequest, response: HttpResponse, gzipped: bytes | None) -> None:
    patch_vary_headers(response, ("Accept-Encoding",))
    if gzipped is None or not _accepts_gzip(request):
        return
    response.content = gzipped
    response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(gzipped))


def _gzip(body: bytes) -> bytes | None:
    if len(body) < _MIN_COMPRESS_LENGTH:
        return None
    # mtime=0: the same page compresses to the same bytes (no time in the header).
    return gzip.compress(body, compresslevel=6, mtime=0)


class PageCacheUpdateMiddleware:
    """First in MIDDLEWARE: keeps a page that is the same for every visitor, and
    compresses the answers the page cache serves or keeps."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        entry = getattr(request, _HIT_ATTRIBUTE, None)
        if entry is not None:
            if response.status_code == 200 and not response.has_header("Content-Encoding"):
                _compressed(request, response, entry["gzip"])
            return response
        key = getattr(request, _KEY_ATTRIBUTE, None)
        if key is None or not _same_for_everyone(request, response):
            # Not kept (another view, the page cache off...), but compressed all the
            # same when it holds no secret (the search results, say).
            if _holds_no_secret(request, response):
                _compressed(request, response, _gzip(response.content))
            return response
        body = response.content
        entry = {
            "body": body,
            "content_type": response["Content-Type"],
            "gzip": _gzip(body),
        }
        cache.set(key, entry, timeout=settings.PAGE_CACHE_TIMEOUT)
        response["X-Cache"] = "miss"
        _compressed(request, response, entry["gzip"])
        return response
