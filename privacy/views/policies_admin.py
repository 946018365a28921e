"""Admin view: publish a new version of a policy (privacy or cookies)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


def new_version(request, page_id: int):
    page = _page_for(request, page_id)
    form = NewVersionForm(request.POST or None, initial={"effective_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            version = policy_version_publish(
                page=page,
                effective_date=form.cleaned_data["effective_date"],
                is_material=form.cleaned_data["is_material"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("effective_date", error)
        else:
            messages.success(
                request,
                _("Version %(number)d of “%(title)s” is published.")
                % {"number": version.number, "title": page.title},
            )
            return redirect("wagtailadmin_explore", page.get_parent().pk)
    translations = page.get_translations(inclusive=True).live().specific()
    return TemplateResponse(
        request,
        "privacy/admin/new_version.html",
        {
            "page": page,
            "form": form,
            "number": policy_next_number(page=page),
            "translations": translations,
            "warnings": policy_version_warnings(page=page),
            "versions": page.versions().prefetch_related("texts"),
        },
    )
