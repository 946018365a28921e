"""The staff groups are declared once (corpsite.staff_groups) and every migrate
leaves them with exactly their declared permissions."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from corpsite.staff_groups import STAFF_GROUPS, apply_staff_groups, staff_group
from privacy.models import Purpose

pytestmark = pytest.mark.django_db


def state(name: str) -> dict[str, set[str]]:
    """What the group called ``name`` may do, as held by the database."""
    group = Group.objects.get(name=name)
    return {
        "permissions": {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        },
        "pages": {
            f"{row.page.depth}:{row.permission.codename}"
            for row in GroupPagePermission.objects.filter(group=group).select_related(
                "page", "permission"
            )
        },
        "collections": {
            f"{row.collection.depth}:{row.permission.content_type.app_label}."
            f"{row.permission.codename}"
            for row in GroupCollectionPermission.objects.filter(group=group).select_related(
                "collection", "permission__content_type"
            )
        },
    }


def declared(name: str) -> dict[str, set[str]]:
    group = staff_group(name)
    return {
        "permissions": set(group.permissions),
        "pages": {f"1:{codename}" for codename in group.page_permissions},
        "collections": {f"1:{name}" for name in group.collection_permissions},
    }


def all_states() -> dict[str, dict[str, set[str]]]:
    return {group.name: state(group.name) for group in STAFF_GROUPS}


def test_after_migrate_each_group_has_exactly_its_declared_permissions():
    assert [group.name for group in STAFF_GROUPS] == [
        "Editors",
        "Moderators",
        "Privacy officer",
        "Support",
        "Sales",
        "HR",
        "Marketing",
    ]
    for group in STAFF_GROUPS:
        assert state(group.name) == declared(group.name), group.name


def test_who_may_do_what():
    """The rules the declarations exist for, written out apart from them."""
    officer = state("Privacy officer")["permissions"]
    assert {
        "privacy.manage_personal_data",
        "privacy.change_purpose_rules",
        "privacy.add_purpose",
        "forms.view_all_submissions",
    } <= officer
    assert state("Privacy officer")["pages"] == {"1:change_page"}  # edits, never publishes
    for name in ("Editors", "Moderators"):
        permissions = state(name)["permissions"]
        assert "privacy.add_purpose" not in permissions
        assert "privacy.change_purpose_rules" not in permissions
        assert not any(p.startswith("forms.view_su") for p in permissions)  # no personal data
    assert state("Moderators")["pages"] >= {"1:publish_page"}
    assert "1:publish_page" not in state("Editors")["pages"]
    for name in ("Support", "Sales", "HR"):
        assert state(name)["permissions"] == {
            "wagtailadmin.access_admin",
            "forms.view_submission",
            "wagtailimages.choose_image",
            "wagtaildocs.choose_document",
        }
        assert state(name)["pages"] == set()
    assert {"forms.view_subscription", "forms.export_subscription"} <= state("Marketing")[
        "permissions"
    ]


def test_every_purpose_names_a_declared_group():
    purposes = list(Purpose.objects.select_related("staff_group"))
    assert purposes
    names = {group.name for group in STAFF_GROUPS}
    for purpose in purposes:
        assert purpose.staff_group.name in names


def test_applying_twice_changes_nothing():
    apply_staff_groups()
    before = all_states()
    with CaptureQueriesContext(connection) as queries:
        apply_staff_groups()
    assert all_states() == before
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_migrate_puts_back_what_was_changed_by_hand():
    officer = Group.objects.get(name="Privacy officer")
    officer.permissions.remove(Permission.objects.get(codename="manage_personal_data"))
    GroupPagePermission.objects.filter(group=officer).delete()
    support = Group.objects.get(name="Support")
    support.permissions.add(Permission.objects.get(codename="view_all_submissions"))
    editors = Group.objects.get(name="Editors")
    GroupCollectionPermission.objects.filter(group=editors).delete()
    some_page = Page.objects.filter(depth=3).first()
    assert some_page is not None
    GroupPagePermission.objects.create(
        group=editors, page=some_page, permission=Permission.objects.get(codename="publish_page")
    )
    Group.objects.filter(name="Moderators").delete()
    assert state("Privacy officer") != declared("Privacy officer")

    call_command("migrate", verbosity=0, interactive=False)

    for group in STAFF_GROUPS:
        assert state(group.name) == declared(group.name), group.name


def test_groups_not_declared_are_left_alone():
    aftersales = Group.objects.create(name="Aftersales")
    aftersales.permissions.add(Permission.objects.get(codename="view_submission"))
    GroupCollectionPermission.objects.create(
        group=aftersales,
        collection=Collection.get_first_root_node(),
        permission=Permission.objects.get(codename="choose_image"),
    )

    apply_staff_groups()

    assert state("Aftersales") == {
        "permissions": {"forms.view_submission"},
        "pages": set(),
        "collections": {"1:wagtailimages.choose_image"},
    }


def test_after_a_flush_the_groups_are_made_again_with_what_permissions_exist():
    """Django's flush (and TransactionTestCase) sends post_migrate on an emptied
    database: no Wagtail root page nor collection, and no permission that only a
    migration makes (wagtail-localize's)."""
    call_command("flush", interactive=False, verbosity=0)  # undone with the test

    assert not Page.objects.exists()
    for group in STAFF_GROUPS:
        assert state(group.name) == {
            "permissions": group.permissions - {"wagtail_localize.submit_translation"},
            "pages": set(),
            "collections": set(),
        }, group.name
