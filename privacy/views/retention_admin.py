"""The retention report (Privacy menu): what is due for deletion in the next 30 days
per purpose, what is held and why, what waits for its clock to start, and the last
runs of the job with their counts; and the same headline figures on the dashboard.
Who sees them is ``PurgeRun``'s registered policy (privacy.permissions): the privacy
officer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from laces.components import Component
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.permissions import policy_registry

from privacy.models import PurgeRun
from privacy.people import retention
from privacy.registry import registry
from privacy.selectors import purposes_for_language
from privacy.views.scoped import PolicyMenuMixin

RUNS_SHOWN = 10


def purpose_names() -> dict[str, str]:
    """Purpose identifiers and source categories, as staff read them."""
    names = {purpose.key: purpose.name for purpose in purposes_for_language()}
    for source in registry.ordered():
        names.setdefault(source.category, str(source.label))
    return names


def category_names() -> dict[str, str]:
    names = {"person": str(_("People left with nothing"))}
    for source in registry.ordered():
        names.setdefault(source.category, str(source.label))
    return names


@dataclass
class Headline:
    """The dashboard's figures."""

    overdue: int
    due_soon: int
    held: int
    last_run: PurgeRun | None
    horizon_days: int


def retention_headline(*, now: datetime | None = None) -> Headline:
    now = now or retention._now()
    last_run = PurgeRun.objects.filter(dry_run=False).first()
    return Headline(
        overdue=sum(group.total for group in retention.retention_due(before=now)),
        due_soon=sum(
            group.total for group in retention.retention_due(before=now + retention.REPORT_HORIZON)
        ),
        held=len(retention.retention_held()),
        last_run=last_run,
        horizon_days=retention.REPORT_HORIZON.days,
    )


def user_may_see_retention(user) -> bool:
    return policy_registry.get_by_type(PurgeRun).user_has_permission(user, "view")


class RetentionReportView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    model = PurgeRun
    permission_required = "view"
    template_name = "privacy/admin/retention_report.html"
    page_title = _("Retention")
    header_icon = "time"

    def get_context_data(self, **kwargs):
        now = retention._now()
        names, categories = purpose_names(), category_names()

        def named(groups):
            return [
                {
                    "name": names.get(group.key, group.key),
                    "key": group.key,
                    "total": group.total,
                    "oldest": group.oldest,
                    "counts": [
                        (categories.get(category, category), count)
                        for category, count in sorted(group.counts.items())
                    ],
                }
                for group in groups
            ]

        runs = [
            {
                "run": run,
                "counts": [
                    (
                        names.get(key, key),
                        [
                            (categories.get(category, category), count)
                            for category, count in sorted(counts.items())
                        ],
                    )
                    for key, counts in sorted(run.counts.items())
                ],
            }
            for run in PurgeRun.objects.all()[:RUNS_SHOWN]
        ]
        return super().get_context_data(
            **kwargs,
            now=now,
            horizon_days=retention.REPORT_HORIZON.days,
            due=named(retention.retention_due(before=now + retention.REPORT_HORIZON)),
            held=retention.retention_held(),
            undated=[
                (names.get(key, key), sorted(reasons.items()))
                for key, reasons in retention.retention_undated().items()
            ],
            runs=runs,
        )


class RetentionPanel(Component):
    """The dashboard's retention figures, for whoever may read the report."""

    name = "privacy_retention"
    order = 150
    template_name = "privacy/admin/retention_panel.html"

    def render_html(self, parent_context=None) -> str:
        if not user_may_see_retention(parent_context["request"].user):
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context=None):
        return {"headline": retention_headline()}


class RetentionViewSet(PolicyMenuMixin, ViewSet):
    name = "privacy_retention"
    url_prefix = "privacy/retention"
    model = PurgeRun
    icon = "time"
    menu_label = _("Retention")

    def get_urlpatterns(self):
        return [path("", RetentionReportView.as_view(), name="index")]
