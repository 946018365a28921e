"""Admin view: publish a new version of a policy (privacy or cookies)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from privacy.models import PolicyPage
from privacy.services import (
    policy_next_number,
    policy_source_page,
    policy_version_publish,
    policy_version_warnings,
)


class NewVersionForm(forms.Form):
    effective_date = forms.DateField(
        label=gettext_lazy("In force from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    is_material = forms.TypedChoiceField(
        label=gettext_lazy("Kind of change"),
        choices=[
            ("0", gettext_lazy("Not material: wording, clarifications, corrections")),
            ("1", gettext_lazy("Material: announced to returning visitors")),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )


def _page_for(request, page_id: int) -> PolicyPage:
    page = get_object_or_404(PolicyPage, pk=page_id)
    source = policy_source_page(page=page)
    if not can_publish_version(request.user, source):
        raise PermissionDenied
    return source


def can_publish_version(user, page: PolicyPage) -> bool:
    """Freezing only ever takes published text: whoever may publish the page, or
    holds "add policy version" (editors), may make it a version."""
    return user.has_perm("privacy.add_policyversion") or (
        page.permissions_for_user(user).can_publish()
    )


class NewVersionView(WagtailAdminTemplateMixin, FormView):
    """A page action (a button of policy pages), not a model screen: freezes the
    published text of a policy, in every language, as its next version."""

    form_class = NewVersionForm
    template_name = "privacy/admin/new_version.html"
    page_title = gettext_lazy("Publish a new version")
    header_icon = "doc-full-inverse"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.page = _page_for(request, kwargs["page_id"])

    def get_initial(self):
        return {"effective_date": timezone.localdate()}

    def form_valid(self, form):
        page = self.page
        try:
            version = policy_version_publish(
                page=page,
                effective_date=form.cleaned_data["effective_date"],
                is_material=form.cleaned_data["is_material"],
                user=self.request.user,
            )
        except ValidationError as error:
            form.add_error("effective_date", error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Version %(number)d of “%(title)s” is published.")
            % {"number": version.number, "title": page.title},
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)

    def get_context_data(self, **kwargs):
        page = self.page
        return super().get_context_data(
            **kwargs,
            page=page,
            number=policy_next_number(page=page),
            translations=page.get_translations(inclusive=True).live().specific(),
            warnings=policy_version_warnings(page=page),
            versions=page.versions().prefetch_related("texts"),
        )


class PolicyVersionViewSet(ViewSet):
    """/admin/privacy/policies/<id>/new-version/, reached from the page's buttons
    (wagtail_hooks), so no menu item."""

    name = "privacy_policies"
    url_prefix = "privacy/policies"

    def get_urlpatterns(self):
        return [path("<id:page_id>/new-version/", NewVersionView.as_view(), name="new_version")]
