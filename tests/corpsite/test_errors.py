"""404 and 500 pages in both languages."""

from unittest import mock

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "language", "text"),
    [
        ("/en/no-such-page/", "en", "Page not found"),
        ("/fr/page-inexistante/", "fr", "Page introuvable"),
    ],
)
def test_404_in_the_visitors_language(client, url, language, text):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert text in html
    assert f'href="/{language}/"' in html  # back to the home page of that language


@pytest.mark.parametrize(
    ("url", "language", "text"),
    [
        ("/en/", "en", "Something went wrong on our side"),
        ("/fr/", "fr", "Une erreur s'est produite de notre côté"),
    ],
)
def test_500_in_the_visitors_language(client, url, language, text):
    client.raise_request_exception = False
    with mock.patch("pages.models.HomePage.serve", side_effect=RuntimeError("boom")):
        response = client.get(url)
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert text in html


def test_error_emails_to_admins_leave_out_query_strings_and_file_names(
    client, settings, mailoutbox
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.ADMINS = [("Ops", "ops@tevenn.example")]
    client.raise_request_exception = False
    with mock.patch("pages.models.HomePage.serve", side_effect=RuntimeError("boom")):
        response = client.post(
            "/en/?email=ana.secret@example.com",
            {"cv": SimpleUploadedFile("cv-ana-secret.pdf", b"%PDF")},
            HTTP_REFERER="http://testserver/en/search/?q=ana.secret",
        )
    assert response.status_code == 500
    [report] = mailoutbox
    assert report.to == ["ops@tevenn.example"] and "RuntimeError" in report.body
    html = report.alternatives[0][0] if report.alternatives else ""
    for text in (report.subject, report.body, html):
        assert "ana.secret" not in text
        assert "cv-ana-secret" not in text
