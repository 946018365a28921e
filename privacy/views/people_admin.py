"""The privacy officer's screens: find a person, see everything held about them,
export it, erase it, rectify it; data requests and erasure receipts. Every view
requires the "manage personal data" permission, and viewing a person is logged."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from wagtail.admin.auth import permission_required

from privacy.models import CookieConsentRecord, DataRequest, ErasureReceipt, Person, PersonExport
from privacy.people.audit import audit
from privacy.people.erasure import person_erase, person_erase_plan
from privacy.people.export import EXPORT_LIFETIME, person_export_start
from privacy.people.rectification import person_rectify
from privacy.people.requests import data_request_create, data_request_extend
from privacy.people.search import people_search, person_overview
from privacy.registry import registry
from privacy.selectors import MANAGE_PERSONAL_DATA, personal_data_for_user

MANAGE = MANAGE_PERSONAL_DATA
DOWNLOAD_SALT = "privacy.export.download"


class PeopleSearchForm(forms.Form):
    """An address or a name (a CharField refuses NUL characters, which PostgreSQL does)."""

    q = forms.CharField(max_length=254, required=False)


@permission_required(MANAGE)
@sensitive_post_parameters()
def people_search_view(request):
    """Searched with POST: an address or a name never goes into a URL (logs, history)."""
    form = PeopleSearchForm(request.POST or None)
    query = form.cleaned_data["q"] if request.method == "POST" and form.is_valid() else ""
    results = (
        people_search(query=query, people=personal_data_for_user(request.user, Person))
        if query
        else []
    )
    return TemplateResponse(
        request,
        "privacy/admin/people_search.html",
        {"query": query, "results": results, "searched": bool(query)},
    )


@permission_required(MANAGE)
def person_detail(request, pk: int):
    person = get_object_or_404(personal_data_for_user(request.user, Person), pk=pk)
    audit(instance=person, action="privacy.view", user=request.user, subject_hmac=person.email_hmac)
    items = []
    for source in registry.ordered():
        if source.category == "person":
            continue
        for row in source.find(person)[:200]:
            items.append(
                (source.label, getattr(row, "reference", None) or str(row), source.retained(row))
            )
    return TemplateResponse(
        request,
        "privacy/admin/person_detail.html",
        {
            "person": person,
            "overview": person_overview(person=person),
            "items": items,
            "exports": person.exports.order_by("-created_at")[:5],
            "requests": person.requests.all(),
        },
    )


@permission_required(MANAGE)
def person_export(request, pk: int):
    person = get_object_or_404(personal_data_for_user(request.user, Person), pk=pk)
    if request.method != "POST":
        return redirect("privacy_person", pk=pk)
    export = person_export_start(person=person, user=request.user)
    return redirect("privacy_export", token=export.token)


@permission_required(MANAGE)
def export_status(request, token):
    export = get_object_or_404(personal_data_for_user(request.user, PersonExport), token=token)
    download = None
    if export.status == PersonExport.Status.READY and export.expires_at > timezone.now():
        signed = signing.dumps(str(export.token), salt=DOWNLOAD_SALT)
        download = reverse("privacy_export_download") + f"?token={signed}"
    return TemplateResponse(
        request,
        "privacy/admin/export_status.html",
        {"export": export, "download": download, "refresh": export.status == "running"},
    )


@permission_required(MANAGE)
def export_download(request):
    """The ZIP, through a signed link that expires with the export."""
    try:
        token = signing.loads(
            request.GET.get("token", ""),
            salt=DOWNLOAD_SALT,
            max_age=EXPORT_LIFETIME.total_seconds(),
        )
    except signing.BadSignature as error:
        raise Http404 from error
    export = get_object_or_404(
        personal_data_for_user(request.user, PersonExport),
        token=token,
        status=PersonExport.Status.READY,
        expires_at__gt=timezone.now(),
    )
    audit(
        instance=export,
        action="privacy.download_export",
        user=request.user,
        subject_hmac=export.person.email_hmac if export.person else "",
    )
    response = FileResponse(
        export.file.open("rb"), as_attachment=True, filename=f"personal-data-{export.pk}.zip"
    )
    response["Cache-Control"] = "no-store, private"
    return response


class EraseForm(forms.Form):
    request_reference = forms.CharField(
        label=gettext_lazy("Data request (reference)"), max_length=20, required=False
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I have checked what will be erased and what will be kept."),
        required=True,
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_request_reference(self):
        reference = self.cleaned_data["request_reference"].strip()
        if (
            reference
            and not DataRequest.objects.filter(reference=reference, kind=DataRequest.Kind.ERASURE)
            .filter(Q(person=self.person) | Q(email_hmac=self.person.email_hmac))
            .exists()
        ):
            raise forms.ValidationError(_("This is not an erasure request of this person."))
        return reference


@permission_required(MANAGE)
def person_erase_view(request, pk: int):
    person = get_object_or_404(personal_data_for_user(request.user, Person), pk=pk)
    plan = person_erase_plan(person=person)
    open_request = person.requests.filter(kind=DataRequest.Kind.ERASURE, status="open").first()
    form = EraseForm(
        request.POST or None,
        person=person,
        initial={"request_reference": open_request.reference if open_request else ""},
    )
    if request.method == "POST" and form.is_valid():
        reference = form.cleaned_data["request_reference"]
        receipt = person_erase(person=person, user=request.user, request_reference=reference)
        DataRequest.objects.filter(reference=reference).update(
            status=DataRequest.Status.DONE, closed_at=timezone.now()
        )
        messages.success(request, _("Erased. The receipt holds no personal data."))
        return redirect("privacy_receipt", pk=receipt.pk)
    return TemplateResponse(
        request,
        "privacy/admin/person_erase.html",
        {"person": person, "plan": plan, "form": form},
    )


class RectifyForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"), required=False)
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=255, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=255, required=False)


@permission_required(MANAGE)
@sensitive_post_parameters()
def person_rectify_view(request, pk: int):
    person = get_object_or_404(personal_data_for_user(request.user, Person), pk=pk)
    form = RectifyForm(request.POST or None, initial={"email": person.email})
    if request.method == "POST" and form.is_valid():
        person = person_rectify(person=person, user=request.user, **form.cleaned_data)
        messages.success(request, _("Corrected in every record."))
        return redirect("privacy_person", pk=person.pk)
    return TemplateResponse(
        request, "privacy/admin/person_rectify.html", {"person": person, "form": form}
    )


class DataRequestForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address of the person"))
    kind = forms.ChoiceField(label=gettext_lazy("Request"), choices=DataRequest.Kind.choices)
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)
    details = forms.CharField(
        label=gettext_lazy("What the person asked"), widget=forms.Textarea, required=False
    )


class ExtendForm(forms.Form):
    """Which request's deadline to extend (its id, from the list's button)."""

    extend = forms.IntegerField(min_value=1, max_value=2**63 - 1)


@permission_required(MANAGE)
@sensitive_post_parameters()
def data_requests(request):
    requests = personal_data_for_user(request.user, DataRequest)
    form = DataRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from privacy.people.search import person_find

        data = form.cleaned_data
        person = person_find(email=data["email"])
        created = data_request_create(
            person=person,
            email=data["email"],
            kind=data["kind"],
            language=data["language"],
            details=data["details"],
            user=request.user,
        )
        messages.success(
            request,
            _("Request %(reference)s recorded; answer due by %(date)s.")
            % {"reference": created.reference, "date": created.deadline.date().isoformat()},
        )
        return redirect("privacy_requests")
    if request.method == "POST" and "extend" in request.POST:
        extend = ExtendForm(request.POST)
        if not extend.is_valid():
            raise Http404
        data_request_extend(request=get_object_or_404(requests, pk=extend.cleaned_data["extend"]))
        return redirect("privacy_requests")
    return TemplateResponse(
        request,
        "privacy/admin/data_requests.html",
        {
            "form": form,
            "open": requests.filter(status="open").order_by("deadline"),
            "closed": requests.exclude(status="open").order_by("-closed_at")[:50],
            "now": timezone.now(),
        },
    )


@permission_required(MANAGE)
def receipts(request):
    return TemplateResponse(
        request,
        "privacy/admin/receipts.html",
        {"receipts": personal_data_for_user(request.user, ErasureReceipt)[:200]},
    )


@permission_required(MANAGE)
def receipt_detail(request, pk: int):
    receipt = get_object_or_404(personal_data_for_user(request.user, ErasureReceipt), pk=pk)
    return TemplateResponse(request, "privacy/admin/receipt_detail.html", {"receipt": receipt})


@permission_required(MANAGE)
def cookie_consents(request):
    consent_id = request.GET.get("consent_id", "").strip()
    records = []
    if consent_id:
        try:
            records = list(
                personal_data_for_user(request.user, CookieConsentRecord).filter(
                    consent_id=uuid.UUID(consent_id)
                )
            )
        except ValueError:  # not a consent id: nothing to find
            records = []
    return TemplateResponse(
        request,
        "privacy/admin/cookie_consents.html",
        {"consent_id": consent_id, "records": records},
    )
