"""Staff screens of the newsletter: confirmed subscribers (marketing and the privacy
officer only), their export for the emailing platform, and sending an issue."""

from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.auth import PermissionDenied
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from corpsite.base.spreadsheets import csv_writer
from privacy import converters  # noqa: F401 - registers the <id:...> of the URLs below

from .models import NewsletterIssue, Subscription
from .selectors import EXPORT_PERMISSION, subscribers_for_export, subscribers_for_user
from .sending import newsletter_send_start


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


class SubscriberIndexView(IndexView):
    model = Subscription
    page_title = gettext_lazy("Newsletter subscribers")
    header_icon = "mail"
    paginate_by = 100
    filterset_class = SubscriberFilterSet
    any_permission_required = ["view"]
    index_url_name = "newsletter_subscribers:index"
    index_results_url_name = "newsletter_subscribers:index_results"
    default_ordering = "-confirmed_at"

    def get_base_queryset(self):
        return subscribers_for_user(self.request.user)

    @property
    def columns(self):
        return [
            TitleColumn("email", label=gettext_lazy("Email address"), accessor="person.email"),
            Column("language", label=gettext_lazy("Language")),
            Column("confirmed_at", label=gettext_lazy("Consent confirmed")),
        ]

    @property
    def is_searchable(self):
        # No search box: an address would travel in the URL. The privacy officer's
        # "Find a person" searches by address, with POST.
        return False

    @property
    def header_more_buttons(self):
        from wagtail.admin.widgets import Button

        if not self.request.user.has_perm(EXPORT_PERMISSION):
            return []
        return [
            Button(
                gettext_lazy("Export for the emailing platform (CSV)"),
                reverse("newsletter_subscribers:export"),
                icon_name="download",
            )
        ]


def subscribers_export(request):
    if not request.user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="subscribers-{stamp}.csv"'
    response["Cache-Control"] = "no-store, private"
    response.write("\ufeff")
    writer = csv_writer(response)
    writer.writerow(["email", "language", "consent_date"])
    for subscription in subscribers_for_export(request.user).order_by("confirmed_at", "pk"):
        writer.writerow(
            [
                subscription.person.email,
                subscription.language,
                subscription.confirmed_at.isoformat(),
            ]
        )
    return response


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
        from .tasks import newsletter_send_task

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


class SubscriberViewSet(ViewSet):
    name = "newsletter_subscribers"
    url_prefix = "newsletter-subscribers"
    icon = "mail"
    menu_label = gettext_lazy("Subscribers")
    menu_hook = "register_newsletter_menu_item"

    @property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        class SubscribersMenuItem(MenuItem):
            def is_shown(self, request):
                return request.user.has_perm("forms.view_subscription")

        return SubscribersMenuItem

    @property
    def menu_url(self):
        return reverse("newsletter_subscribers:index")

    def get_urlpatterns(self):
        policy = ModelPermissionPolicy(Subscription)
        return [
            path("", SubscriberIndexView.as_view(permission_policy=policy), name="index"),
            path(
                "results/",
                SubscriberIndexView.as_view(permission_policy=policy, results_only=True),
                name="index_results",
            ),
            path("export/", subscribers_export, name="export"),
            path("issues/<id:pk>/send/", issue_send, name="send"),
        ]
