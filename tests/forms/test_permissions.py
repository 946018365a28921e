"""The registered permission policies of submissions, their files and subscribers:
the rows they allow are the selectors' rows, nobody adds, changes or deletes, and
Wagtail's menu and views ask them."""

import pytest
from wagtail.permissions import policy_registry

from forms.models import Submission, SubmissionFile, Subscription
from forms.newsletter.permissions import SubscriptionPermissionPolicy
from forms.newsletter.selectors import subscribers_for_export, subscribers_for_user
from forms.newsletter.services import subscribers_import, suppression_add
from forms.permissions import SubmissionFilePermissionPolicy, SubmissionPermissionPolicy
from forms.selectors import submission_files_for_user, submissions_for_user
from privacy.models import email_hmac
from tests.factories import staff_user
from tests.forms.conftest import docx_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def collected(make_submission, outbox, new_files):
    """One support ticket, one repair, one application (with files)."""
    return {
        "support": make_submission("support"),
        "repair": make_submission("repair"),
        "application": make_submission(
            "application", cover_letter=upload("letter.docx", docx_bytes())
        ),
    }


@pytest.fixture
def staff(db):
    """A member of each group, by the group's name."""
    roles = {
        "Support": "support",
        "HR": "hr",
        "Marketing": "marketing",
        "Privacy officer": "officer",
        "Editors": "editor",
    }
    return {group: staff_user(role) for group, role in roles.items()}


def test_each_scoped_model_has_its_registered_policy():
    assert isinstance(policy_registry.get_by_type(Submission), SubmissionPermissionPolicy)
    assert isinstance(policy_registry.get_by_type(SubmissionFile), SubmissionFilePermissionPolicy)
    assert isinstance(policy_registry.get_by_type(Subscription), SubscriptionPermissionPolicy)


def test_submission_policy_allows_exactly_the_selectors_rows(staff, collected):
    policy = policy_registry.get_by_type(Submission)
    files = policy_registry.get_by_type(SubmissionFile)
    for user in staff.values():
        scoped = policy.instances_user_has_permission_for(user, "view")
        assert set(scoped) == set(submissions_for_user(user))
        assert set(files.instances_user_has_permission_for(user, "view")) == set(
            submission_files_for_user(user)
        )
    assert set(policy.instances_user_has_permission_for(staff["Support"], "view")) == {
        collected["support"],
        collected["repair"],
    }


def test_submission_policy_per_instance_allowed_and_denied(staff, collected):
    policy = policy_registry.get_by_type(Submission)
    application = collected["application"]
    assert policy.user_has_permission_for_instance(staff["HR"], "view", application)
    assert not policy.user_has_permission_for_instance(staff["Support"], "view", application)
    assert not policy.user_has_permission_for_instance(staff["Editors"], "view", application)
    cv = application.files.get(field_name="cv")
    files = policy_registry.get_by_type(SubmissionFile)
    assert files.user_has_permission_for_instance(staff["HR"], "view", cv)
    assert not files.user_has_permission_for_instance(staff["Support"], "view", cv)
    readers = set(policy.users_with_permission_for_instance("view", application))
    assert staff["HR"] in readers and staff["Privacy officer"] in readers
    assert staff["Support"] not in readers and staff["Editors"] not in readers


def test_nobody_adds_changes_or_deletes_not_even_a_superuser(superuser, collected):
    root = superuser
    for model in (Submission, SubmissionFile, Subscription):
        policy = policy_registry.get_by_type(model)
        assert policy.user_has_permission(root, "view")
        for action in ("add", "change", "delete"):
            assert not policy.user_has_permission(root, action)
            assert not policy.instances_user_has_permission_for(root, action).exists()
            assert not policy.users_with_permission(action).exists()


def test_the_admin_has_no_url_to_add_edit_copy_or_delete(client, superuser, collected):
    client.force_login(superuser)
    pk = collected["support"].pk
    for prefix in ("submissions", "newsletter-subscribers"):
        for url in ("new/", f"edit/{pk}/", f"delete/{pk}/", f"copy/{pk}/", f"history/{pk}/"):
            assert client.get(f"/admin/{prefix}/{url}").status_code == 404
        assert f"/admin/{prefix}/new/" not in client.get(f"/admin/{prefix}/").content.decode()


def test_subscription_policy_views_and_exports_the_selectors_rows(staff):
    subscribers_import(
        rows=[{"email": "kept@example.com"}, {"email": "gone@example.com"}],
        source="test",
        language="en",
    )
    suppression_add(email_hmac=email_hmac("gone@example.com"))
    policy = policy_registry.get_by_type(Subscription)
    for user in staff.values():
        assert set(policy.instances_user_has_permission_for(user, "view")) == set(
            subscribers_for_user(user)
        )
        assert set(policy.instances_user_has_permission_for(user, "export")) == set(
            subscribers_for_export(user)
        )
    marketing = staff["Marketing"]
    exported = policy.instances_user_has_permission_for(marketing, "export")
    assert [s.person.email for s in exported] == ["kept@example.com"]
    assert not policy.user_has_permission(staff["Support"], "view")


@pytest.mark.parametrize(
    ("group", "submissions_menu", "subscribers_menu"),
    [
        ("Support", True, False),
        ("Marketing", None, True),
        ("Privacy officer", True, True),
        ("Editors", False, False),
    ],
)
def test_the_menu_shows_what_the_policy_allows(
    client, staff, group, submissions_menu, subscribers_menu
):
    user = staff[group]
    client.force_login(user)
    admin = client.get("/admin/").content.decode()
    may_see = policy_registry.get_by_type(Submission).user_has_permission(user, "view")
    subscribers = policy_registry.get_by_type(Subscription).user_has_permission(user, "view")
    assert ("/admin/submissions/" in admin) is may_see
    assert ("/admin/newsletter-subscribers/" in admin) is subscribers
    if submissions_menu is not None:
        assert may_see is submissions_menu
    assert subscribers is subscribers_menu
