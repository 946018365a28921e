"""Staff screens of the newsletter, on Wagtail's own building blocks: its issues (a
snippet), the confirmed subscribers (marketing and the privacy officer only, a
``ModelViewSet`` behind ``SubscriptionPermissionPolicy``) with their export for the
emailing platform, and sending an issue."""

from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from corpsite.base.spreadsheets import SafeSpreadsheetExportMixin

from ..viewsets import OutsideRights, ReadOnlyViewSet, ScopedInspectView, log_export
from .models import NewsletterIssue, Subscription
from .selectors import EXPORT_PERMISSION
from .sending import newsletter_send_start
from .tasks import newsletter_send_task

MENU_HOOK = "register_newsletter_menu_item"


class SubscriberFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(label=gettext_lazy("Language"), choices=[])

    class Meta:
        model = Subscription
        fields = ["language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["language"].extra["choices"] = [
            (code, str(name)) for code, name in settings.LANGUAGES
        ]


class SubscriberIndexView(SafeSpreadsheetExportMixin, IndexView):
    """The confirmed subscribers; those who may export them download them (without
    the suppressed addresses) for the emailing platform, as CSV or XLSX."""

    page_title = gettext_lazy("Newsletter subscribers")
    any_permission_required = ["view"]
    default_ordering = "-confirmed_at"
    paginate_by = 100
    filterset_class = SubscriberFilterSet
    # The emailing platform's column names, not translated.
    list_export = ["email", "language", "consent_date"]
    export_headings = {"email": "email", "language": "language", "consent_date": "consent_date"}

    def get_base_queryset(self):
        action = "export" if self.is_export else "view"
        return self.permission_policy.instances_user_has_permission_for(self.request.user, action)

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "email",
                label=gettext_lazy("Email address"),
                accessor="person.email",
                get_url=self.get_inspect_url,
            ),
            Column("language", label=gettext_lazy("Language")),
            DateColumn(
                "confirmed_at", label=gettext_lazy("Consent confirmed"), sort_key="confirmed_at"
            ),
        ]

    @property
    def is_searchable(self):
        # No search box: an address would travel in the URL. The privacy officer's
        # "Find a person" searches by address, with POST.
        return False

    @cached_property
    def show_export_buttons(self):
        return self.user_has_permission("export")

    def get_filename(self):
        return f"subscribers-{timezone.localdate().isoformat()}"

    def to_row_dict(self, subscription):
        return {
            "email": subscription.person.email,
            "language": subscription.language,
            "consent_date": subscription.confirmed_at.isoformat(),
        }

    def export_rows(self, queryset):
        if not self.user_has_permission("export"):
            raise PermissionDenied
        subscriptions = list(queryset)
        log_export(subscriptions, user=self.request.user, action="forms.export_subscribers")
        return subscriptions


class SubscriberInspectView(ScopedInspectView):
    log_action = "forms.view_subscriber"

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except OutsideRights:  # a pending sign-up: nobody's to see
            raise Http404 from None

    def get_field_label(self, field_name, field):
        if field_name == "email":
            return _("Email address")
        return super().get_field_label(field_name, field)


class SendForm(forms.Form):
    language = forms.ChoiceField(label=gettext_lazy("Send to the subscribers of"))


def issue_send(request, pk: int):
    """Queue the sending of an issue to the confirmed subscribers of one language."""
    user = request.user
    if not (user.has_perm("forms.change_newsletterissue") and user.has_perm(EXPORT_PERMISSION)):
        raise PermissionDenied
    issue = get_object_or_404(NewsletterIssue, pk=pk)
    translations = {t.locale.language_code: t for t in issue.get_translations(inclusive=True)}
    form = SendForm(request.POST or None)
    form.fields["language"].choices = [
        (code, str(name)) for code, name in settings.LANGUAGES if code in translations
    ]
    counts = {
        code: Subscription.objects.filter(
            status=Subscription.Status.CONFIRMED, language=code
        ).count()
        for code in translations
    }
    if request.method == "POST" and form.is_valid():
        send = newsletter_send_start(issue=issue, language=form.cleaned_data["language"])
        newsletter_send_task.enqueue(send.pk)
        messages.success(
            request,
            _("The issue is being sent to %(count)d subscribers.") % {"count": send.total},
        )
        return redirect(reverse("wagtailsnippets_forms_newsletterissue:list"))
    return TemplateResponse(
        request,
        "forms/admin/newsletter_send.html",
        {"issue": issue, "form": form, "counts": counts, "sends": issue.sends.all()},
    )


class SubscriberViewSet(ReadOnlyViewSet):
    model = Subscription
    name = "newsletter_subscribers"
    url_prefix = "newsletter-subscribers"
    icon = "mail"
    menu_label = gettext_lazy("Subscribers")
    menu_hook = MENU_HOOK
    index_view_class = SubscriberIndexView
    inspect_view_class = SubscriberInspectView
    inspect_view_fields = ["email", "language", "status", "signed_up_at", "confirmed_at"]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("issues/<id:pk>/send/", issue_send, name="send")]


class NewsletterIssueViewSet(SnippetViewSet):
    model = NewsletterIssue
    icon = "mail"
    menu_label = gettext_lazy("Issues")
    list_display = ["title", "subject", "locale"]


class NewsletterMenu(SnippetViewSetGroup):
    menu_label = gettext_lazy("Newsletter")
    menu_icon = "mail"
    menu_order = 260
    items = (NewsletterIssueViewSet,)
    submenu_hook = MENU_HOOK
