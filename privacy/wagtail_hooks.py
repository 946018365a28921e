from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from privacy.models import CookieGroupDeclaration, PolicyPage, Purpose
from privacy.views import policies_admin, records_admin


class PurposeViewSet(SnippetViewSet):
    model = Purpose
    icon = "lock"
    menu_label = _("Processing purposes")
    list_display = ["name", "legal_basis", "retention_display", "staff_group", "locale"]
    list_filter = ["legal_basis", "locale"]
    search_fields = ["name"]


class CookieGroupViewSet(SnippetViewSet):
    model = CookieGroupDeclaration
    icon = "list-ul"
    menu_label = _("Cookie declaration")
    list_display = ["name", "varname", "is_required", "locale"]
    list_filter = ["locale"]


class PrivacyMenu(SnippetViewSetGroup):
    """The admin's "Privacy" menu. Other items join it through the
    ``register_privacy_menu_item`` hook and show only to those allowed."""

    menu_label = _("Privacy")
    menu_icon = "lock"
    menu_order = 250
    items = (PurposeViewSet, CookieGroupViewSet)
    submenu_hook = "register_privacy_menu_item"


register_snippet(PrivacyMenu)


@hooks.register("register_admin_urls")
def privacy_admin_urls():
    return [
        path(
            "privacy/policies/<int:page_id>/new-version/",
            policies_admin.new_version,
            name="privacy_policy_new_version",
        ),
        path(
            "privacy/record-of-processing/",
            records_admin.record_of_processing,
            name="privacy_record_of_processing",
        ),
    ]


class RecordOfProcessingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("privacy.view_purpose")


@hooks.register("register_privacy_menu_item")
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


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    actions.register_action(
        "privacy.policy_version", _("Publish policy version"), _("Policy version published")
    )
