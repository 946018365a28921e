"""The subscribers listing and export: marketing and the privacy officer only."""

import csv
import io

import pytest

from forms.models import NewsletterIssue, NewsletterSend, Subscription
from forms.newsletter.services import subscribers_import
from tests.factories import SubscriptionFactory, staff_user

pytestmark = pytest.mark.django_db


def download(response) -> bytes:
    return b"".join(response.streaming_content)


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
    SubscriptionFactory(person__email="pending@example.com", language="fr")


@pytest.mark.parametrize("role", ["marketing", "officer"])
def test_allowed_groups_see_confirmed_subscribers_only(client, subscribers, role):
    client.force_login(staff_user(role))
    html = client.get("/admin/newsletter-subscribers/").content.decode()
    assert "fr.one@example.com" in html
    assert "pending@example.com" not in html
    html = client.get("/admin/newsletter-subscribers/", {"language": "en"}).content.decode()
    assert "fr.one@example.com" not in html


@pytest.mark.parametrize("role", ["support", "sales", "hr", "editor"])
def test_other_staff_are_denied(client, subscribers, role):
    client.force_login(staff_user(role))
    for url in ("/admin/newsletter-subscribers/", "/admin/newsletter-subscribers/?export=csv"):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"fr.one@example.com" not in response.content


def test_anonymous_is_sent_to_login(client, subscribers):
    for url in ("/admin/newsletter-subscribers/", "/admin/newsletter-subscribers/?export=csv"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        assert b"fr.one@example.com" not in response.content


def test_export_lists_only_confirmed_subscribers_with_their_consent_date(
    client, marketing, subscribers
):
    client.force_login(marketing)
    response = client.get("/admin/newsletter-subscribers/", {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(download(response).decode("utf-8-sig"))))
    assert {row["email"] for row in rows} == {"fr.one@example.com", "'=cmd@example.com"}
    assert all(row["consent_date"] for row in rows)
    assert {row["language"] for row in rows} == {"fr", "en"}


def test_export_writes_an_ordinary_address_unchanged_inside_quotes(client, marketing, subscribers):
    client.force_login(marketing)
    response = client.get("/admin/newsletter-subscribers/", {"export": "csv"})
    body = download(response).decode("utf-8-sig")
    assert body.startswith('"email","language","consent_date"\r\n')
    assert '\r\n"fr.one@example.com","fr","' in body
    assert '\r\n"\'=cmd@example.com","en","' in body


def test_marketing_sends_an_issue_from_the_admin(client, marketing, subscribers, mailoutbox):
    client.force_login(marketing)
    issue = NewsletterIssue.objects.get(locale__language_code="en")
    url = f"/admin/newsletter-subscribers/issues/{issue.pk}/send/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"language": "fr"})
    assert response.status_code == 302
    send = NewsletterSend.objects.get()
    assert (send.language, send.sent, send.total, send.status) == ("fr", 1, 1, "done")
    assert [m.to for m in mailoutbox] == [["fr.one@example.com"]]


def test_editors_cannot_send(client, editor):
    client.force_login(editor)
    issue = NewsletterIssue.objects.get(locale__language_code="en")
    response = client.post(
        f"/admin/newsletter-subscribers/issues/{issue.pk}/send/", {"language": "fr"}
    )
    assert response.status_code in (302, 403)
    assert NewsletterSend.objects.count() == 0


def test_inspect_a_subscriber_allowed_logged_denied_and_anonymous(
    client, marketing, support, subscribers
):
    from privacy.models import PersonalDataLogEntry

    confirmed = Subscription.objects.get(person__email="fr.one@example.com")
    pending = Subscription.objects.get(person__email="pending@example.com")
    url = f"/admin/newsletter-subscribers/{confirmed.pk}/"
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(marketing)
    response = client.get(url)
    assert response.status_code == 200
    assert "fr.one@example.com" in response.content.decode()
    entry = PersonalDataLogEntry.objects.get(action="forms.view_subscriber")
    assert (entry.object_id, entry.user, entry.label) == (
        str(confirmed.pk),
        marketing,
        str(confirmed),
    )
    assert "fr.one" not in entry.label
    # A pending sign-up is nobody's to see.
    assert client.get(f"/admin/newsletter-subscribers/{pending.pk}/").status_code == 404
    client.force_login(support)
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert b"fr.one@example.com" not in response.content


def test_export_is_in_the_audit_log_without_personal_data(client, marketing, subscribers):
    from privacy.models import PersonalDataLogEntry

    client.force_login(marketing)
    response = client.get("/admin/newsletter-subscribers/", {"export": "xlsx"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    entries = PersonalDataLogEntry.objects.filter(action="forms.export_subscribers")
    exported = Subscription.objects.filter(status=Subscription.Status.CONFIRMED)
    assert {e.object_id for e in entries} == {str(s.pk) for s in exported}
    assert all(e.user == marketing and "@" not in e.label for e in entries)


def test_export_xlsx_escapes_formulas(client, marketing, subscribers):
    from openpyxl import load_workbook

    client.force_login(marketing)
    response = client.get("/admin/newsletter-subscribers/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(download(response))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert values[:3] == ["email", "language", "consent_date"]
    assert "'=cmd@example.com" in values and "fr.one@example.com" in values
    assert all(cell.data_type == "s" for row in sheet.iter_rows() for cell in row if cell.value)
