"""The privacy officer's registers: data requests, erasure receipts, and the proof of
cookie choices. Wagtail's ``ModelViewSet`` listings and inspect views, over the rows
the registered policy of each model lets the user see (privacy.permissions)."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, InspectView
from wagtail.admin.views.generic.base import BaseOperationView
from wagtail.admin.widgets import HeaderButton
from wagtail.permissions import policy_registry

from privacy.models import CookieConsentRecord, DataRequest, ErasureReceipt, Person
from privacy.people.requests import data_request_create, data_request_extend
from privacy.people.search import person_find
from privacy.views.scoped import ScopedIndexView, ScopedModelViewSet, ScopedObjectMixin

# --- data requests -----------------------------------------------------------------------


class DeadlineColumn(Column):
    cell_template_name = "privacy/admin/deadline_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        return {**super().get_cell_context_data(instance, parent_context), "now": timezone.now()}


class ExtendColumn(Column):
    """A button that extends an open request's deadline, for whoever the policy lets
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
            context["csrf_token"] = get_token(request)
            context["url"] = reverse("privacy_requests:extend", args=[instance.pk])
        return context


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
    @cached_property
    def header_more_buttons(self):
        person = self.object.person
        people = policy_registry.get_by_type(Person)
        if person is None or not people.user_has_permission(self.request.user, "view"):
            return []
        link = reverse("privacy_people:inspect", args=[person.pk])
        return [HeaderButton(_("Personal data"), link, icon_name="lock")]


class DataRequestExtendView(ScopedObjectMixin, BaseOperationView):
    """Extends the deadline by two months (GDPR Art. 12(3)), once."""

    model = DataRequest
    permission_required = "change"
    success_url_name = "privacy_requests:index"

    def perform_operation(self):
        data_request_extend(request=self.object)

    def get_success_url(self):
        return self.next_url or reverse(self.success_url_name)


class DataRequestViewSet(ScopedModelViewSet):
    model = DataRequest
    name = "privacy_requests"
    url_prefix = "privacy/requests"
    icon = "help"
    menu_label = gettext_lazy("Data requests")
    add_view_class = DataRequestCreateView
    inspect_view_class = DataRequestInspectView
    form_class = DataRequestForm
    paths = {
        "index": "",
        "index_results": "results/",
        "add": "new/",
        "inspect": "<id:pk>/",
        "extend": "<id:pk>/extend/",
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
        "received_at",
        "deadline",
        "extended",
        "handled_by",
        "closed_at",
    ]

    def get_form_class(self, for_update=False):
        return self.form_class

    def get_extra_views(self):
        return {"extend": DataRequestExtendView.as_view()}


# --- erasure receipts --------------------------------------------------------------------


class ReceiptInspectView(ScopedObjectMixin, InspectView):
    template_name = "privacy/admin/receipt_detail.html"

    def get_fields(self):
        return []


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
