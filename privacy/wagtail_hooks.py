from django.core.exceptions import FieldDoesNotExist
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from privacy import converters  # noqa: F401 - registers the <id:...> of the URLs below
from privacy.models import CookieGroupDeclaration, PersonalDataLogEntry, PolicyPage, Purpose
from privacy.registry import registry
from privacy.signals import PURPOSE_RULES_ACTION
from privacy.views import cookies_admin, people_admin, policies_admin, records_admin


class PurposeViewSet(SnippetViewSet):
    model = Purpose
    icon = "lock"
    menu_label = _("Processing purposes")
    list_display = ["name", "legal_basis", "retention_display", "staff_group", "locale"]
    list_filter = ["legal_basis", "locale"]
    search_fields = ["name"]


class CookieGroupViewSet(SnippetViewSet):
    model = CookieGroupDeclaration
    add_view_class = cookies_admin.CookieGroupCreateView
    copy_view_class = cookies_admin.CookieGroupCopyView
    edit_view_class = cookies_admin.CookieGroupEditView
    icon = "list-ul"
    menu_label = _("Cookie declaration")
    list_display = ["name", "varname", "is_required", "locale"]
    list_filter = ["locale"]


class RegistryMenu(SnippetViewSetGroup):
    """The processing registry: purposes, the cookie declaration, the record of
    processing. Editors and the privacy officer keep it."""

    menu_label = _("Processing registry")
    menu_icon = "table"
    menu_order = 255
    items = (PurposeViewSet, CookieGroupViewSet)
    submenu_hook = "register_registry_menu_item"


register_snippet(RegistryMenu)


class ManagePersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(people_admin.MANAGE)


@hooks.register("register_admin_menu_item")
def privacy_menu():
    """The privacy officer's tools, shown only to holders of "manage personal data"."""
    return SubmenuMenuItem(
        _("Privacy"),
        Menu(
            register_hook_name="register_privacy_menu_item",
            items=[
                ManagePersonalDataMenuItem(
                    _("Find a person"), reverse("privacy_people"), icon_name="search", order=10
                ),
                ManagePersonalDataMenuItem(
                    _("Data requests"), reverse("privacy_requests"), icon_name="help", order=20
                ),
                ManagePersonalDataMenuItem(
                    _("Erasure receipts"), reverse("privacy_receipts"), icon_name="tick", order=30
                ),
                ManagePersonalDataMenuItem(
                    _("Cookie choices"),
                    reverse("privacy_cookie_consents"),
                    icon_name="list-ul",
                    order=40,
                ),
            ],
        ),
        icon_name="lock",
        name="privacy",
        order=250,
    )


@hooks.register("register_admin_urls")
def privacy_admin_urls():
    return [
        path(
            "privacy/policies/<id:page_id>/new-version/",
            policies_admin.new_version,
            name="privacy_policy_new_version",
        ),
        path(
            "privacy/record-of-processing/",
            records_admin.record_of_processing,
            name="privacy_record_of_processing",
        ),
        path("privacy/people/", people_admin.people_search_view, name="privacy_people"),
        path("privacy/people/<id:pk>/", people_admin.person_detail, name="privacy_person"),
        path(
            "privacy/people/<id:pk>/export/",
            people_admin.person_export,
            name="privacy_person_export",
        ),
        path(
            "privacy/people/<id:pk>/erase/",
            people_admin.person_erase_view,
            name="privacy_person_erase",
        ),
        path(
            "privacy/people/<id:pk>/rectify/",
            people_admin.person_rectify_view,
            name="privacy_person_rectify",
        ),
        path("privacy/exports/<uuid:token>/", people_admin.export_status, name="privacy_export"),
        path(
            "privacy/exports/download/",
            people_admin.export_download,
            name="privacy_export_download",
        ),
        path("privacy/requests/", people_admin.data_requests, name="privacy_requests"),
        path("privacy/receipts/", people_admin.receipts, name="privacy_receipts"),
        path("privacy/receipts/<id:pk>/", people_admin.receipt_detail, name="privacy_receipt"),
        path(
            "privacy/cookie-choices/",
            people_admin.cookie_consents,
            name="privacy_cookie_consents",
        ),
    ]


class RecordOfProcessingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("privacy.view_purpose")


@hooks.register("register_registry_menu_item")
def record_of_processing_menu_item():
    return RecordOfProcessingMenuItem(
        _("Record of processing"),
        reverse("privacy_record_of_processing"),
        icon_name="table",
        order=100,
    )


def _new_version_button(page, user, priority):
    page = page.specific
    if isinstance(page, PolicyPage) and policies_admin.can_publish_version(user, page):
        yield Button(
            _("Publish a new version"),
            reverse("privacy_policy_new_version", args=[page.pk]),
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
    ):
        actions.register_action(action, label, message)
