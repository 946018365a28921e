"""The person the privacy officer's tools are tried on, and their neighbour."""

import io
import zipfile

import pytest
from wagtail.log_actions import log

from forms.models import Submission, Subscription
from privacy.models import Person
from privacy.people.archive import person_export_write
from privacy.people.requests import data_request_create
from tests.forms.conftest import docx_bytes, pdf_bytes, upload

EMAIL = "zephyrine.quintal@example.com"
NEIGHBOUR = "zephyrine.quintal@example.co"  # one character shorter: someone else
FIRST, LAST = "Zéphyrine", "Quintal-Brouard"
PHONE = "+33 6 98 76 54 32"
CV_MARK = "CV-CONTENT-7f3a9c"
LETTER_MARK = "LETTER-CONTENT-51e0b2"
NEEDLES = [EMAIL, FIRST, LAST, PHONE, CV_MARK, LETTER_MARK]


@pytest.fixture
def subject(make_submission, django_capture_on_commit_callbacks, new_files, officer):
    """One person with a contact request, a closed repair case, a job application with CV
    and cover letter, a confirmed newsletter subscription, consent rows, a data
    request and audit log entries mentioning them; and a neighbour."""
    me = {"email": EMAIL, "first_name": FIRST, "last_name": LAST, "phone": PHONE}
    make_submission("contact", marketing_consent="on", message=f"Please call {FIRST} {LAST}", **me)
    repair = make_submission("repair", "fr", return_country="US", **me)
    from forms.retention import submission_close_case

    # A finished repair (an open case would be kept: test_erasure tests that apart).
    submission_close_case(submission=repair, user=officer)
    make_submission(
        "application",
        cv=upload("cv-zephyrine.pdf", pdf_bytes(CV_MARK)),
        cover_letter=upload("lettre.docx", docx_bytes(LETTER_MARK)),
        **me,
    )
    from forms.newsletter.services import subscription_confirm, subscription_request

    with django_capture_on_commit_callbacks(execute=True):
        subscription_request(email=EMAIL, language="fr")
    subscription_confirm(subscription=Subscription.objects.get(person__email=EMAIL))
    person = Person.objects.get(email=EMAIL)
    data_request_create(
        person=person,
        email=EMAIL,
        kind="erasure",
        language="fr",
        details=f"Je suis {FIRST} {LAST}, effacez tout.",
    )
    submission = Submission.objects.filter(person=person).first()
    log(
        instance=submission,
        action="forms.view_submission",
        user=officer,
        data={"note": f"Called {FIRST} {LAST} at {PHONE}"},
    )
    log(instance=person, action="privacy.view", user=officer, title=f"{EMAIL} looked up")
    log(
        instance=submission,
        action="forms.view_submission",
        user=officer,
        data={"note": f"Dear {FIRST}"},
    )
    # The neighbour, whose address differs by one character.
    make_submission("contact", email=NEIGHBOUR, first_name="Anouk", last_name="Lemoine")
    return person


def exported(person) -> zipfile.ZipFile:
    buffer = io.BytesIO()
    person_export_write(person=person, target=buffer)
    buffer.seek(0)
    return zipfile.ZipFile(buffer)
