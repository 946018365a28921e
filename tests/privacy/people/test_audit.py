"""Audit entries and their scrubbing (privacy.people.audit)."""

import pytest
from wagtail.log_actions import log

from forms.models import Submission
from privacy.models import PersonalDataLogEntry
from tests.privacy.people.conftest import LAST

pytestmark = pytest.mark.django_db


def test_audit_log_scrub_replaces_whole_words_and_keeps_the_structure(officer, subject):
    from privacy.people.audit import audit_log_scrub, scrub_text

    submission = Submission.objects.filter(person=subject).first()
    log(
        instance=submission,
        action="forms.view_submission",
        user=officer,
        data={"notes": [f"Annual review with {LAST}", {"who": LAST, "count": 3}]},
    )
    audit_log_scrub(terms=[LAST])
    entry = PersonalDataLogEntry.objects.filter(action="forms.view_submission").latest("pk")
    assert entry.data["notes"][0] == "Annual review with [erased]"
    assert scrub_text(f"{LAST}_CV.pdf, {LAST}2", [LAST]) == "[erased]_CV.pdf, [erased]2"
    assert entry.data["notes"][1] == {"who": "[erased]", "count": 3}
