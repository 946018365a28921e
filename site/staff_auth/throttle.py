"""Failed staff sign-ins, counted by django-axes per account and per client address.

The address is the project's own ``client_ip`` (X-Forwarded-For is believed only
from settings.TRUSTED_PROXIES), never a header a visitor can set. A wrong second
factor counts as a failed sign-in too. The lockout is shown on Wagtail's login page.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.utils import reset
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from corpsite.base.client import client_ip as project_client_ip

LOCKED_OUT = _(
    "Too many failed sign-in attempts for this account or from this address. "
    "Try again later, or ask an administrator to unlock it."
)


def client_ip(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: the address the project trusts (see corpsite.base.client)."""
    return project_client_ip(request)


def client_str(username, ip_address, user_agent, path_info, request) -> str:
    """AXES_CLIENT_STR_CALLABLE: what axes writes in its log lines; no account name,
    no address."""
    return f"a sign-in at {request.path if request is not None else '?'}"


def is_locked(request, username: str) -> bool:
    return AxesProxyHandler.is_locked(request, {"username": username})


def record_failure(request, username: str) -> bool:
    """Count a failed step of a sign-in (a wrong second factor) like a wrong password;
    True if the account or the address is now locked out."""
    user_login_failed.send(sender=__name__, credentials={"username": username}, request=request)
    return bool(getattr(request, "axes_locked_out", False))


def lockout_response(request, original_response, credentials):
    """AXES_LOCKOUT_CALLABLE. On Wagtail's login page, the form already says why
    (forms.StaffLoginForm): keep that page, answered with 429. Elsewhere (the second
    factor step) the half-signed-in session ends and the login page says why."""
    match = getattr(request, "resolver_match", None)
    if original_response is not None and match and match.url_name == "wagtailadmin_login":
        original_response.status_code = 429
        return original_response
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        logout(request)
    messages.error(request, LOCKED_OUT)
    return redirect("wagtailadmin_login")


def unlock(*, username: str | None = None, ip_address: str | None = None) -> int:
    """Forget the failed attempts of an account and/or an address; returns how many
    records were removed."""
    count = 0
    if username:
        count += reset(username=username)
    if ip_address:
        count += reset(ip=ip_address)
    return count
