"""The privacy officer's screens: every URL allowed, denied, anonymous."""

import pytest
from django.utils import timezone
from wagtail.users.models import UserProfile

from privacy.models import DataRequest, ErasureReceipt, Person, PersonExport
from privacy.people.requests import data_request_create
from tests.factories import PersonFactory, staff_user

pytestmark = pytest.mark.django_db


# --- permissions: every privacy admin URL, allowed / denied / anonymous ------------------


def privacy_urls(person, receipt, export, request):
    return [
        "/admin/privacy/people/",
        f"/admin/privacy/people/{person.pk}/",
        f"/admin/privacy/people/{person.pk}/erase/",
        f"/admin/privacy/people/{person.pk}/rectify/",
        f"/admin/privacy/exports/{export.token}/",
        "/admin/privacy/exports/download/?token=x",
        "/admin/privacy/requests/",
        "/admin/privacy/requests/new/",
        f"/admin/privacy/requests/{request.pk}/",
        f"/admin/privacy/requests/{request.pk}/extend/",
        f"/admin/privacy/requests/{request.pk}/answer/",
        f"/admin/privacy/requests/{request.pk}/refuse/",
        f"/admin/privacy/requests/{request.pk}/send-export/",
        "/admin/privacy/receipts/",
        f"/admin/privacy/receipts/{receipt.pk}/",
        "/admin/privacy/cookie-choices/",
    ]


@pytest.fixture
def objects(officer):
    person = PersonFactory(email="perm@example.com")
    receipt = ErasureReceipt.objects.create(reference="ER-2026-9999", email_hmac="x")
    export = PersonExport.objects.create(person=person, expires_at=timezone.now())
    request = data_request_create(person=person, email=person.email, kind="erasure", language="en")
    return person, receipt, export, request


@pytest.mark.parametrize("role", ["support", "hr", "marketing", "editor", "moderator"])
def test_privacy_urls_denied_to_other_staff(client, objects, role):
    client.force_login(staff_user(role))
    for url in privacy_urls(*objects):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"perm@example.com" not in response.content
    response = client.post(f"/admin/privacy/people/{objects[0].pk}/erase/", {"confirm": "on"})
    assert response.status_code in (302, 403)
    assert Person.objects.filter(pk=objects[0].pk).exists()


def privacy_posts(person):
    request = data_request_create(person=person, email=person.email, kind="access", language="en")
    return [
        (f"/admin/privacy/people/{person.pk}/export/", {}),
        (f"/admin/privacy/people/{person.pk}/rectify/", {"email": "x@example.com"}),
        (f"/admin/privacy/people/{person.pk}/erase/", {"confirm": "on"}),
        (f"/admin/privacy/requests/{request.pk}/extend/", {"months": "2", "reason": "Busy"}),
        (f"/admin/privacy/requests/{request.pk}/answer/", {"text": "Done"}),
        (f"/admin/privacy/requests/{request.pk}/refuse/", {"text": "No"}),
        (
            "/admin/privacy/requests/new/",
            {"email": person.email, "kind": "access", "language": "en"},
        ),
        ("/admin/privacy/people/", {"q": person.email}),
    ], request


@pytest.mark.parametrize("who", ["support", "anonymous"])
def test_privacy_posts_denied_change_nothing(client, objects, who):
    person = objects[0]
    posts, request = privacy_posts(person)
    if who == "support":
        client.force_login(staff_user("support"))
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (302, 403), url
        assert person.email.encode() not in response.content
        if who == "anonymous":
            assert "/admin/login/" in response["Location"]
    person.refresh_from_db()
    assert person.email == "perm@example.com"
    assert PersonExport.objects.count() == 1  # the fixture's only
    assert DataRequest.objects.count() == 2  # the fixture's and privacy_posts'
    assert DataRequest.objects.get(pk=request.pk).deadline == request.deadline
    assert DataRequest.objects.get(pk=request.pk).status == "open"


def test_privacy_posts_allowed_to_the_privacy_officer(
    client, officer, objects, django_capture_on_commit_callbacks
):
    person = objects[0]
    posts, request = privacy_posts(person)
    client.force_login(officer)
    export_url = posts[0][0]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(export_url).status_code == 302
    assert PersonExport.objects.count() == 2
    extend_url, data = posts[3]
    assert client.post(extend_url, data).status_code == 302
    assert DataRequest.objects.get(pk=request.pk).deadline > request.deadline
    assert client.post("/admin/privacy/people/", {"q": person.email}).status_code == 200
    new_request_url, data = posts[6]
    assert client.post(new_request_url, data).status_code == 302
    assert DataRequest.objects.filter(person=person, kind="access").count() == 2
    rectify_url, data = posts[1]
    assert client.post(rectify_url, data).status_code == 302
    assert Person.objects.filter(email="x@example.com").exists()


def test_the_privacy_scope_is_everything_or_nothing(officer, support, objects):
    from privacy.selectors import personal_data_for_user

    assert personal_data_for_user(officer, Person).count() == Person.objects.count() > 0
    assert personal_data_for_user(support, Person).count() == 0
    officer.is_active = False
    assert personal_data_for_user(officer, ErasureReceipt).count() == 0


def test_privacy_urls_denied_to_anonymous(client, objects):
    for url in privacy_urls(*objects):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"], url


def test_privacy_urls_allowed_to_the_privacy_officer(client, officer, objects):
    client.force_login(officer)
    for url in privacy_urls(*objects):
        expected = 404 if "download" in url else 200
        assert client.get(url).status_code == expected, url


def test_privacy_menu_only_for_the_privacy_officer(client, support, officer):
    client.force_login(support)
    assert "/admin/privacy/people/" not in client.get("/admin/").content.decode()
    client.force_login(officer)
    assert "/admin/privacy/people/" in client.get("/admin/").content.decode()


def test_receipt_names_categories_in_the_reader_language(client, officer):
    """The receipt stores category keys; the officer reads the registry's labels."""
    receipt = ErasureReceipt.objects.create(
        reference="ER-2026-0007",
        email_hmac="x",
        counts={"submissions": 2, "files": 1},
        retained={"submissions": {"legal hold": 1}},
    )
    client.force_login(officer)
    page = client.get(f"/admin/privacy/receipts/{receipt.pk}/").content.decode()
    assert "Forms you sent: 2" in page
    assert "Files you sent: 1" in page
    assert "Forms you sent: 1 — legal hold" in page
    assert "submissions:" not in page
    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = "fr"
    profile.save()
    page = client.get(f"/admin/privacy/receipts/{receipt.pk}/").content.decode()
    assert "Reçu d’effacement ER-2026-0007" in page
