"""reCAPTCHA (faked at its client: nothing calls Google), client address, truncation."""

import json
import re
from unittest import mock
from urllib.error import URLError

import pytest
from django_recaptcha.client import RecaptchaResponse

from forms.models import Submission
from tests.forms.conftest import form_page, valid_data

pytestmark = pytest.mark.django_db

SUBMIT = "django_recaptcha.fields.client.submit"


@pytest.fixture
def recaptcha_keys(settings):
    settings.RECAPTCHA_PUBLIC_KEY = "public-key-for-tests"
    settings.RECAPTCHA_PRIVATE_KEY = "private-key-for-tests"


def test_recaptcha_valid(submit, recaptcha_keys, outbox):
    page = form_page("contact")
    with mock.patch(SUBMIT, return_value=RecaptchaResponse(is_valid=True)) as fake:
        response = submit(
            page,
            valid_data(page, **{"g-recaptcha-response": "token"}),
            REMOTE_ADDR="192.0.2.5",
            HTTP_X_FORWARDED_FOR="6.6.6.6",
        )
    assert response.status_code == 302
    assert Submission.objects.count() == 1
    # The address sent to Google is the one we trust, not a forged X-Forwarded-For.
    assert fake.call_args.kwargs["remoteip"] == "192.0.2.5"


def test_recaptcha_invalid(submit, recaptcha_keys):
    page = form_page("contact", "fr")
    with mock.patch(SUBMIT, return_value=RecaptchaResponse(is_valid=False, error_codes=["x"])):
        response = submit(page, valid_data(page, **{"g-recaptcha-response": "token"}))
    assert response.status_code == 400
    assert "La vérification anti-spam a échoué." in response.content.decode()
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    "error",
    [
        URLError("down"),
        TimeoutError(),
        ConnectionRefusedError(),
        json.JSONDecodeError("garbled reply", "<html>", 0),
    ],
)
def test_recaptcha_outage_is_a_translated_error_not_a_500(submit, recaptcha_keys, error):
    page = form_page("contact", "fr")
    with mock.patch(SUBMIT, side_effect=error):
        response = submit(page, valid_data(page, **{"g-recaptcha-response": "token"}))
    assert response.status_code == 400
    assert "La vérification anti-spam est indisponible." in response.content.decode()
    assert Submission.objects.count() == 0


def test_recaptcha_script_only_on_form_pages_and_allowed_by_the_policy(client, recaptcha_keys):
    form = client.get(form_page("support").url)
    assert "https://www.google.com/recaptcha/api.js" in form.content.decode()
    assert "https://www.google.com/recaptcha/" in form["Content-Security-Policy"]
    home = client.get("/en/")
    assert "recaptcha" not in home.content.decode()
    assert "recaptcha" not in home["Content-Security-Policy"]


def test_no_recaptcha_without_keys(client):
    html = client.get(form_page("support").url).content.decode()
    assert "recaptcha" not in html


def test_recaptcha_widget_has_no_inline_script(client, recaptcha_keys):
    from tests.corpsite.test_csp import problems

    html = client.get(form_page("support").url).content.decode()
    # Only reCAPTCHA's own script comes from elsewhere; no inline script, no handler.
    assert problems(html) == ["asset from another host"]
    external = re.findall(r'<script[^>]+src="(https?://[^"]+)"', html)
    assert external == ["https://www.google.com/recaptcha/api.js"]
