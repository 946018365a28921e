"""Honeypot and reCAPTCHA: what keeps robots out of the forms (the rate limit,
which the cookie choices use too, is in the base layer: corpsite.base.ratelimits)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"


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
