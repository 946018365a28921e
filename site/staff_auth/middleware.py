from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import SimpleLazyObject

from .devices import has_second_factor
from .policy import needs_second_factor

# What a user signed in with a password only may reach in the admin.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "staff_auth_verify",
    "staff_auth_setup",
}


def half_signed_in(user) -> bool:
    """Signed in with a password, but not yet with the second factor they need."""
    return user.is_authenticated and not user.is_verified() and needs_second_factor(user)


class SecondFactorMiddleware:
    """After django_otp's OTPMiddleware. In the admin, a user who needs a second
    factor (policy.needs_second_factor) and has not given it is sent to the
    verification page, or to the set-up page if they have no device yet. Outside
    the admin, such a user is anonymous (private pages, documents)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        admin_prefix = reverse("wagtailadmin_home")
        if request.path_info.startswith(admin_prefix):
            response = self.admin_redirect(request)
            if response is not None:
                return response
        else:
            user = request.user
            request.user = SimpleLazyObject(
                lambda: AnonymousUser() if half_signed_in(user) else user
            )
        return self.get_response(request)

    def admin_redirect(self, request):
        if not half_signed_in(request.user):
            return None
        try:
            url_name = resolve(request.path_info).url_name
        except Resolver404:
            url_name = None
        if url_name in OPEN_URL_NAMES:
            return None
        target = "staff_auth_verify" if has_second_factor(request.user) else "staff_auth_setup"
        return redirect_to_login(request.get_full_path(), login_url=reverse(target))
