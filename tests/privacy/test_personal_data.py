"""What privacy registers about its own models: consents, which refer to the record
they were answered with (a form submission) without privacy's models depending on
forms'."""

import pytest
from django.apps import apps

from privacy.models import Consent
from privacy.registry import registry
from tests.forms.conftest import form_page, valid_data

pytestmark = pytest.mark.django_db


def test_privacy_models_refer_to_no_model_of_forms_or_pages():
    links = [
        f"{model._meta.label}.{field.name} -> {field.related_model._meta.label}"
        for model in apps.get_app_config("privacy").get_models()
        for field in model._meta.get_fields()
        if field.is_relation
        and (field.concrete or field.many_to_many)
        and not field.auto_created
        and field.related_model._meta.app_label in {"forms", "pages"}
    ]
    assert links == []


def submit_contact(client):
    from forms.models import Submission

    page = form_page("contact", "fr")
    response = client.post(page.url, valid_data(page, marketing_consent="on"))
    assert response.status_code == 302
    return Submission.objects.get()


def test_a_consent_is_kept_as_long_as_its_submission_is_held(client, django_user_model):
    from privacy.people.erasure import person_erase

    submission = submit_contact(client)
    consent = Consent.objects.get(submission__isnull=False)
    source = registry.sources["privacy.consent"]
    assert source.retained(consent) == ""
    submission.hold_reason = "Open contract"
    submission.save()
    [found] = [row for row in source.find(submission.person) if row.pk == consent.pk]
    assert found.record == submission
    assert source.retained(found) == "Open contract"

    officer = django_user_model.objects.create_superuser("officer", "o@example.com", "pw")
    receipt = person_erase(person=submission.person, user=officer)
    assert receipt.retained["consents"] == {"Open contract": 1}
    assert list(submission.consents.all()) == [consent]


def test_a_submission_deleted_takes_its_consents_along(client):
    submission = submit_contact(client)
    assert submission.consents.count() == 1
    others = set(Consent.objects.filter(submission__isnull=True).values_list("pk", flat=True))
    submission.delete()
    assert set(Consent.objects.values_list("pk", flat=True)) == others
