"""The audit log is scoped like the data it is about: site history, its filters and
exports, and history views show the entries about submissions, people and exports
only to those who may see them (the staff of the purpose, the privacy officer)."""

import pytest
from django.urls import reverse
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from forms.models import Submission
from privacy.models import PersonalDataLogEntry, Purpose
from tests.factories import staff_user

pytestmark = pytest.mark.django_db

HISTORY = "/admin/reports/site-history/"
HISTORY_RESULTS = "/admin/reports/site-history/results/"


@pytest.fixture
def people(db):
    return {
        "support": staff_user("support", username="support-sam"),
        "hr": staff_user("hr", username="hr-hana"),
        "editor": staff_user("editor", username="editor-eve"),
        "officer": staff_user("officer", username="officer-olga"),
        "superuser": staff_user("superuser", username="root-rita"),
    }


@pytest.fixture
def logged(client, make_submission, new_files, people):
    """A support ticket and a job application, each opened in the admin by its staff;
    the person looked up by the privacy officer."""
    submissions = {
        "support": make_submission("support", email="ticket@example.com"),
        "application": make_submission("application", email="cv@example.com"),
    }
    for who, kind in (("support", "support"), ("hr", "application")):
        client.force_login(people[who])
        url = reverse("forms_submission:inspect", args=[submissions[kind].pk])
        assert client.get(url).status_code == 200
    client.logout()
    person = submissions["application"].person
    log(instance=person, action="privacy.view", user=people["officer"], data={"subject": "x"})
    return submissions


def site_history(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(HISTORY_RESULTS, params)
    assert response.status_code == 200
    return response.content.decode()


def test_entries_about_personal_data_go_to_the_scoped_log(logged):
    ticket, application = logged["support"], logged["application"]
    for submission in (ticket, application):
        assert PersonalDataLogEntry.objects.filter(
            action="forms.view_submission", object_id=str(submission.pk)
        ).exists()
    assert not ModelLogEntry.objects.filter(action__startswith="forms.").exists()
    assert not ModelLogEntry.objects.filter(action__startswith="privacy.view").exists()
    assert log_registry.get_log_model_for_model(Submission) is PersonalDataLogEntry


def test_support_sees_only_the_entries_of_its_purposes(client, logged, people):
    html = site_history(client, people["support"])
    assert logged["support"].reference in html
    assert logged["application"].reference not in html
    assert "hr-hana" not in html  # the staff of other purposes stay out of sight
    assert "Personal data viewed" not in html
    # the filters list only what is visible
    page = client.get(HISTORY).content.decode()
    assert "hr-hana" not in page and "officer-olga" not in page
    # and so does the export
    export = client.get(HISTORY, {"export": "csv"})
    assert export.status_code == 200
    body = b"".join(export.streaming_content if export.streaming else [export.content]).decode()
    assert logged["support"].reference in body
    assert logged["application"].reference not in body


def test_recruitment_staff_see_recruitments_entries_only(client, logged, people):
    html = site_history(client, people["hr"])
    assert logged["application"].reference in html
    assert logged["support"].reference not in html
    assert "support-sam" not in html


@pytest.mark.parametrize("who", ["officer", "superuser"])
def test_the_privacy_officer_and_superusers_see_everything(client, logged, people, who):
    html = site_history(client, people[who])
    assert logged["application"].reference in html
    assert logged["support"].reference in html
    assert "Personal data viewed" in html


def test_an_editor_sees_no_entry_about_personal_data(client, logged, people):
    html = site_history(client, people["editor"])
    assert logged["application"].reference not in html
    assert logged["support"].reference not in html
    assert "Personal data viewed" not in html


def test_rerouting_a_purpose_moves_its_history_with_it(client, logged, people):
    """Entries are scoped by who may see the data now, not when they were written."""
    from django.contrib.auth.models import Group

    recruitment = Purpose.objects.get(key="recruitment", locale__language_code="en")
    recruitment.staff_group = Group.objects.get(name="Support")
    recruitment.save()
    assert logged["application"].reference in site_history(client, people["support"])
    assert logged["application"].reference not in site_history(client, people["hr"])


def test_site_history_redirects_anonymous_to_login(client, logged):
    for url in (HISTORY, HISTORY_RESULTS):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_purpose_history_view_allowed_denied_anonymous(client, logged, people):
    """The history view of a purpose shows its rule changes to those who keep the
    registry; support staff and visitors do not get it."""
    from django.contrib.auth.models import Group

    recruitment = Purpose.objects.get(key="recruitment", locale__language_code="en")
    recruitment.staff_group = Group.objects.get(name="Sales")
    log(instance=recruitment, action="wagtail.edit", user=people["officer"])
    recruitment.save()
    url = reverse("wagtailsnippets_privacy_purpose:history", args=[recruitment.pk])
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(people["support"])
    assert client.get(url).status_code in (302, 403)
    client.force_login(people["editor"])
    response = client.get(url)
    assert response.status_code == 200
    # the rules changed by code (no request) are logged too
    assert "HR → Sales" in response.content.decode()
