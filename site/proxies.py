"""What the reverse proxies in front of the site say about a request, believed only
from the proxies in settings.TRUSTED_PROXIES.

- X-Forwarded-Proto: copied to the META key of SECURE_PROXY_SSL_HEADER only when the
  peer is a trusted proxy, so a visitor talking to the application directly cannot
  make a plain-HTTP request pass for HTTPS (Django's own SECURE_PROXY_SSL_HEADER
  believes any client that sends the header).
- X-Forwarded-For: read by corpsite.base.client.client_ip. When a peer that is not a
  trusted proxy sends it, the site is probably behind a proxy nobody declared (every
  visitor would then share the proxy's address and its rate-limit counters): a
  warning is logged, once per process, naming no address.
"""

from __future__ import annotations

import logging

from django.conf import settings

from corpsite.base.client import is_trusted_proxy

logger = logging.getLogger(__name__)

_warned = {"forwarded_for": False}


def forwarded_proto_key() -> str | None:
    header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    return header[0] if header else None


def warn_untrusted_forwarded_for() -> None:
    if _warned["forwarded_for"]:
        return
    _warned["forwarded_for"] = True
    logger.warning(
        "A request from a peer outside TRUSTED_PROXIES carried X-Forwarded-For, which "
        "was ignored. If the site runs behind a reverse proxy, add the proxy's address "
        "to TRUSTED_PROXIES: until then every visitor has the proxy's address and "
        "shares its rate-limit counters, and X-Forwarded-Proto is not believed."
    )


class TrustedProxyMiddleware:
    """Put it first, before SecurityMiddleware (its HTTPS redirect asks is_secure())."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        trusted = is_trusted_proxy(request.META.get("REMOTE_ADDR", ""))
        key = forwarded_proto_key()
        if key and not key.startswith("HTTP_"):
            # Not a header, so never from the client: only what a trusted proxy said.
            request.META.pop(key, None)
            proto = request.META.get("HTTP_X_FORWARDED_PROTO")
            if trusted and proto:
                request.META[key] = proto.split(",", 1)[0].strip().lower()
        if not trusted and "HTTP_X_FORWARDED_FOR" in request.META:
            warn_untrusted_forwarded_for()
        return self.get_response(request)
