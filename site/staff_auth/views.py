"""The second step of a staff sign-in: type a code, or set up an authenticator."""

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from . import devices, throttle
from .forms import CodeForm, SetupForm


def next_url(request) -> str:
    """Where to go once verified: the page asked for, if it is on this site."""
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if safe else reverse("wagtailadmin_home")


def admin_login_required(view):
    return login_required(view, login_url=reverse_lazy("wagtailadmin_login"))


def same_query(request, url_name: str):
    """A redirect to another step of the sign-in, keeping ?next=."""
    query = request.GET.urlencode()
    return redirect(f"{reverse(url_name)}?{query}" if query else reverse(url_name))


@sensitive_post_parameters("code")
@never_cache
@admin_login_required
def verify(request):
    user = request.user
    if user.is_verified():
        return redirect(next_url(request))
    if not devices.has_second_factor(user):
        return same_query(request, "staff_auth_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        username = user.get_username()
        if throttle.is_locked(request, username):
            return throttle.lockout_response(request, None, None)
        if form.is_valid():
            device = devices.verify_code(user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                if isinstance(device, StaticDevice):
                    remaining = device.token_set.count()
                    messages.warning(
                        request,
                        ngettext(
                            "You signed in with a recovery code; %(count)s code remains.",
                            "You signed in with a recovery code; %(count)s codes remain.",
                            remaining,
                        )
                        % {"count": remaining},
                    )
                return redirect(next_url(request))
            # Counted like a wrong password: past the limit, axes' middleware ends
            # the session and shows the lockout on the login page (throttle.py).
            throttle.record_failure(request, username)
            form.add_error("code", _("This code is not valid. Try again."))
    context = {"form": form, "next": next_url(request)}
    return TemplateResponse(request, "staff_auth/verify.html", context)


@sensitive_post_parameters("code")
@never_cache
@admin_login_required
def setup(request):
    user = request.user
    if devices.has_second_factor(user):
        return same_query(request, "staff_auth_verify")
    device = devices.pending_totp_device(user)
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if devices.confirm_totp_device(user, device, form.cleaned_data["code"]):
            device.refresh_from_db()
            otp_login(request, device)
            context = {"codes": devices.new_recovery_codes(user), "next": next_url(request)}
            return TemplateResponse(request, "staff_auth/recovery_codes.html", context)
        form.add_error("code", _("This code is not valid. Check the key and try again."))
    context = {
        "form": form,
        "next": next_url(request),
        "qr_code": devices.qr_code_svg(device),
        "secret": devices.secret_for_display(device),
        "otpauth_url": device.config_url,
    }
    return TemplateResponse(request, "staff_auth/setup.html", context)
