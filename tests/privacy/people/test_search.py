"""Finding a person and what is held about them (privacy.people.search)."""

import json

import pytest

from forms.models import Submission
from privacy.models import PersonalDataLogEntry, email_hmac
from privacy.people.rectification import person_rectify
from tests.privacy.people.conftest import EMAIL, NEIGHBOUR

pytestmark = pytest.mark.django_db


def test_search_by_normalized_email_and_by_name(client, officer, subject):
    client.force_login(officer)
    html = client.post(
        "/admin/privacy/people/", {"q": "  ZEPHYRINE.Quintal@Example.COM "}
    ).content.decode()
    assert f"/admin/privacy/people/{subject.pk}/" in html
    assert f">{NEIGHBOUR}<" not in html
    html = client.post("/admin/privacy/people/", {"q": "quintal-brouard"}).content.decode()
    # A query string is not a search: addresses never travel in URLs.
    assert (
        f"/admin/privacy/people/{subject.pk}/"
        not in client.get("/admin/privacy/people/", {"q": EMAIL}).content.decode()
    )
    assert f"/admin/privacy/people/{subject.pk}/" in html


@pytest.mark.parametrize(
    "query", ["zéphyrine", "ZEPHYRINE", "Zephyrine quintal-brouard", "quintal"]
)
def test_name_search_ignores_case_and_accents_on_every_database(query, subject):
    from privacy.people.search import people_search

    assert people_search(query=query) == [subject]
    assert people_search(query="Zéphyrine Lemoine") == []  # every word must match


def test_an_empty_name_is_not_the_word_none(subject):
    from privacy.people.search import people_search, person_names_refresh

    Submission.objects.filter(person=subject).update(answers={"first_name": None})
    person_names_refresh(person=subject)
    subject.refresh_from_db()
    assert subject.name_key == "" and people_search(query="none") == []


def test_name_search_follows_rectification(officer, subject):
    from privacy.people.search import people_search

    person_rectify(person=subject, user=officer, first_name="Zoé", last_name="Quintal")
    assert people_search(query="zoe quintal") == [subject]
    assert people_search(query="brouard") == []


def test_person_page_groups_by_category_and_is_logged(client, officer, subject):
    client.force_login(officer)
    html = client.get(f"/admin/privacy/people/{subject.pk}/").content.decode()
    assert "Contact us (en): 1" in html and "Demander une réparation (fr): 1" in html
    assert 'data-category="files"' in html and 'data-category="newsletter"' in html
    entry = PersonalDataLogEntry.objects.filter(action="privacy.view", user=officer).latest(
        "timestamp"
    )
    assert entry.data["subject"] == email_hmac(EMAIL)
    assert EMAIL not in json.dumps(entry.data) and EMAIL not in entry.label
