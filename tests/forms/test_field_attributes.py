"""What the browser is told about each field: autocomplete tokens on the person's
fields (WCAG 1.3.5) and empty choices that say what to do, in both languages."""

import re

import pytest

pytestmark = pytest.mark.django_db


def tag_of(html: str, tag: str, name: str) -> str:
    match = re.search(rf'<{tag}\b[^>]*\bname="{name}"[^>]*>', html)
    assert match, name
    return match.group(0)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "/en/contact/",
            {
                ("input", "last_name"): "family-name",
                ("input", "first_name"): "given-name",
                ("input", "email"): "email",
                ("input", "phone"): "tel",
                ("input", "company"): "organization",
            },
        ),
        (
            "/fr/reparation-et-support/demande-de-reparation/",
            {
                ("textarea", "return_address"): "street-address",
                ("select", "return_country"): "country",
                ("input", "email"): "email",
            },
        ),
        ("/en/careers/apply/", {("input", "phone"): "tel", ("input", "given_name"): None}),
    ],
)
def test_personal_fields_carry_their_autocomplete_token(client, path, expected):
    html = client.get(path).content.decode()
    for (tag, name), token in expected.items():
        if token is None:
            assert f'name="{name}"' not in html
            continue
        assert f'autocomplete="{token}"' in tag_of(html, tag, name), name


def test_a_field_not_about_the_person_has_no_token(client):
    html = client.get("/en/contact/").content.decode()
    assert "autocomplete" not in tag_of(html, "textarea", "message")
    assert "autocomplete" not in tag_of(html, "select", "sector")


def test_empty_choices_say_what_to_do_translated(client):
    english = client.get("/en/repair-and-support/repair-request/").content.decode()
    french = client.get("/fr/reparation-et-support/demande-de-reparation/").content.decode()
    for html in (english, french):
        assert "---------" not in html
    assert '<option value="" selected>Choose an answer</option>' in english
    assert '<option value="" selected>Choose a country</option>' in english
    assert '<option value="" selected>Choisissez une réponse</option>' in french
    assert '<option value="" selected>Choisissez un pays</option>' in french


def test_a_required_select_still_refuses_its_empty_choice(client):
    from forms.builder import build_form_class
    from tests.conftest import page_by_slug

    page = page_by_slug("repair-request", "en")
    form = build_form_class(page)(data={"product": "", "return_country": ""})
    assert not form.is_valid()
    assert "product" in form.errors
    assert "return_country" in form.errors
