"""The retention report (Privacy menu) and its dashboard panel: for the privacy
officer only (PurgeRun's registered policy)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forms.models import Submission
from privacy.models import Person
from privacy.people.retention import purge_expired
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

REPORT = "/admin/privacy/retention/"
REASON = "Labour court case 26/0042"


@pytest.fixture
def retention_state(make_submission):
    """A prospect past its deadline, a candidate due in ten days, one due in sixty,
    a held submission and a person on hold, and one run of the job."""
    now = timezone.now()

    def sent(kind, email, deadline, **fields):
        submission = make_submission(kind, email=email)
        Submission.objects.filter(pk=submission.pk).update(retention_deadline=deadline, **fields)
        return submission

    gone = sent("contact", "gone@example.com", now - timedelta(days=1))
    purge_expired()
    assert not Submission.objects.filter(pk=gone.pk).exists()
    sent("contact", "overdue@example.com", now - timedelta(days=2))
    sent("application", "soon@example.com", now + timedelta(days=10))
    sent("application", "later@example.com", now + timedelta(days=60))
    held = sent("contact", "held@example.com", now - timedelta(days=5), hold_reason=REASON)
    person = make_submission("repair", email="held-person@example.com").person
    Person.objects.filter(pk=person.pk).update(hold_reason="Authority's request", hold_set_at=now)
    return {"held": held, "person": person}


def test_the_privacy_officer_reads_what_is_due_held_and_done(client, officer, retention_state):
    client.force_login(officer)
    response = client.get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    due = html.split('data-retention="due"')[1].split("</table>")[0]
    assert 'data-purpose="prospects"' in due and 'data-purpose="recruitment"' in due
    # one prospect overdue, one candidate due in ten days; the sixty-day one is later
    prospects = due.split('data-purpose="prospects"')[1].split("</tr>")[0]
    recruitment = due.split('data-purpose="recruitment"')[1].split("</tr>")[0]
    assert "<td>1</td>" in prospects and "<td>1</td>" in recruitment
    held = html.split('data-retention="held"')[1].split("</table>")[0]
    assert REASON in held and retention_state["held"].reference in held
    assert "Authority&#x27;s request" in held
    assert f"/admin/privacy/people/{retention_state['person'].pk}/" in held
    runs = html.split('data-retention="runs"')[1].split("</table>")[0]
    assert "Form submissions 1" in runs
    assert "held@example.com" not in runs and "gone@example.com" not in html


def test_the_report_is_in_the_privacy_menu_of_the_privacy_officer_only(client, officer, support):
    client.force_login(officer)
    assert REPORT in client.get("/admin/").content.decode()
    client.force_login(support)
    assert REPORT not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("role", ["support", "editor", "moderator", "hr"])
def test_the_report_is_denied_to_other_staff(client, role, retention_state):
    client.force_login(staff_user(role))
    response = client.get(REPORT)
    assert response.status_code in (302, 403)
    assert REASON not in response.content.decode()


def test_the_report_is_denied_to_anonymous(client):
    response = client.get(REPORT)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_dashboard_panel_shows_the_headline_figures_to_the_privacy_officer(
    client, officer, retention_state
):
    client.force_login(officer)
    html = client.get("/admin/").content.decode()
    panel = html.split('data-retention="headline"')[1].split("</ul>")[0]
    assert "2 items due for deletion in the next 30 days" in panel
    assert "1 already past its deadline" in panel
    assert "2 items on legal hold" in panel
    assert ": 2 erased" in panel  # the prospect's submission, and its person


@pytest.mark.parametrize("role", ["support", "editor", "marketing"])
def test_the_dashboard_panel_is_not_shown_to_other_staff(client, role, retention_state):
    client.force_login(staff_user(role))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'data-retention="headline"' not in response.content.decode()


def test_the_dashboard_panel_in_french(client, officer, retention_state):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(officer)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(officer)
    html = client.get("/admin/").content.decode()
    panel = html.split('data-retention="headline"')[1].split("</ul>")[0]
    assert "2 éléments à supprimer dans les 30 prochains jours" in panel
