"""System checks of the project's own settings (`manage.py check`, `check --deploy`)."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core import checks

from corpsite.base.ratelimits import RATE_LIMIT_DEFAULTS, rate_limit, rate_limit_setting


@checks.register(checks.Tags.security)
def check_trusted_proxies_entries(app_configs=None, **kwargs):
    """Every entry of TRUSTED_PROXIES is an address or a network."""
    errors = []
    for entry in getattr(settings, "TRUSTED_PROXIES", []) or []:
        try:
            ipaddress.ip_network(str(entry).strip(), strict=False)
        except ValueError:
            errors.append(
                checks.Error(
                    f"TRUSTED_PROXIES holds {entry!r}, which is neither an address nor a network.",
                    hint="List the addresses (or networks, such as 10.0.0.0/24) of the "
                    "reverse proxies, separated by commas.",
                    id="corpsite.E001",
                )
            )
    return errors


@checks.register(checks.Tags.security)
def check_rate_limits(app_configs=None, **kwargs):
    """Every rate limit reads posts/seconds."""
    from django.core.exceptions import ImproperlyConfigured

    errors = []
    for scope in RATE_LIMIT_DEFAULTS:
        try:
            rate_limit(scope)
        except ImproperlyConfigured as error:
            errors.append(
                checks.Error(
                    str(error),
                    hint="For example 10/600: ten posts per address in ten minutes.",
                    obj=rate_limit_setting(scope),
                    id="corpsite.E002",
                )
            )
    return errors


@checks.register(checks.Tags.security, deploy=True)
def check_behind_a_proxy(app_configs=None, **kwargs):
    """In production the site runs behind a reverse proxy; without TRUSTED_PROXIES
    nothing it forwards is believed (rightly), so every visitor has its address."""
    warnings = []
    if not getattr(settings, "TRUSTED_PROXIES", None):
        warnings.append(
            checks.Warning(
                "TRUSTED_PROXIES is empty: behind a reverse proxy, every visitor would have "
                "the proxy's address and share one rate-limit counter (forms, newsletter "
                "sign-up, cookie choices), and X-Forwarded-Proto would not be believed.",
                hint="Set TRUSTED_PROXIES to the proxy's address (or network). If nothing "
                "stands in front of the application, silence corpsite.W001 with the "
                "reason in the settings.",
                id="corpsite.W001",
            )
        )
    header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if header and str(header[0]).startswith("HTTP_"):
        warnings.append(
            checks.Warning(
                f"SECURE_PROXY_SSL_HEADER reads the request header {header[0]!r}, which any "
                "client can send: a plain-HTTP request would pass for HTTPS.",
                hint="Keep the value of base.py: corpsite.proxies fills it in from "
                "TRUSTED_PROXIES only.",
                id="corpsite.W002",
            )
        )
    return warnings
