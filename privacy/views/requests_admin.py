"""The privacy officer's registers: data requests, erasure receipts, and the proof of
cookie choices. Wagtail's ``ModelViewSet`` listings and inspect views, over the rows
the registered policy of each model lets the user see (privacy.permissions)."""

from __future__ import annotations

import uuid
from datetime import timedelta
from functools import partial

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Case, Value, When
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, InspectView, WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton
from wagtail.permissions import policy_registry

from privacy.models import CookieConsentRecord, DataRequest, ErasureReceipt, Person, PersonExport
from privacy.people.request_answers import (
    AnswerRefused,
    data_request_answer,
    data_request_refuse,
    data_request_send_export,
    exports_to_send,
)
from privacy.people.request_tokens import PERSON_DOWNLOAD_LIFETIME
from privacy.people.requests import ExtensionRefused, data_request_create, data_request_extend
from privacy.people.search import person_find
from privacy.registry import registry
from privacy.views.scoped import ScopedIndexView, ScopedModelViewSet, ScopedObjectMixin

# --- data requests -----------------------------------------------------------------------

SOON = timedelta(days=7)


def urgency(instance, now) -> str:
    """ "overdue", "soon" (due within seven days) or "" for an open request."""
    if instance.status != DataRequest.Status.OPEN or instance.deadline is None:
        return ""
    if instance.deadline < now:
        return "overdue"
    return "soon" if instance.deadline <= now + SOON else ""


class DeadlineColumn(Column):
    cell_template_name = "privacy/admin/deadline_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        return {**context, "urgency": urgency(instance, timezone.now())}


class ExtendColumn(Column):
    """A link to extend an open request's deadline, for whoever the policy lets
    change the request."""

    cell_template_name = "privacy/admin/extend_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = context["request"]
        policy = policy_registry.get_by_type(DataRequest)
        if (
            instance.status == DataRequest.Status.OPEN
            and not instance.extended
            and policy.user_has_permission_for_instance(request.user, "change", instance)
        ):
            context["url"] = reverse("privacy_requests:extend", args=[instance.pk])
        return context


class DataRequestIndexView(ScopedIndexView):
    """Open requests first, overdue and soon-due at the top and highlighted; then the
    answered ones."""

    def order_queryset(self, queryset):
        if self.ordering != self.default_ordering:
            return super().order_queryset(queryset)
        return queryset.annotate(
            closed=Case(When(status=DataRequest.Status.OPEN, then=Value(0)), default=Value(1))
        ).order_by("closed", "deadline", "pk")

    @cached_property
    def table_class(self):
        now = timezone.now()

        class RequestTable(super().table_class):
            def get_row_classname(self, instance):
                level = urgency(instance, now)
                return f"privacy-request--{level}" if level else ""

        return RequestTable


class DataRequestForm(forms.ModelForm):
    email = forms.EmailField(label=gettext_lazy("Email address of the person"))
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=settings.LANGUAGES)

    class Meta:
        model = DataRequest
        fields = ["email", "kind", "language", "details"]
        labels = {"kind": gettext_lazy("Request"), "details": gettext_lazy("What the person asked")}


@method_decorator(sensitive_post_parameters(), name="dispatch")
class DataRequestCreateView(CreateView):
    """Records a request received by letter, phone or email: the reference and the
    deadline come from the service, never from the form."""

    def save_instance(self):
        data = self.form.cleaned_data
        return data_request_create(
            person=person_find(email=data["email"]),
            email=data["email"],
            kind=data["kind"],
            language=data["language"],
            details=data["details"],
            user=self.request.user,
        )

    def get_success_message(self, instance):
        return _("Request %(reference)s recorded; answer due by %(date)s.") % {
            "reference": instance.reference,
            "date": instance.deadline.date().isoformat(),
        }

    def get_success_buttons(self):
        return []


class DataRequestInspectView(ScopedObjectMixin, InspectView):
    template_name = "privacy/admin/request_detail.html"

    @cached_property
    def header_more_buttons(self):
        buttons = []
        request, user = self.object, self.request.user
        person = request.person
        people = policy_registry.get_by_type(Person)
        if person is not None and people.user_has_permission(user, "view"):
            link = reverse("privacy_people:inspect", args=[person.pk])
            buttons.append(HeaderButton(_("Personal data"), link, icon_name="lock"))
        if (
            request.status != DataRequest.Status.OPEN
            or not self.permission_policy.user_has_permission_for_instance(user, "change", request)
        ):
            return buttons
        action = partial(reverse_action, request)
        if request.kind == DataRequest.Kind.ACCESS and person is not None:
            buttons.append(
                HeaderButton(_("Send the export"), action("send_export"), icon_name="download")
            )
        if (
            request.kind == DataRequest.Kind.ERASURE
            and person is not None
            and people.user_has_permission(user, "delete")
        ):
            link = reverse("privacy_people:erase", args=[person.pk])
            buttons.append(HeaderButton(_("Erase…"), link, icon_name="bin"))
        if not request.extended:
            buttons.append(
                HeaderButton(_("Extend the deadline"), action("extend"), icon_name="time")
            )
        buttons.append(HeaderButton(_("Answer"), action("answer"), icon_name="mail"))
        buttons.append(HeaderButton(_("Refuse"), action("refuse"), icon_name="cross"))
        return buttons

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            emails=self.object.emails.order_by("created_at"),
            urgency=urgency(self.object, timezone.now()),
        )


def reverse_action(request: DataRequest, name: str) -> str:
    return reverse(f"privacy_requests:{name}", args=[request.pk])


class RequestActionView(ScopedObjectMixin, WagtailAdminTemplateMixin, FormView):
    """A form about one open request (extend, answer, refuse, send the export),
    for whoever the policy lets change it; the request is looked up among those."""

    model = DataRequest
    permission_required = "change"
    template_name = "privacy/admin/request_action.html"
    header_icon = "help"
    submit_label = gettext_lazy("Save")
    explanation = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None

    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.status != DataRequest.Status.OPEN:
            messages.error(request, _("This request is already answered."))
            return redirect(reverse_action(self.object, "inspect"))
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object.reference)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            data_request=self.object,
            submit_label=self.submit_label,
            explanation=self.explanation,
        )

    def get_success_url(self):
        return reverse_action(self.object, "inspect")


class ExtendForm(forms.Form):
    months = forms.TypedChoiceField(
        label=gettext_lazy("Extend by"),
        coerce=int,
        choices=[(2, gettext_lazy("two months")), (1, gettext_lazy("one month"))],
    )
    reason = forms.CharField(
        label=gettext_lazy("Why (sent to the person)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class DataRequestExtendView(RequestActionView):
    """Extends the deadline once, by up to two months, with a reason the person
    receives by email (GDPR Art. 12(3))."""

    form_class = ExtendForm
    page_title = gettext_lazy("Extend the deadline")
    submit_label = gettext_lazy("Extend and tell the person")
    explanation = gettext_lazy(
        "Only once, by up to two months, when the request is complex or requests are many. "
        "The person receives the reason and the new deadline by email, in their language."
    )

    def form_valid(self, form):
        try:
            data_request_extend(
                request=self.object,
                reason=form.cleaned_data["reason"],
                months=form.cleaned_data["months"],
                user=self.request.user,
            )
        except ExtensionRefused:
            messages.error(self.request, _("This deadline was already extended."))
        else:
            messages.success(self.request, _("Deadline extended; the person is told why."))
        return redirect(self.get_success_url())


class ReasonForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Sent to the person"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
    )


class DataRequestRefuseView(RequestActionView):
    form_class = ReasonForm
    page_title = gettext_lazy("Refuse the request")
    submit_label = gettext_lazy("Refuse and tell the person")
    explanation = gettext_lazy(
        "Say why the request cannot be granted (for instance, it is manifestly unfounded or "
        "excessive, or the law obliges us to keep the data). The person receives it by email, "
        "with their right to complain to the CNIL."
    )

    def form_valid(self, form):
        data_request_refuse(
            request=self.object, reason=form.cleaned_data["text"], user=self.request.user
        )
        messages.success(self.request, _("Request refused; the person is told why."))
        return redirect(self.get_success_url())


class DataRequestAnswerView(RequestActionView):
    form_class = ReasonForm
    page_title = gettext_lazy("Answer the request")
    submit_label = gettext_lazy("Close and tell the person")
    explanation = gettext_lazy(
        "For a rectification, an objection or a restriction: say what was done. For an address "
        "we hold nothing about: say so. Copies and erasures are answered from the person's page."
    )

    def form_valid(self, form):
        data_request_answer(
            request=self.object, message=form.cleaned_data["text"], user=self.request.user
        )
        messages.success(self.request, _("Request answered; the person is told."))
        return redirect(self.get_success_url())


class SendExportForm(forms.Form):
    export = forms.ModelChoiceField(
        label=gettext_lazy("Export"), queryset=PersonExport.objects.none(), empty_label=None
    )

    def __init__(self, *args, exports, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["export"].queryset = exports
        self.fields["export"].label_from_instance = lambda export: export.created_at.strftime(
            "%Y-%m-%d %H:%M"
        )


class DataRequestSendExportView(RequestActionView):
    """Answers an access request with an export made from the person's page: the
    person receives a download link that works once and expires."""

    form_class = SendExportForm
    page_title = gettext_lazy("Send the export")
    submit_label = gettext_lazy("Send the download link")

    def get_explanation(self):
        return _(
            "The person receives a link that downloads the ZIP once, within %(days)d days; "
            "never the file itself. No export yet? Start one from the person's page."
        ) % {"days": PERSON_DOWNLOAD_LIFETIME.days}

    def get_form_kwargs(self):
        exports = exports_to_send(request=self.object)
        scoped = policy_registry.get_by_type(PersonExport).instances_user_has_permission_for(
            self.request.user, "view"
        )
        return {**super().get_form_kwargs(), "exports": exports.filter(pk__in=scoped)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["explanation"] = self.get_explanation()
        return context

    def form_valid(self, form):
        try:
            data_request_send_export(
                request=self.object, export=form.cleaned_data["export"], user=self.request.user
            )
        except AnswerRefused:
            messages.error(self.request, _("This export cannot be sent."))
        else:
            messages.success(self.request, _("Download link sent to the person."))
        return redirect(self.get_success_url())


class DataRequestViewSet(ScopedModelViewSet):
    model = DataRequest
    name = "privacy_requests"
    url_prefix = "privacy/requests"
    icon = "help"
    menu_label = gettext_lazy("Data requests")
    index_view_class = DataRequestIndexView
    add_view_class = DataRequestCreateView
    inspect_view_class = DataRequestInspectView
    form_class = DataRequestForm
    paths = {
        "index": "",
        "index_results": "results/",
        "add": "new/",
        "inspect": "<id:pk>/",
        "extend": "<id:pk>/extend/",
        "answer": "<id:pk>/answer/",
        "refuse": "<id:pk>/refuse/",
        "send_export": "<id:pk>/send-export/",
    }
    list_display = [
        "reference",
        "kind",
        "status",
        "received_at",
        DeadlineColumn("deadline", label=gettext_lazy("Answer due by"), sort_key="deadline"),
        ExtendColumn("extend", label="", accessor="pk"),
    ]
    list_filter = ["status", "kind"]
    ordering = "deadline"
    inspect_view_fields = [
        "reference",
        "kind",
        "status",
        "language",
        "details",
        "minor_at_collection",
        "received_at",
        "confirmed_at",
        "deadline",
        "extended",
        "extension_reason",
        "answer",
        "handled_by",
        "closed_at",
    ]

    def get_form_class(self, for_update=False):
        return self.form_class

    def get_extra_views(self):
        return {
            "extend": DataRequestExtendView.as_view(),
            "answer": DataRequestAnswerView.as_view(),
            "refuse": DataRequestRefuseView.as_view(),
            "send_export": DataRequestSendExportView.as_view(),
        }


# --- erasure receipts --------------------------------------------------------------------


class ReceiptInspectView(ScopedObjectMixin, InspectView):
    template_name = "privacy/admin/receipt_detail.html"

    def get_fields(self):
        return []

    def get_context_data(self, **kwargs):
        """The receipt stores category keys; staff read them as the registry names them."""
        context = super().get_context_data(**kwargs)
        receipt = self.object
        context["erased_counts"] = [
            (registry.category_label(category), count) for category, count in receipt.counts.items()
        ]
        context["kept_counts"] = [
            (registry.category_label(category), reason, count)
            for category, reasons in receipt.retained.items()
            for reason, count in reasons.items()
        ]
        return context


class ErasureReceiptViewSet(ScopedModelViewSet):
    model = ErasureReceipt
    name = "privacy_receipts"
    url_prefix = "privacy/receipts"
    icon = "tick"
    menu_label = gettext_lazy("Erasure receipts")
    inspect_view_class = ReceiptInspectView
    paths = {"index": "", "index_results": "results/", "inspect": "<id:pk>/"}
    list_display = ["reference", "request_reference", "erased_at", "actor"]
    list_filter = ["erased_at"]


# --- proof of cookie choices -------------------------------------------------------------


class CookieChoiceIndexView(ScopedIndexView):
    """Nothing is listed until a consent reference is searched: the reference the
    visitor reads in their cookie settings."""

    page_title = gettext_lazy("Proof of cookie choices")

    def search_queryset(self, queryset):
        try:
            consent_id = uuid.UUID(self.search_query or "")
        except ValueError:  # not a consent id: nothing to find
            return queryset.none()
        return queryset.filter(consent_id=consent_id)


def decisions(record) -> str:
    return ", ".join(
        f"{group}: {_('yes') if accepted else _('no')}"
        for group, accepted in record.decisions.items()
    )


class CookieChoiceViewSet(ScopedModelViewSet):
    model = CookieConsentRecord
    name = "privacy_cookie_choices"
    url_prefix = "privacy/cookie-choices"
    icon = "list-ul"
    menu_label = gettext_lazy("Cookie choices")
    index_view_class = CookieChoiceIndexView
    search_fields = ["consent_id"]
    list_display = [
        "created_at",
        "action",
        Column("decisions", label=gettext_lazy("Decisions"), accessor=decisions),
        "declaration_version",
        "cookie_policy_version",
        "banner_hash",
        "language",
        "gpc",
        "ip_prefix",
    ]
