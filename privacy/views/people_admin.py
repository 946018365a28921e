"""The privacy officer's screens about one person: find them, see everything held about
them, export it, erase it, rectify it. Built on Wagtail's generic views; who may use
them is the registered policy of ``Person`` and ``PersonExport`` (privacy.permissions),
and viewing a person is logged."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, View
from wagtail.admin.views.generic import DeleteView, InspectView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.base import BaseOperationView
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import HeaderButton

from privacy.models import DataRequest, Person, PersonExport
from privacy.people.audit import audit
from privacy.people.erasure import person_erase, person_erase_plan
from privacy.people.export import EXPORT_LIFETIME, person_export_start
from privacy.people.holds import hold_set, holdable_rows, user_can_hold
from privacy.people.rectification import person_rectify
from privacy.people.request_answers import data_request_erase
from privacy.people.search import people_search, person_overview
from privacy.registry import registry
from privacy.views.scoped import PolicyMenuMixin, ScopedObjectMixin

DOWNLOAD_SALT = "privacy.export.download"
NAMESPACE = "privacy_people"


def url(name: str, *args) -> str:
    return reverse(f"{NAMESPACE}:{name}", args=args)


class PeopleSearchForm(forms.Form):
    """An address or a name (a CharField refuses NUL characters, which PostgreSQL does)."""

    q = forms.CharField(max_length=254, required=False)


@method_decorator(sensitive_post_parameters(), name="dispatch")
class PeopleSearchView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Searched with POST: an address or a name never goes into a URL (logs, history).
    Not a listing of the people table: nobody browses it, they look one person up."""

    model = Person
    permission_required = "view"
    form_class = PeopleSearchForm
    template_name = "privacy/admin/people_search.html"
    page_title = gettext_lazy("Find a person")
    header_icon = "search"

    def form_valid(self, form):
        query = form.cleaned_data["q"]
        people = self.permission_policy.instances_user_has_permission_for(self.request.user, "view")
        results = people_search(query=query, people=people) if query else []
        context = self.get_context_data(form=form, query=query, results=results)
        return self.render_to_response({**context, "searched": bool(query)})


class PersonInspectView(ScopedObjectMixin, InspectView):
    """Everything held about one person, from every source of the registry."""

    model = Person
    template_name = "privacy/admin/person_detail.html"
    page_title = gettext_lazy("Personal data")
    header_icon = "lock"

    def get_fields(self):
        return []

    def get(self, request, *args, **kwargs):
        person = self.object
        audit(
            instance=person,
            action="privacy.view",
            user=request.user,
            subject_hmac=person.email_hmac,
        )
        return super().get(request, *args, **kwargs)

    @cached_property
    def header_more_buttons(self):
        buttons = []
        if self.user_has_permission("change"):
            buttons.append(HeaderButton(_("Correct email or name"), url("rectify", self.object.pk)))
        if user_can_hold(self.request.user):
            buttons.append(HeaderButton(_("Legal hold…"), url("hold", self.object.pk)))
        if self.user_has_permission("delete"):
            buttons.append(HeaderButton(_("Erase…"), url("erase", self.object.pk), icon_name="bin"))
        return buttons

    def get_context_data(self, **kwargs):
        person = self.object
        items = []
        for source in registry.ordered():
            if source.category == "person":
                continue
            for row in source.find(person)[:200]:
                reference = getattr(row, "reference", None) or str(row)
                items.append((source.label, reference, source.retained(row)))
        return super().get_context_data(
            **kwargs,
            person=person,
            overview=person_overview(person=person),
            items=items,
            exports=person.exports.order_by("-created_at")[:5],
            requests=person.requests.exclude(status=DataRequest.Status.PENDING),
            can_export=self.user_has_permission("export"),
        )


class PersonExportView(ScopedObjectMixin, BaseOperationView):
    """Starts the export in the background and shows its progress."""

    model = Person
    permission_required = "export"

    def get(self, request, *args, **kwargs):
        return redirect(url("inspect", self.object.pk))

    def perform_operation(self):
        self.export = person_export_start(person=self.object, user=self.request.user)

    def get_success_url(self):
        return url("export", self.export.token)


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


class PersonEraseView(ScopedObjectMixin, DeleteView):
    """Wagtail's delete view, where deleting is an erasure: the plan (what goes, what
    stays and why), a confirmation, then a receipt that holds no personal data."""

    model = Person
    permission_required = "delete"
    form_class = EraseForm
    template_name = "privacy/admin/person_erase.html"
    page_title = gettext_lazy("Erase this person's data")
    header_icon = "bin"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "person": self.object}

    @cached_property
    def open_request(self) -> DataRequest | None:
        return self.object.requests.filter(
            kind=DataRequest.Kind.ERASURE, status=DataRequest.Status.OPEN
        ).first()

    def get_initial(self):
        first = self.open_request
        return {"request_reference": first.reference if first else ""}

    def get_success_url(self):
        return url("inspect", self.object.pk)

    def get_context_data(self, **kwargs):
        # A person who was a minor when their data was collected asked for its erasure:
        # retention periods give way (not legal holds), and the plan shows it.
        minor = bool(self.open_request and self.open_request.minor_at_collection)
        plan = person_erase_plan(person=self.object, override_retention=minor)
        return super().get_context_data(**kwargs, person=self.object, plan=plan, minor=minor)

    def form_valid(self, form):
        reference = form.cleaned_data["request_reference"]
        open_request = DataRequest.objects.filter(
            reference=reference, status=DataRequest.Status.OPEN
        ).first()
        if reference and open_request is not None:
            # The person's own request: answered, and they are emailed what went.
            receipt = data_request_erase(request=open_request, user=self.request.user)
        else:
            receipt = person_erase(
                person=self.object, user=self.request.user, request_reference=reference
            )
            if reference:
                DataRequest.objects.filter(reference=reference).update(
                    status=DataRequest.Status.DONE, closed_at=timezone.now()
                )
        messages.success(self.request, _("Erased. The receipt holds no personal data."))
        return redirect("privacy_receipts:inspect", receipt.pk)


class RectifyForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Email address"), required=False)
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=255, required=False)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=255, required=False)

    def clean(self):
        cleaned_data = super().clean()
        if not any(cleaned_data.get(name) for name in self.fields):
            raise forms.ValidationError(_("Give the corrected email address or name."))
        return cleaned_data


@method_decorator(sensitive_post_parameters(), name="dispatch")
class PersonRectifyView(ScopedObjectMixin, WagtailAdminTemplateMixin, FormView):
    """Not Wagtail's edit view: the correction is no edit of one row but a service that
    rewrites every record of the person (and may merge two people)."""

    model = Person
    permission_required = "change"
    form_class = RectifyForm
    template_name = "privacy/admin/person_rectify.html"
    page_title = gettext_lazy("Correct a person's email or name")
    header_icon = "edit"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()

    def get_page_subtitle(self):
        return str(self.object)

    def get_initial(self):
        return {"email": self.object.email}

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, person=self.object)

    def form_valid(self, form):
        person = person_rectify(person=self.object, user=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Corrected in every record."))
        return redirect(url("inspect", person.pk))


class HoldForm(forms.Form):
    item = forms.ChoiceField(label=gettext_lazy("What to keep"))
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=255,
        required=False,
        help_text=gettext_lazy(
            "A dispute, an authority's request… Held data is never purged. "
            "Leave empty to lift the hold."
        ),
    )

    def __init__(self, *args, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("Everything about this person"))] + [
            (row.key, f"{row.label}: {row.item}") for row in holdable_rows(person=person)
        ]
        self.fields["item"].required = False


class PersonHoldView(ScopedObjectMixin, WagtailAdminTemplateMixin, FormView):
    """Put a person, or one of their submissions, on legal hold, or lift it: the
    privacy officer only ("put on legal hold" besides "manage personal data")."""

    model = Person
    permission_required = "view"
    form_class = HoldForm
    template_name = "privacy/admin/person_hold.html"
    page_title = gettext_lazy("Legal hold")
    header_icon = "lock"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()

    def dispatch(self, request, *args, **kwargs):
        if not user_can_hold(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "person": self.object}

    def get_initial(self):
        return {"reason": self.object.hold_reason}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, person=self.object, rows=holdable_rows(person=self.object)
        )

    def form_valid(self, form):
        reason = form.cleaned_data["reason"]
        hold_set(
            person=self.object,
            user=self.request.user,
            reason=reason,
            item=form.cleaned_data["item"],
        )
        messages.success(self.request, _("Hold set.") if reason.strip() else _("Hold lifted."))
        return redirect(url("inspect", self.object.pk))


class ExportStatusView(ScopedObjectMixin, InspectView):
    model = PersonExport
    pk_url_kwarg = "token"
    lookup_field = "token"
    template_name = "privacy/admin/export_status.html"
    page_title = gettext_lazy("Personal data export")
    header_icon = "download"

    def get_fields(self):
        return []

    def get_context_data(self, **kwargs):
        export = self.object
        download = None
        if export.status == PersonExport.Status.READY and export.expires_at > timezone.now():
            signed = signing.dumps(str(export.token), salt=DOWNLOAD_SALT)
            download = url("download") + f"?token={signed}"
        return super().get_context_data(
            **kwargs, export=export, download=download, refresh=export.status == "running"
        )


class ExportDownloadView(PermissionCheckedMixin, View):
    """The ZIP, through a signed link that expires with the export."""

    model = PersonExport
    permission_required = "view"

    def get(self, request):
        try:
            token = signing.loads(
                request.GET.get("token", ""),
                salt=DOWNLOAD_SALT,
                max_age=EXPORT_LIFETIME.total_seconds(),
            )
        except signing.BadSignature as error:
            raise Http404 from error
        exports = self.permission_policy.instances_user_has_permission_for(request.user, "view")
        export = get_object_or_404(
            exports, token=token, status=PersonExport.Status.READY, expires_at__gt=timezone.now()
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


class PeopleViewSet(PolicyMenuMixin, ViewSet):
    """/admin/privacy/people/... and /admin/privacy/exports/...: one person at a time."""

    name = NAMESPACE
    url_prefix = "privacy"
    model = Person
    icon = "search"
    menu_label = gettext_lazy("Find a person")

    def get_urlpatterns(self):
        common = {"index_url_name": f"{NAMESPACE}:search"}
        return [
            path("people/", PeopleSearchView.as_view(), name="search"),
            path("people/<id:pk>/", PersonInspectView.as_view(**common), name="inspect"),
            path("people/<id:pk>/export/", PersonExportView.as_view(), name="export_start"),
            path(
                "people/<id:pk>/erase/",
                PersonEraseView.as_view(**common, delete_url_name=f"{NAMESPACE}:erase"),
                name="erase",
            ),
            path("people/<id:pk>/rectify/", PersonRectifyView.as_view(), name="rectify"),
            path("people/<id:pk>/hold/", PersonHoldView.as_view(), name="hold"),
            path("exports/<uuid:token>/", ExportStatusView.as_view(), name="export"),
            path("exports/download/", ExportDownloadView.as_view(), name="download"),
        ]
