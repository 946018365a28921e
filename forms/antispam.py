"""Honeypot, rate limit and reCAPTCHA: what keeps robots out of the forms."""

from __future__ import annotations

import ipaddress
from hashlib import sha256

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"


def client_ip(request) -> str:
    """The visitor's address. X-Forwarded-For is trusted only from the proxies in
    settings.TRUSTED_PROXIES, and then only its right-most untrusted entry."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = set(getattr(settings, "TRUSTED_PROXIES", []))
    if remote in trusted:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        for hop in reversed([hop for hop in hops if hop]):
            if hop not in trusted:
                return hop
    return remote


def truncate_ip(ip: str) -> str:
    """The network of an address, nothing more: /24 for IPv4, /48 for IPv6."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def rate_limit_key(ip: str) -> str:
    """Whom a limit counts: an IPv4 address, or the /64 an IPv6 host is given (any
    machine picks addresses freely inside its own /64)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _limit() -> tuple[int, int]:
    count, _slash, seconds = str(getattr(settings, "FORMS_RATE_LIMIT", "10/600")).partition("/")
    return int(count), int(seconds or 600)


def rate_limit_exceeded(request, *, scope: str) -> bool:
    """Count this request against the visitor's address (in the shared cache) and
    say whether it is over the limit. FORMS_RATE_LIMIT = "0/..." turns it off."""
    count, seconds = _limit()
    if count <= 0:
        return False
    digest = sha256(f"{scope}:{rate_limit_key(client_ip(request))}".encode()).hexdigest()[:32]
    key = f"ratelimit:{digest}"
    cache.add(key, 0, timeout=seconds)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=seconds)
        used = 1
    return used > count


class HoneypotField(forms.CharField):
    """A field people do not see (hidden by CSS, skipped by keyboard and screen
    readers) and robots fill in."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Leave this field empty"))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
        )
        super().__init__(**kwargs)


def recaptcha_enabled() -> bool:
    return bool(getattr(settings, "RECAPTCHA_PUBLIC_KEY", "")) and bool(
        getattr(settings, "RECAPTCHA_PRIVATE_KEY", "")
    )


def recaptcha_field(*, remote_ip: str):
    """django-recaptcha's field, given the address we trust, and turning an outage
    of Google's service into a form error instead of a server error."""
    from django_recaptcha.fields import ReCaptchaField

    class SafeReCaptchaField(ReCaptchaField):
        def get_remote_ip(self):
            return remote_ip

        def validate(self, value):
            try:
                super().validate(value)
            # URLError, timeouts, refused connections; a garbled reply (ValueError)
            except (OSError, ValueError) as error:
                raise ValidationError(
                    _("The anti-spam check is unavailable. Please try again in a few minutes."),
                    code="captcha_unavailable",
                ) from error

    field = SafeReCaptchaField(label=_("Anti-spam check"))
    # The widget's default callback named a function its inline script defined;
    # that script is left out (strict CSP), so is the callback.
    field.widget.attrs["data-callback"] = False
    field.error_messages["captcha_invalid"] = _("The anti-spam check failed. Please try again.")
    field.error_messages["captcha_error"] = _(
        "The anti-spam check is unavailable. Please try again in a few minutes."
    )
    return field
