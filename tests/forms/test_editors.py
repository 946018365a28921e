"""Editors build and edit forms in the admin; what a kind of form needs stays."""

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import Locale, Page
from wagtail_localize.operations import translate_object

from forms.models import ApplicationFormPage, FormField, FormPage
from tests.forms.conftest import form_page
from tests.html_forms import form_values

pytestmark = pytest.mark.django_db


def edit_form(client, page) -> dict:
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    return form_values(html, "page-edit-form")


def field_prefix(data: dict, system_key: str) -> str:
    for name, value in data.items():
        if name.endswith("-system_key") and value == system_key:
            return name.removesuffix("system_key")
    raise AssertionError(system_key)


def test_editor_adds_an_optional_question_and_publishes(client, moderator):
    page = form_page("contact")
    client.force_login(moderator)
    data = edit_form(client, page)
    total = int(data["form_fields-TOTAL_FORMS"])
    data.update(
        {
            "form_fields-TOTAL_FORMS": str(total + 1),
            f"form_fields-{total}-label": "How did you hear about us?",
            f"form_fields-{total}-field_type": "singleline",
            f"form_fields-{total}-help_text": "",
            f"form_fields-{total}-choices": "",
            f"form_fields-{total}-default_value": "",
            f"form_fields-{total}-system_key": "",
            f"form_fields-{total}-ORDER": str(total + 1),
            f"form_fields-{total}-id": "",
            "action-publish": "action-publish",
        }
    )
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    field = FormField.objects.get(page=page, label="How did you hear about us?")
    assert field.clean_name == "how_did_you_hear_about_us" and not field.required
    assert "How did you hear about us?" in client.get(page.url).content.decode()


@pytest.mark.parametrize(("kind", "key"), [("application", "cv"), ("support", "email")])
def test_editor_cannot_remove_a_field_the_kind_needs(client, moderator, kind, key):
    page = form_page(kind)
    client.force_login(moderator)
    data = edit_form(client, page)
    data[field_prefix(data, key) + "DELETE"] = "1"
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "it cannot be removed" in response.content.decode()
    assert FormField.objects.filter(page=page, system_key=key).exists()


def test_editor_cannot_make_the_cv_optional(client, moderator):
    page = form_page("application")
    client.force_login(moderator)
    data = edit_form(client, page)
    data.pop(field_prefix(data, "cv") + "required", None)
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "must stay required and of its type" in response.content.decode()
    assert FormField.objects.get(page=page, system_key="cv").required


def test_a_form_cannot_be_published_without_a_purpose(client, moderator):
    page = form_page("delivery")
    moderator.user_permissions.add(Permission.objects.get(codename="change_purpose_rules"))
    client.force_login(moderator)
    data = edit_form(client, page)
    data["purpose"] = ""
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "A form cannot be published without a purpose." in response.content.decode()
    page.refresh_from_db()
    assert page.purpose_id is not None


def test_a_new_form_page_starts_with_the_fields_of_its_kind(client, moderator):
    careers = Page.objects.get(slug="careers")
    # Choosing the purpose of a form is the privacy officer's call.
    moderator.user_permissions.add(Permission.objects.get(codename="change_purpose_rules"))
    client.force_login(moderator)
    html = client.get(f"/admin/pages/add/forms/applicationformpage/{careers.pk}/").content.decode()
    data = form_values(html, "page-edit-form")
    keys = {
        value
        for name, value in data.items()
        if name.endswith("-system_key") and "__prefix__" not in name
    }
    assert keys == {"last_name", "first_name", "email", "phone", "cv", "cover_letter", "message"}
    data.update({"title": "Apply (internships)", "slug": "apply-internships"})
    data["purpose"] = str(form_page("application").purpose_id)
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/add/forms/applicationformpage/{careers.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ApplicationFormPage.objects.get(slug="apply-internships")
    assert set(page.form_fields.values_list("clean_name", flat=True)) == keys


def test_a_new_form_page_in_french_starts_with_french_questions(client, moderator):
    carrieres = Page.objects.get(slug="carrieres")
    client.force_login(moderator)
    url = f"/admin/pages/add/forms/applicationformpage/{carrieres.pk}/"
    data = form_values(client.get(url).content.decode(), "page-edit-form")
    labels = {
        data[name.replace("-system_key", "-label")]: value
        for name, value in data.items()
        if name.endswith("-system_key") and "__prefix__" not in name
    }
    assert labels["Nom"] == "last_name" and labels["Lettre de motivation"] == "cover_letter"
    assert "Last name" not in labels
    help_texts = {v for n, v in data.items() if n.endswith("-help_text")}
    assert "PDF, DOCX ou ODT, 5 Mo au maximum." in help_texts
    # In English, as before.
    careers = Page.objects.get(slug="careers")
    english = form_values(
        client.get(f"/admin/pages/add/forms/applicationformpage/{careers.pk}/").content.decode(),
        "page-edit-form",
    )
    assert "Last name" in english.values()


def test_translating_a_form_keeps_the_answer_keys(django_capture_on_commit_callbacks, home_en):
    from forms.models import ContactFormPage
    from privacy.models import Purpose

    page = ContactFormPage(
        title="Trade fair",
        slug="trade-fair",
        purpose=Purpose.objects.get(key="prospects", locale__language_code="en"),
    )
    home_en.add_child(instance=page)
    page.save_revision().publish()
    french = Locale.objects.get(language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(page, [french])
    translated = page.get_translation(french).specific
    english_names = list(page.form_fields.values_list("clean_name", flat=True))
    assert list(translated.form_fields.values_list("clean_name", flat=True)) == english_names
    assert translated.purpose.locale == french  # the French purpose, for the French notice


def test_form_page_listing_of_kinds_for_editors():
    creatable = {model.__name__ for model in FormPage.__subclasses__() if model.is_creatable}
    assert creatable == {
        "ContactFormPage",
        "ProjectFormPage",
        "SupportFormPage",
        "RepairFormPage",
        "DeliveryFormPage",
        "ApplicationFormPage",
    }


def test_seed_has_six_forms_in_both_languages():
    for kind in ("contact", "project", "support", "repair", "delivery", "application"):
        for language in ("en", "fr"):
            page = form_page(kind, language)
            assert page.live and page.purpose is not None


@pytest.mark.parametrize("field", ["purpose", "marketing_purpose"])
def test_an_editor_cannot_re_route_a_form_to_another_purpose(client, moderator, field):
    """The purpose of a form decides which staff group reads what it collects: an
    editor who may publish pages re-routed the job applications to Marketing, whose
    member then read the CVs. Only the privacy officer chooses it."""
    from privacy.models import Purpose

    page = form_page("application")
    before = (page.purpose_id, page.marketing_purpose_id)
    marketing = Purpose.objects.get(key="newsletter", locale__language_code="en")
    client.force_login(moderator)
    data = edit_form(client, page)
    data[field] = str(marketing.pk)
    data["action-publish"] = "action-publish"
    client.post(f"/admin/pages/{page.pk}/edit/", data)
    page = form_page("application")
    assert (page.purpose_id, page.marketing_purpose_id) == before
    latest = page.get_latest_revision_as_object()
    assert (latest.purpose_id, latest.marketing_purpose_id) == before


def test_a_new_form_page_gets_its_purpose_from_the_privacy_officer(client, moderator):
    from privacy.models import Purpose

    careers = Page.objects.get(slug="careers")
    url = f"/admin/pages/add/forms/applicationformpage/{careers.pk}/"
    client.force_login(moderator)
    data = form_values(client.get(url).content.decode(), "page-edit-form")
    marketing = Purpose.objects.get(key="audience-measurement", locale__language_code="en")
    data.update({"title": "Apply now", "slug": "apply-now", "purpose": str(marketing.pk)})
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "A form cannot be published without a purpose." in response.content.decode()
    assert not ApplicationFormPage.objects.filter(slug="apply-now").exists()


def test_the_privacy_officer_changes_a_forms_purpose(client, moderator):
    from privacy.models import Purpose

    moderator.user_permissions.add(Permission.objects.get(codename="change_purpose_rules"))
    page = form_page("application")
    support = Purpose.objects.get(key="customer-relations", locale__language_code="en")
    client.force_login(moderator)
    data = edit_form(client, page)
    data["purpose"] = str(support.pk)
    data["action-publish"] = "action-publish"
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert form_page("application").purpose_id == support.pk


def test_reverting_to_an_old_revision_keeps_the_current_purpose(client, moderator):
    """A revision saved when the form had another purpose: an editor who reverts to
    it gets its wording back, not its routing."""
    from privacy.models import Purpose

    page = form_page("application")
    recruitment = page.purpose_id
    page.purpose = Purpose.objects.get(key="newsletter", locale__language_code="en")
    old = page.save_revision()
    page = form_page("application")
    page.purpose_id = recruitment
    page.save_revision().publish()
    client.force_login(moderator)
    url = f"/admin/pages/{page.pk}/revisions/{old.pk}/revert/"
    data = form_values(client.get(url).content.decode(), "page-edit-form")
    data["action-publish"] = "action-publish"
    client.post(url, data)
    page = form_page("application")
    assert page.purpose_id == recruitment
    assert page.get_latest_revision_as_object().purpose_id == recruitment


def test_an_editors_new_form_is_published_with_the_purpose_the_privacy_officer_chose(
    client, moderator, officer
):
    """Editors draft a form, the privacy officer (who may edit pages, not publish
    them) sets its purpose on the draft, and an editor publishes it with that purpose."""
    from privacy.models import Purpose

    careers = Page.objects.get(slug="careers", locale__language_code="en")
    client.force_login(moderator)
    url = f"/admin/pages/add/forms/applicationformpage/{careers.pk}/"
    data = form_values(client.get(url).content.decode(), "page-edit-form")
    data.update({"title": "Apply now", "slug": "apply-now"})
    assert client.post(url, data).status_code == 302  # a draft
    draft = ApplicationFormPage.objects.get(slug="apply-now")
    assert not draft.live

    client.force_login(officer)
    recruitment = Purpose.objects.get(key="recruitment", locale__language_code="en")
    data = edit_form(client, draft)
    data["purpose"] = str(recruitment.pk)
    assert client.post(f"/admin/pages/{draft.pk}/edit/", data).status_code == 302
    data["action-publish"] = "action-publish"
    client.post(f"/admin/pages/{draft.pk}/edit/", data)
    assert not ApplicationFormPage.objects.get(pk=draft.pk).live  # not theirs to publish

    client.force_login(moderator)
    data = edit_form(client, draft)
    data["action-publish"] = "action-publish"
    assert client.post(f"/admin/pages/{draft.pk}/edit/", data).status_code == 302
    page = ApplicationFormPage.objects.get(pk=draft.pk)
    assert page.live and page.purpose_id == recruitment.pk
