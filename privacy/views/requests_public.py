"""What a visitor sees of data requests: the request form (a page in each language),
the confirmation link, and the download link of an access request's answer. Every
answer is the same whatever the address, so that nobody learns whose data we hold;
a link's GET only shows a button, its POST acts (mail scanners open links)."""

from __future__ import annotations

from django import forms
from django.http import FileResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from corpsite.base.ratelimits import rate_limit_exceeded
from privacy.models.people import DataRequest
from privacy.people.request_answers import export_download_by_person
from privacy.people.request_tokens import (
    CONFIRM_MAX_AGE,
    ExpiredToken,
    InvalidToken,
    export_token_from_download_token,
    request_from_confirm_token,
)
from privacy.people.requests import data_request_confirm, data_request_file

HONEYPOT_FIELD = "website"

KIND_CHOICES = [
    (DataRequest.Kind.ACCESS, gettext_lazy("A copy of my data (access)")),
    (DataRequest.Kind.ERASURE, gettext_lazy("Erase my data (erasure)")),
    (DataRequest.Kind.RECTIFICATION, gettext_lazy("Correct my data (rectification)")),
    (DataRequest.Kind.OBJECTION, gettext_lazy("Stop using my data for marketing (objection)")),
    (DataRequest.Kind.RESTRICTION, gettext_lazy("Restrict the use of my data (restriction)")),
]


class PublicDataRequestForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your email address"),
        max_length=254,
        help_text=gettext_lazy("The address our records about you are under."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("What do you ask?"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose what you ask.")},
    )
    details = forms.CharField(
        label=gettext_lazy("Details (optional)"),
        required=False,
        max_length=2000,
        help_text=gettext_lazy(
            "For a correction, what is wrong and what is right; for a restriction, why."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    minor_at_collection = forms.BooleanField(
        label=gettext_lazy("I was under 18 when my data was collected"),
        required=False,
        help_text=gettext_lazy(
            "For an erasure: your data is then erased without delay, even where we would "
            "otherwise keep it, unless the law obliges us to keep it."
        ),
    )
    website = forms.CharField(
        label=gettext_lazy("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            raise forms.ValidationError(_("Your request could not be sent. Please try again."))
        return cleaned


def data_request_page(request, page):
    """The request form of ``page`` (a DataRequestPage). A valid request leads to
    the same "check your inbox" page whatever the address, known or not, and
    whether or not a confirmation email went (one per address per hour)."""
    request.sensitive_post_parameters = "__ALL__"
    status = 200
    if request.method == "POST":
        form = PublicDataRequestForm(request.POST)
        if rate_limit_exceeded(request, scope="data_request"):
            form.add_error(
                None, _("Too many requests were sent from your network. Please try again later.")
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            data_request_file(
                email=data["email"],
                kind=data["kind"],
                language=get_language(),
                details=data["details"],
                minor_at_collection=data["minor_at_collection"],
            )
            return redirect(page.url + page.reverse_subpage("thanks"))
        else:
            status = 400
    else:
        form = PublicDataRequestForm()
    return TemplateResponse(
        request,
        page.get_template(request),
        {"page": page, "self": page, "form": form, "days": CONFIRM_MAX_AGE.days},
        status=status,
    )


def _invalid(request, *, expired: bool = False):
    return TemplateResponse(
        request,
        "privacy/requests/token_invalid.html",
        {"expired": expired},
        status=410 if expired else 400,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def data_request_confirm_view(request):
    token = request.GET.get("token", "")
    try:
        data_request = request_from_confirm_token(token)
    except ExpiredToken:
        return _invalid(request, expired=True)
    except InvalidToken:
        return _invalid(request)
    if request.method == "POST":
        data_request = data_request_confirm(request=data_request)
        return TemplateResponse(
            request, "privacy/requests/confirmed.html", {"data_request": data_request}
        )
    return TemplateResponse(
        request,
        "privacy/requests/confirm.html",
        {"token": token, "data_request": data_request},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def data_request_download_view(request):
    """The person's copy of their data: the GET shows a button, the POST sends the
    ZIP, once; the link is then dead."""
    token = request.GET.get("token", "")
    try:
        export_token = export_token_from_download_token(token)
    except ExpiredToken:
        return _invalid(request, expired=True)
    except InvalidToken:
        return _invalid(request)
    if request.method == "GET":
        return TemplateResponse(request, "privacy/requests/download.html", {"token": token})
    export = export_download_by_person(export_token=export_token)
    if export is None:
        return _invalid(request, expired=True)
    response = FileResponse(
        export.file.open("rb"), as_attachment=True, filename="personal-data.zip"
    )
    response["Cache-Control"] = "no-store, private"
    return response
