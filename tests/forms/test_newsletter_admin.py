"""The subscribers listing and export: marketing and the privacy officer only."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from forms.models import NewsletterIssue, NewsletterSend, Subscription
from forms.newsletter.services import subscribers_import
from privacy.models import Person

pytestmark = pytest.mark.django_db


def user_in(django_user_model, name, *groups):
    user = django_user_model.objects.create_user(username=name, password="pw")
    for group in groups:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def subscribers():
    subscribers_import(
        rows=[
            {"email": "fr.one@example.com", "language": "fr"},
            {"email": "=cmd@example.com", "language": "en"},
        ],
        source="test",
        language="en",
    )
    pending = Person.objects.create(email="pending@example.com", last_contact_at=timezone.now())
    Subscription.objects.create(
        person=pending,
        language="fr",
        signed_up_at=timezone.now(),
        confirmation_sent_at=timezone.now(),
    )


@pytest.mark.parametrize("group", ["Marketing", "Privacy officer"])
def test_allowed_groups_see_confirmed_subscribers_only(
    client, django_user_model, subscribers, group
):
    client.force_login(user_in(django_user_model, "m", group))
    html = client.get("/admin/newsletter-subscribers/").content.decode()
    assert "fr.one@example.com" in html
    assert "pending@example.com" not in html
    html = client.get("/admin/newsletter-subscribers/", {"language": "en"}).content.decode()
    assert "fr.one@example.com" not in html


@pytest.mark.parametrize("group", ["Support", "Sales", "HR", "Editors"])
def test_other_staff_are_denied(client, django_user_model, subscribers, group):
    client.force_login(user_in(django_user_model, "x", group))
    for url in ("/admin/newsletter-subscribers/", "/admin/newsletter-subscribers/export/"):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"fr.one@example.com" not in response.content


def test_anonymous_is_sent_to_login(client, subscribers):
    for url in ("/admin/newsletter-subscribers/", "/admin/newsletter-subscribers/export/"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        assert b"fr.one@example.com" not in response.content


def test_export_lists_only_confirmed_subscribers_with_their_consent_date(
    client, django_user_model, subscribers
):
    client.force_login(user_in(django_user_model, "m", "Marketing"))
    response = client.get("/admin/newsletter-subscribers/export/")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["email"] for row in rows} == {"fr.one@example.com", "'=cmd@example.com"}
    assert all(row["consent_date"] for row in rows)
    assert {row["language"] for row in rows} == {"fr", "en"}


def test_export_writes_an_ordinary_address_unchanged_inside_quotes(
    client, django_user_model, subscribers
):
    client.force_login(user_in(django_user_model, "m", "Marketing"))
    body = client.get("/admin/newsletter-subscribers/export/").content.decode("utf-8-sig")
    assert body.startswith('"email","language","consent_date"\r\n')
    assert '\r\n"fr.one@example.com","fr","' in body
    assert '\r\n"\'=cmd@example.com","en","' in body


def test_marketing_sends_an_issue_from_the_admin(
    client, django_user_model, subscribers, mailoutbox
):
    client.force_login(user_in(django_user_model, "m", "Marketing"))
    issue = NewsletterIssue.objects.get(locale__language_code="en")
    url = f"/admin/newsletter-subscribers/issues/{issue.pk}/send/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"language": "fr"})
    assert response.status_code == 302
    send = NewsletterSend.objects.get()
    assert (send.language, send.sent, send.total, send.status) == ("fr", 1, 1, "done")
    assert [m.to for m in mailoutbox] == [["fr.one@example.com"]]


def test_editors_cannot_send(client, django_user_model):
    client.force_login(user_in(django_user_model, "e", "Editors"))
    issue = NewsletterIssue.objects.get(locale__language_code="en")
    response = client.post(
        f"/admin/newsletter-subscribers/issues/{issue.pk}/send/", {"language": "fr"}
    )
    assert response.status_code in (302, 403)
    assert NewsletterSend.objects.count() == 0
