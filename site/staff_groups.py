"""The staff groups and everything they may do, declared once.

Each group of ``STAFF_GROUPS`` ends every ``migrate`` (a fresh database, a test
database, an existing one) with exactly the permissions written here: a permission
removed by hand in the admin comes back, one added by hand to these groups goes
away. To change what a group may do, change this table, not the admin's group
screen. Groups that are not in the table (made in the admin) are left alone.

Permissions are named ``"app_label.codename"``; page permissions apply to the whole
page tree (Wagtail's root page), collection permissions to every collection (the
root collection). ``apply_staff_groups`` is run on ``post_migrate``
(``corpsite.signals``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class StaffGroup:
    name: str
    permissions: frozenset[str]
    page_permissions: frozenset[str] = frozenset()  # wagtailcore codenames, on the root page
    collection_permissions: frozenset[str] = frozenset()  # "app_label.codename", root collection


ACCESS_ADMIN = frozenset({"wagtailadmin.access_admin"})
# Choosing an image or a document in a chooser; Wagtail gives it to every group.
CHOOSE_MEDIA = frozenset({"wagtailimages.choose_image", "wagtaildocs.choose_document"})
# Wagtail's own defaults for its Editors and Moderators (wagtailcore, wagtailimages,
# wagtaildocs and wagtail_localize's initial migrations).
EDIT_MEDIA = CHOOSE_MEDIA | {
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.delete_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.delete_document",
}
EDIT_MEDIA_IN_COLLECTIONS = CHOOSE_MEDIA | {
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
}
TRANSLATE = frozenset({"wagtail_localize.submit_translation"})
WRITE_NEWSLETTER_ISSUES = frozenset(
    {
        "forms.add_newsletterissue",
        "forms.change_newsletterissue",
        "forms.view_newsletterissue",
    }
)
SEE_SUBSCRIBERS = frozenset({"forms.view_subscription", "forms.export_subscription"})

# Members of a purpose's staff group (Purpose.staff_group) see the submissions of
# that purpose only (forms.selectors), and nothing else personal.
PURPOSE_STAFF = ACCESS_ADMIN | CHOOSE_MEDIA | {"forms.view_submission"}

STAFF_GROUPS: tuple[StaffGroup, ...] = (
    StaffGroup(
        name="Editors",
        permissions=ACCESS_ADMIN
        | EDIT_MEDIA
        | TRANSLATE
        | WRITE_NEWSLETTER_ISSUES
        | {
            "pages.add_menu",
            "pages.change_menu",
            "pages.delete_menu",
            "pages.view_menu",
            # The wording of purposes; their rules are the privacy officer's.
            "privacy.change_purpose",
            "privacy.view_purpose",
            "privacy.add_policyversion",
        },
        page_permissions=frozenset({"add_page", "change_page"}),
        collection_permissions=EDIT_MEDIA_IN_COLLECTIONS,
    ),
    StaffGroup(
        name="Moderators",
        permissions=ACCESS_ADMIN
        | EDIT_MEDIA
        | TRANSLATE
        | {"privacy.add_policyversion", "privacy.view_purpose"},
        page_permissions=frozenset(
            {"add_page", "change_page", "lock_page", "publish_page", "unlock_page"}
        ),
        collection_permissions=EDIT_MEDIA_IN_COLLECTIONS,
    ),
    # Sees and manages everything personal, and alone decides who reads what: the
    # rules of purposes (staff group, legal basis, retention, identifier) and a form's
    # purpose, on a draft of the page (it edits pages, it does not publish them).
    StaffGroup(
        name="Privacy officer",
        permissions=ACCESS_ADMIN
        | CHOOSE_MEDIA
        | SEE_SUBSCRIBERS
        | {
            "forms.view_submission",
            "forms.view_all_submissions",
            "privacy.add_purpose",
            "privacy.change_purpose",
            "privacy.change_purpose_rules",
            "privacy.delete_purpose",
            "privacy.view_purpose",
            "privacy.add_policyversion",
            "privacy.manage_personal_data",
            "privacy.hold_personal_data",
        },
        page_permissions=frozenset({"change_page"}),
        collection_permissions=CHOOSE_MEDIA,
    ),
    StaffGroup(name="Support", permissions=PURPOSE_STAFF, collection_permissions=CHOOSE_MEDIA),
    StaffGroup(name="Sales", permissions=PURPOSE_STAFF, collection_permissions=CHOOSE_MEDIA),
    StaffGroup(name="HR", permissions=PURPOSE_STAFF, collection_permissions=CHOOSE_MEDIA),
    StaffGroup(
        name="Marketing",
        permissions=PURPOSE_STAFF | SEE_SUBSCRIBERS | WRITE_NEWSLETTER_ISSUES,
        collection_permissions=CHOOSE_MEDIA,
    ),
)


def staff_group(name: str) -> StaffGroup:
    """The declaration of the group called ``name`` (``KeyError`` if undeclared)."""
    for group in STAFF_GROUPS:
        if group.name == name:
            return group
    raise KeyError(name)


def apply_staff_groups(*, using: str = "default") -> None:
    """Create the declared groups and give each exactly its declared permissions.

    Idempotent: a second run writes nothing. Page and collection permissions are
    applied only once Wagtail's root page and root collection exist (a database
    emptied by ``flush`` has neither).
    """
    from django.contrib.auth.models import Group, Permission
    from django.db import transaction
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    names = set()
    for declared in STAFF_GROUPS:
        names |= declared.permissions | declared.collection_permissions
        names |= {f"wagtailcore.{codename}" for codename in declared.page_permissions}
    found = {
        f"{permission.content_type.app_label}.{permission.codename}": permission
        for permission in Permission.objects.using(using).select_related("content_type")
        if f"{permission.content_type.app_label}.{permission.codename}" in names
    }
    # A permission that no row holds yet is left out: after Django's flush, those made
    # by migrations only (wagtail_localize.submit_translation) are gone until the next
    # migrate. A misspelt one fails tests/corpsite/test_staff_groups.py.
    found_names = set(found)
    root_page = Page.objects.using(using).filter(depth=1).first()
    root_collection = Collection.objects.using(using).filter(depth=1).first()
    with transaction.atomic(using=using):
        for declared in STAFF_GROUPS:
            group, _created = Group.objects.using(using).get_or_create(name=declared.name)
            wanted = {found[name].pk for name in declared.permissions & found_names}
            if set(group.permissions.values_list("pk", flat=True)) != wanted:
                group.permissions.set(wanted)
            if root_page is not None:
                _sync_object_permissions(
                    GroupPagePermission.objects.using(using).filter(group=group),
                    field="page",
                    target=root_page,
                    wanted={
                        found[f"wagtailcore.{name}"]
                        for name in declared.page_permissions
                        if f"wagtailcore.{name}" in found
                    },
                    group=group,
                )
            if root_collection is not None:
                _sync_object_permissions(
                    GroupCollectionPermission.objects.using(using).filter(group=group),
                    field="collection",
                    target=root_collection,
                    wanted={found[name] for name in declared.collection_permissions & found_names},
                    group=group,
                )


def _sync_object_permissions(rows, *, field: str, target, wanted: set, group) -> None:
    """Make a group's page (or collection) permission rows exactly ``wanted`` on
    ``target``: nothing on any other page (collection), nothing more, nothing less."""
    have = {(getattr(row, f"{field}_id"), row.permission_id): row.pk for row in rows}
    want = {(target.pk, permission.pk) for permission in wanted}
    if extra := [pk for key, pk in have.items() if key not in want]:
        rows.filter(pk__in=extra).delete()
    rows.model.objects.using(rows.db).bulk_create(
        rows.model(group=group, permission_id=permission_id, **{f"{field}_id": target_id})
        for target_id, permission_id in sorted(want - have.keys())
    )
