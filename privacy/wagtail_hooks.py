from django.core.exceptions import FieldDoesNotExist
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from privacy import converters  # noqa: F401 - registers the <id:...> of the viewsets' URLs
from privacy.models import CookieGroupDeclaration, PersonalDataLogEntry, PolicyPage, Purpose
from privacy.registry import registry
from privacy.signals import PURPOSE_RULES_ACTION
from privacy.views import cookies_admin, policies_admin
from privacy.views.people_admin import PeopleViewSet
from privacy.views.policies_admin import PolicyVersionViewSet
from privacy.views.records_admin import RecordOfProcessingViewSet
from privacy.views.requests_admin import (
    CookieChoiceViewSet,
    DataRequestViewSet,
    ErasureReceiptViewSet,
)
from privacy.views.retention_admin import RetentionPanel, RetentionViewSet


class PrivacyMenu(ViewSetGroup):
    """The "Privacy" menu: the privacy officer's tools and the processing registry.
    Each item shows to whom its model's registered policy allows it (privacy.permissions
    for personal data, the model permissions for the registry), so the menu, the
    buttons and the views agree."""

    menu_label = _("Privacy")
    menu_icon = "lock"
    menu_name = "privacy"
    menu_order = 250
    submenu_hook = "register_privacy_menu_item"  # the registry's snippets join here
    items = (
        PeopleViewSet,
        DataRequestViewSet,
        ErasureReceiptViewSet,
        CookieChoiceViewSet,
        RetentionViewSet,
        RecordOfProcessingViewSet,
    )


class RegistrySnippetViewSet(SnippetViewSet):
    """Editors and the privacy officer keep the registry (snippets, with revisions)."""

    menu_hook = "register_privacy_menu_item"
    menu_item_is_registered = True  # not repeated under "Snippets"


class PurposeViewSet(RegistrySnippetViewSet):
    model = Purpose
    icon = "table"
    menu_label = _("Processing purposes")
    menu_order = 10
    list_display = ["name", "legal_basis", "retention_display", "staff_group", "locale"]
    list_filter = ["legal_basis", "locale"]
    search_fields = ["name"]


class CookieGroupViewSet(RegistrySnippetViewSet):
    model = CookieGroupDeclaration
    add_view_class = cookies_admin.CookieGroupCreateView
    copy_view_class = cookies_admin.CookieGroupCopyView
    edit_view_class = cookies_admin.CookieGroupEditView
    icon = "list-ul"
    menu_label = _("Cookie declaration")
    menu_order = 11
    list_display = ["name", "varname", "is_required", "locale"]
    list_filter = ["locale"]


register_snippet(PurposeViewSet)
register_snippet(CookieGroupViewSet)


@hooks.register("register_admin_viewset")
def privacy_viewsets():
    return [PrivacyMenu(), PolicyVersionViewSet()]


@hooks.register("construct_homepage_panels")
def retention_panel(request, panels):
    """The retention figures, for whoever may read the report (the panel checks)."""
    panels.append(RetentionPanel())


def _new_version_button(page, user, priority):
    page = page.specific
    if isinstance(page, PolicyPage) and policies_admin.can_publish_version(user, page):
        yield Button(
            _("Publish a new version"),
            reverse("privacy_policies:new_version", args=[page.pk]),
            icon_name="doc-full-inverse",
            priority=priority,
        )


@hooks.register("register_page_header_buttons")
def policy_header_buttons(page, user, view_name, next_url=None):
    yield from _new_version_button(page, user, priority=12)


@hooks.register("register_page_listing_more_buttons")
def policy_listing_buttons(page, user, next_url=None):
    yield from _new_version_button(page, user, priority=3)


class PurposeRulesFormatter(LogFormatter):
    label = _("Change the rules of a purpose")

    def format_message(self, log_entry):
        changes = (log_entry.data or {}).get("changes", {})
        parts = []
        for name, change in changes.items():
            try:
                label = Purpose._meta.get_field(name).verbose_name
            except FieldDoesNotExist:
                label = name
            parts.append(
                gettext("%(field)s: %(before)s → %(after)s")
                % {
                    "field": label,
                    "before": "—" if change.get("before") is None else change["before"],
                    "after": "—" if change.get("after") is None else change["after"],
                }
            )
        return gettext("Rules of the purpose changed: %(changes)s") % {"changes": "; ".join(parts)}


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    # Entries about personal data go to their own log model, whose manager shows each
    # staff member only the entries about rows they may read (site history, history
    # views, filters): see privacy.models.audit.
    for model in registry.audited_models():
        actions.register_model(model, PersonalDataLogEntry)
    actions.register_action(PURPOSE_RULES_ACTION)(PurposeRulesFormatter)
    actions.register_action(
        "privacy.policy_version", _("Publish policy version"), _("Policy version published")
    )
    for action, label, message in (
        ("privacy.view", _("View personal data"), _("Personal data viewed")),
        ("privacy.export", _("Export personal data"), _("Personal data export started")),
        ("privacy.download_export", _("Download an export"), _("Personal data export downloaded")),
        ("privacy.erase", _("Erase personal data"), _("Personal data erased")),
        ("privacy.rectify", _("Rectify personal data"), _("Personal data corrected")),
        ("privacy.purge", _("Purge expired data"), _("Expired personal data purged")),
        ("privacy.answer_request", _("Answer a data request"), _("Data request answered")),
        (
            "privacy.person_download",
            _("Download of an export by the person"),
            _("Personal data export downloaded by the person"),
        ),
        ("privacy.hold", _("Put on legal hold"), _("Put on legal hold")),
        ("privacy.hold_lifted", _("Lift a legal hold"), _("Legal hold lifted")),
    ):
        actions.register_action(action, label, message)
