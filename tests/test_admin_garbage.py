"""Garbage posted by staff to every admin POST endpoint of forms/ and privacy/ never
gives a 500 and changes nothing: wrong types, missing fields, huge values, unknown or
out-of-range ids, negative numbers, non-UTF-8 bytes."""

import json

import pytest
from django.apps import apps
from django.core import serializers
from django.utils import timezone

from forms.models import NewsletterIssue, Submission
from privacy.models import CookieGroupDeclaration, DataRequest, Person, PolicyPage, Purpose
from privacy.people.requests import data_request_create
from tests.forms.conftest import form_page, valid_data

pytestmark = pytest.mark.django_db

UNKNOWN_IDS = ["999999", "9223372036854775808", "99999999999999999999999"]
HUGE = "x" * 100_000
TOO_BIG = "y" * (3 * 1024 * 1024)  # above DATA_UPLOAD_MAX_MEMORY_SIZE

# Values any field may receive instead of what it expects.
WRONG = ["abc", "-1", "0", "1.5", "1e9", "", " ", "\x00", "9" * 40, HUGE, "<script>", "é" * 300]


@pytest.fixture
def world(client, django_capture_on_commit_callbacks):
    """A person with a submission, an open data request and a subscription."""
    page = form_page("contact")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            page.url, valid_data(page, email="garbage.target@example.com", marketing_consent="on")
        )
    assert response.status_code == 302
    person = Person.objects.get(email="garbage.target@example.com")
    data_request_create(
        person=person,
        email=person.email,
        kind=DataRequest.Kind.ERASURE,
        language="en",
        details="Erase me",
    )
    return {
        "person": person.pk,
        "request": DataRequest.objects.get().pk,
        "submission": Submission.objects.get().pk,
        "policy": PolicyPage.objects.filter(locale__language_code="en").first().pk,
        "purpose": Purpose.objects.first().pk,
        "cookie_group": CookieGroupDeclaration.objects.first().pk,
        "issue": NewsletterIssue.objects.first().pk,
        "form_page": page.pk,
    }


def snapshot() -> dict[str, str]:
    """Every row of every model of forms/ and privacy/ (and the pages), serialized."""
    rows = {}
    models = [
        *apps.get_app_config("forms").get_models(),
        *apps.get_app_config("privacy").get_models(),
    ]
    for model in models:
        queryset = model._default_manager.order_by("pk")
        rows[model._meta.label] = serializers.serialize("json", queryset)
    from wagtail.models import Page, Revision

    rows["pages"] = json.dumps(list(Page.objects.order_by("pk").values_list("pk", "live", "title")))
    rows["revisions"] = str(Revision.objects.count())
    return rows


# A form whose fields are all optional free text (rectify) accepts "abc" as a real
# correction: its garbage always comes with an invalid address.
POISON = {"rectify": {"email": "not-an-address"}}


def endpoints(ids) -> dict[str, list[str]]:
    """Every admin URL of forms/ and privacy/ that accepts a POST, with the names of the
    fields it reads."""
    return {
        "/admin/privacy/people/": ["q"],
        f"/admin/privacy/people/{ids['person']}/erase/": ["request_reference"],
        f"/admin/privacy/people/{ids['person']}/rectify/": ["email", "first_name", "last_name"],
        "/admin/privacy/requests/new/": ["email", "kind", "language", "details"],
        f"/admin/privacy/requests/{ids['request']}/extend/": ["months", "reason"],
        f"/admin/privacy/requests/{ids['request']}/send-export/": ["export"],
        f"/admin/privacy/policies/{ids['policy']}/new-version/": ["effective_date", "is_material"],
        f"/admin/snippets/privacy/purpose/edit/{ids['purpose']}/": [
            "name",
            "legal_basis",
            "retention_value",
            "retention_unit",
            "retention_event",
            "staff_group",
        ],
        f"/admin/snippets/privacy/cookiegroupdeclaration/edit/{ids['cookie_group']}/": [
            "name",
            "varname",
            "ordering",
        ],
        "/admin/snippets/privacy/purpose/add/": ["name", "legal_basis", "staff_group"],
        f"/admin/newsletter-subscribers/issues/{ids['issue']}/send/": ["language"],
        "/admin/snippets/forms/newsletterissue/add/": ["title", "subject"],
        f"/admin/snippets/forms/newsletterissue/edit/{ids['issue']}/": ["title", "subject"],
        f"/admin/forms/submissions/{ids['form_page']}/delete/": ["selected-submissions"],
    }


# Endpoints that act on any POST at all: only their unknown ids are garbage.
ACT_ON_ANY_POST = [
    "/admin/privacy/people/{x}/export/",
    "/admin/privacy/people/{x}/erase/",
    "/admin/privacy/people/{x}/rectify/",
    "/admin/privacy/policies/{x}/new-version/",
    "/admin/privacy/requests/{x}/extend/",
    "/admin/privacy/requests/{x}/send-export/",
    # Any text is an answer or a refusal's reason: only their unknown ids are garbage.
    "/admin/privacy/requests/{x}/answer/",
    "/admin/privacy/requests/{x}/refuse/",
    "/admin/snippets/privacy/purpose/delete/{x}/",
    "/admin/snippets/privacy/cookiegroupdeclaration/delete/{x}/",
    "/admin/snippets/forms/newsletterissue/delete/{x}/",
    "/admin/newsletter-subscribers/issues/{x}/send/",
    "/admin/forms/submissions/{x}/delete/",
]


def payloads(url: str, fields: list[str]):
    yield {}  # every field missing
    poison = next((data for key, data in POISON.items() if f"/{key}/" in url), {})
    for value in WRONG:
        yield {**dict.fromkeys(fields, value), **poison}
    for field in fields:
        for value in ("abc", "-5", UNKNOWN_IDS[1], HUGE):
            yield {field: value, **poison}
        yield {field: ["1", "2", "abc"], **poison}  # a list where one value is expected


def assert_no_500_and_nothing_changed(client, url, data, before, **extra):
    response = client.post(url, data, **extra)
    assert response.status_code < 500, (url, str(data)[:80])
    assert snapshot() == before, (url, str(data)[:80])


def test_garbage_fields_give_no_500_and_change_nothing(admin_client, world):
    before = snapshot()
    for url, fields in endpoints(world).items():
        for data in payloads(url, fields):
            assert_no_500_and_nothing_changed(admin_client, url, data, before)


def test_unknown_and_out_of_range_ids_give_no_500_and_change_nothing(admin_client, world):
    before = snapshot()
    for pattern in ACT_ON_ANY_POST:
        for unknown in UNKNOWN_IDS:
            assert_no_500_and_nothing_changed(admin_client, pattern.format(x=unknown), {}, before)
    for value in ["abc", "-1", "0", *UNKNOWN_IDS, "1%20OR%201=1", ""]:
        assert_no_500_and_nothing_changed(
            admin_client, f"/admin/privacy/requests/{value}/extend/", {}, before
        )


def test_bodies_too_big_or_not_utf8_give_no_500_and_change_nothing(admin_client, world):
    before = snapshot()
    for url, fields in endpoints(world).items():
        assert_no_500_and_nothing_changed(admin_client, url, {fields[0]: TOO_BIG}, before)
        raw = "&".join(f"{field}=%ff%fe%00" for field in fields).encode() + b"&x=\xff\xfe"
        response = admin_client.post(url, raw, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, url
        assert snapshot() == before, url


def test_a_real_extension_still_extends(admin_client, world):
    """The other side of the pair: a valid id still does what it should."""
    request = DataRequest.objects.get(pk=world["request"])
    response = admin_client.post(
        f"/admin/privacy/requests/{request.pk}/extend/", {"months": "2", "reason": "Busy"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.extended and request.deadline > timezone.now()
