"""What a visitor sees of the newsletter: sign-up (served by its page,
``forms.newsletter.pages``), confirmation, one-click unsubscribe and preferences.
Every page answers the same whatever the address's state, so that nobody learns who
is subscribed."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from corpsite.base.ratelimits import rate_limit_exceeded

from ..antispam import HONEYPOT_FIELD, HoneypotField
from .services import (
    subscription_cancel,
    subscription_confirm,
    subscription_request,
    subscription_set_language,
)
from .tokens import (
    ExpiredToken,
    InvalidToken,
    manage_token,
    subscription_from_confirm_token,
    subscription_from_manage_token,
)


def language_choices():
    choices = []
    for code, name in settings.LANGUAGES:
        try:
            label = get_language_info(code)["name_local"].capitalize()
        except KeyError:
            label = str(name)
        choices.append((code, label))
    return choices


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(label=gettext_lazy("Newsletter language"), choices=[])

    def __init__(self, *args, purpose=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        self.fields["consent"] = forms.BooleanField(
            label=purpose.consent_wording if purpose else "",
            required=True,
            error_messages={"required": gettext_lazy("Please tick this box to subscribe.")},
        )
        self.fields[HONEYPOT_FIELD] = HoneypotField()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            raise forms.ValidationError(_("Your message could not be sent. Please try again."))
        return cleaned


def newsletter_signup(request, page):
    """The form of the newsletter's page (``forms.newsletter.pages.NewsletterPage``)."""
    request.sensitive_post_parameters = "__ALL__"
    status = 200
    if request.method == "POST":
        form = SignupForm(request.POST, purpose=page.purpose)
        if rate_limit_exceeded(request, scope="newsletter"):
            form.add_error(
                None, _("Too many sign-ups were sent from your network. Please try again later.")
            )
            status = 429
        elif form.is_valid():
            subscription_request(
                email=form.cleaned_data["email"],
                language=form.cleaned_data["language"],
                purpose=page.purpose,
            )
            return redirect(page.url + page.reverse_subpage("thanks"))
        else:
            status = 400
    else:
        form = SignupForm(purpose=page.purpose, initial={"language": get_language()})
    return TemplateResponse(
        request,
        page.get_template(request),
        {"page": page, "self": page, "form": form, "purpose": page.purpose},
        status=status,
    )


def _invalid(request, *, expired: bool = False):
    return TemplateResponse(
        request,
        "forms/newsletter/token_invalid.html",
        {"expired": expired},
        status=410 if expired else 400,
    )


@require_http_methods(["GET", "POST"])
def newsletter_confirm(request):
    token = request.GET.get("token", "")
    try:
        subscription = subscription_from_confirm_token(token)
    except ExpiredToken:
        return _invalid(request, expired=True)
    except InvalidToken:
        return _invalid(request)
    if request.method == "POST":
        subscription_confirm(subscription=subscription)
        return TemplateResponse(
            request,
            "forms/newsletter/confirmed.html",
            {"preferences_token": manage_token(subscription)},
        )
    return TemplateResponse(request, "forms/newsletter/confirm.html", {"token": token})


@csrf_exempt  # RFC 8058: mail providers POST "List-Unsubscribe=One-Click" alone; the
# signed token in the URL is what authorises it.
@require_http_methods(["GET", "POST"])
def newsletter_unsubscribe(request):
    token = request.GET.get("token", "")
    try:
        subscription = subscription_from_manage_token(token)
    except InvalidToken:
        return _invalid(request)
    if request.method == "POST":
        subscription_cancel(subscription=subscription)
        return TemplateResponse(request, "forms/newsletter/unsubscribed.html", {})
    return TemplateResponse(request, "forms/newsletter/unsubscribe.html", {"token": token})


class PreferencesForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Newsletter language"), choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()


@require_http_methods(["GET", "POST"])
def newsletter_preferences(request):
    token = request.GET.get("token", "")
    try:
        subscription = subscription_from_manage_token(token)
    except InvalidToken:
        return _invalid(request)
    saved = False
    form = PreferencesForm(request.POST or None, initial={"language": subscription.language})
    if request.method == "POST" and form.is_valid():
        subscription_set_language(subscription=subscription, language=form.cleaned_data["language"])
        saved = True
    return TemplateResponse(
        request,
        "forms/newsletter/preferences.html",
        {"form": form, "token": token, "saved": saved, "status": subscription.status},
    )
