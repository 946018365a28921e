"""The Privacy menu and its viewsets: each screen asks its model's registered policy,
so the menu, the buttons and the views agree (privacy.permissions, privacy/views/)."""

import uuid

import pytest
from wagtail.permissions import policy_registry

from privacy.models import (
    CookieConsentRecord,
    DataRequest,
    ErasureReceipt,
    Person,
    PersonExport,
)
from privacy.people.requests import data_request_create
from privacy.permissions import PersonalDataPermissionPolicy
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

PERSONAL = [Person, PersonExport, DataRequest, ErasureReceipt, CookieConsentRecord]


@pytest.mark.parametrize("model", PERSONAL)
def test_each_personal_data_model_has_the_privacy_officers_policy(model, officer, editor):
    policy = policy_registry.get_by_type(model)
    assert isinstance(policy, PersonalDataPermissionPolicy)
    assert policy.user_has_permission(officer, "view")
    assert not policy.user_has_permission(editor, "view")
    assert set(policy.users_with_permission("view")) >= {officer}
    assert editor not in policy.users_with_permission("view")


def test_nobody_may_change_an_erasure_receipt(officer, superuser):
    root = superuser
    policy = policy_registry.get_by_type(ErasureReceipt)
    for user in (officer, root):
        assert not policy.user_has_any_permission(user, ["add", "change", "delete"])
    assert not policy.users_with_any_permission(["delete"]).exists()


def test_the_menu_shows_each_user_what_their_rights_allow(client, officer, editor):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "/admin/snippets/privacy/purpose/" in html
    assert "/admin/privacy/record-of-processing/" in html
    assert "/admin/privacy/people/" not in html and "/admin/privacy/requests/" not in html
    client.force_login(officer)
    html = client.get("/admin/").content.decode()
    for url in ("/admin/privacy/people/", "/admin/privacy/requests/", "/admin/privacy/receipts/"):
        assert url in html


def test_the_person_page_offers_what_the_policy_allows(client, officer):
    person = PersonFactory(email="shown@example.com")
    client.force_login(officer)
    html = client.get(f"/admin/privacy/people/{person.pk}/").content.decode()
    for action in ("export", "rectify", "erase"):
        assert f"/admin/privacy/people/{person.pk}/{action}/" in html
    assert "<title>" in html and "shown@example.com" not in html.split("</title>")[0]


def test_the_request_listing_links_and_extends(client, officer):
    person = PersonFactory(email="listed@example.com")
    request = data_request_create(person=person, email=person.email, kind="erasure", language="en")
    client.force_login(officer)
    html = client.get("/admin/privacy/requests/").content.decode()
    assert f'href="/admin/privacy/requests/{request.pk}/"' in html
    assert f'href="/admin/privacy/requests/{request.pk}/extend/"' in html
    assert "/admin/privacy/requests/new/" in html
    page = client.get(f"/admin/privacy/requests/{request.pk}/").content.decode()
    assert f"/admin/privacy/people/{person.pk}/" in page
    client.post(f"/admin/privacy/requests/{request.pk}/extend/", {"months": "2", "reason": "Busy"})
    html = client.get("/admin/privacy/requests/").content.decode()
    assert f"/admin/privacy/requests/{request.pk}/extend/" not in html  # extended once only


def test_recording_a_request_from_the_admin(client, officer):
    PersonFactory(email="caller@example.com")
    client.force_login(officer)
    response = client.post(
        "/admin/privacy/requests/new/",
        {"email": "Caller@Example.com", "kind": "access", "language": "fr", "details": "Phone"},
    )
    assert response.status_code == 302
    request = DataRequest.objects.get(kind="access")
    assert request.person.email == "caller@example.com" and request.language == "fr"
    assert request.reference.startswith("DR-")


def test_cookie_choices_are_found_by_their_reference_only(client, officer):
    record = CookieConsentRecord.objects.create(
        action="refuse_all", decisions={"analytics": False}, banner_hash="h", language="en"
    )
    CookieConsentRecord.objects.create(
        action="accept_all", decisions={"analytics": True}, banner_hash="h", language="fr"
    )
    client.force_login(officer)
    assert "Refused all" not in client.get("/admin/privacy/cookie-choices/").content.decode()
    html = client.get("/admin/privacy/cookie-choices/", {"q": str(record.consent_id)}).content
    assert "Refused all" in html.decode() and "Accepted all" not in html.decode()
    for garbage in ("not-a-uuid", str(uuid.uuid4())):
        html = client.get("/admin/privacy/cookie-choices/", {"q": garbage}).content.decode()
        assert "Refused all" not in html


def test_history_links_a_request_to_its_page_for_the_officer_only(client, officer, editor):
    from wagtail.admin.admin_url_finder import AdminURLFinder
    from wagtail.log_actions import log

    request = data_request_create(person=None, email="x@example.com", kind="access", language="en")
    log(instance=request, action="wagtail.edit", user=officer)
    assert AdminURLFinder(officer).get_edit_url(request) == f"/admin/privacy/requests/{request.pk}/"
    assert AdminURLFinder(editor).get_edit_url(request) is None
    client.force_login(officer)
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    assert f"/admin/privacy/requests/{request.pk}/" in response.content.decode()
