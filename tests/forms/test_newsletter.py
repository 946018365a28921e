"""Newsletter: double opt-in, one-click unsubscribe, nothing kept after leaving."""

import re
from datetime import timedelta
from html import unescape
from unittest import mock

import pytest
from django.core import signing
from django.core.management import call_command
from django.utils import timezone

from forms.models import NewsletterIssue, NewsletterPage, NewsletterSuppression, Subscription
from forms.newsletter.services import subscribers_import, subscriptions_purge_unconfirmed
from forms.newsletter.tokens import confirm_token, manage_token
from privacy.models import Consent, Person, email_hmac
from privacy.selectors import policy_in_force
from tests.factories import SubscriptionFactory

pytestmark = pytest.mark.django_db

EMAIL = "lea.dupont@example.com"


def newsletter_page(language="en") -> NewsletterPage:
    return NewsletterPage.objects.get(locale__language_code=language)


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    def post(language="en", email=EMAIL, **extra):
        page = newsletter_page(language)
        data = {"email": email, "language": language, "consent": "on", **extra}
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(page.url, data)

    return post


def link_in(message, name: str) -> str:
    match = re.search(rf"(http://testserver/\S*{name}\S*\?token=\S+)", message.body)
    assert match, message.body
    return match.group(1).replace("http://testserver", "")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_full_round_trip(client, sign_up, language, mailoutbox):
    # 1. Sign up: a pending subscription, a consent row, a confirmation email.
    response = sign_up(language)
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.status == "pending" and subscription.language == language
    consent = Consent.objects.get()
    assert consent.wording == subscription.consent.purpose.consent_wording
    assert consent.policy_version == policy_in_force(language=language).version
    assert consent.given and consent.given_at and consent.confirmed_at is None
    assert len(mailoutbox) == 1
    confirmation = mailoutbox[0]
    assert confirmation.to == [EMAIL]
    expected = "Confirmez" if language == "fr" else "Confirm"
    assert confirmation.subject.startswith(expected)

    # 2. The link: a page with one button; the POST confirms.
    url = link_in(confirmation, "confirm")
    page = client.get(url)
    assert page.status_code == 200 and Subscription.objects.get().status == "pending"
    assert client.post(url).status_code == 200
    subscription.refresh_from_db()
    consent.refresh_from_db()
    assert subscription.status == "confirmed" and subscription.confirmed_at
    assert consent.confirmed_at == subscription.confirmed_at
    assert consent.given_at < consent.confirmed_at

    # 3. An issue, in the subscriber's language, with RFC 8058 headers.
    issue = NewsletterIssue.objects.get(locale__language_code="en")
    mailoutbox.clear()
    call_command("send_newsletter", issue.pk, language=language, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == issue.get_translation(subscription.consent.purpose.locale).subject
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in message.body  # and a visible link too

    # 4. One-click unsubscribe: the mail provider's POST alone, no cookie, no CSRF token.
    from django.test import Client

    provider = Client(enforce_csrf_checks=True)
    response = provider.post(
        unsubscribe.replace("http://testserver", ""),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200

    # 5. Nothing kept but a keyed hash of the address.
    assert Subscription.objects.count() == 0
    assert Consent.objects.count() == 0
    assert Person.objects.count() == 0
    assert list(NewsletterSuppression.objects.values_list("email_hmac", flat=True)) == [
        email_hmac(EMAIL)
    ]
    assert EMAIL not in str(list(NewsletterSuppression.objects.values()))


def test_unsubscribe_page_shows_one_button_and_get_changes_nothing(client, sign_up, mailoutbox):
    sign_up()
    subscription = Subscription.objects.get()
    url = f"/en/newsletter/unsubscribe/?token={manage_token(subscription)}"
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('type="submit"') >= 1
    assert Subscription.objects.count() == 1
    assert client.post(url).status_code == 200
    assert Subscription.objects.count() == 0


@pytest.mark.parametrize("view", ["confirm", "unsubscribe", "preferences"])
def test_tampered_tokens_get_a_clear_page_and_change_nothing(client, sign_up, view, mailoutbox):
    sign_up()
    subscription = Subscription.objects.get()
    token = confirm_token(subscription) if view == "confirm" else manage_token(subscription)
    for forged in (token[:-3] + "abc", "nonsense", "", signing.dumps({"s": subscription.pk})):
        for method in ("get", "post"):
            response = getattr(client, method)(
                f"/fr/lettre-information/{_path(view)}/?token={forged}"
            )
            assert response.status_code == 400
            assert "Ce lien n'est pas valide" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == "pending" and Subscription.objects.count() == 1


def _path(view: str) -> str:
    return {"confirm": "confirmer", "unsubscribe": "desinscription", "preferences": "preferences"}[
        view
    ]


def test_expired_confirmation_link(client, sign_up, mailoutbox):
    sign_up(language="fr")
    url = link_in(mailoutbox[0], "confirmer")
    later = timezone.now() + timedelta(days=8)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.post(url)
    assert response.status_code == 410
    assert "Ce lien a expiré" in response.content.decode()
    assert Subscription.objects.get().status == "pending"


def test_a_used_confirmation_link_after_a_resend_is_invalid(client, sign_up, mailoutbox):
    sign_up()
    first = link_in(mailoutbox[0], "confirm")
    sign_up()  # again while pending: a fresh link
    assert client.post(first).status_code == 400
    assert client.post(link_in(mailoutbox[1], "confirm")).status_code == 200


def test_signing_up_again_while_pending_resends_without_duplicates(client, sign_up, mailoutbox):
    first = sign_up()
    second = sign_up(email=" Lea.Dupont@Example.com ")
    assert Subscription.objects.count() == 1 and Person.objects.count() == 1
    assert Consent.objects.count() == 1
    assert len(mailoutbox) == 2
    assert first["Location"] == second["Location"]


def test_signing_up_while_confirmed_leaks_nothing(client, sign_up, mailoutbox):
    new = sign_up(email="someone.else@example.com")
    new_page = client.get(new["Location"]).content.decode()
    sign_up()
    client.post(link_in(mailoutbox[-1], "confirm"))
    mailoutbox.clear()
    again = sign_up()
    again_page = client.get(again["Location"]).content.decode()
    # The visitor sees exactly the same thing as for a new address...
    assert again["Location"] == new["Location"]
    assert _main(again_page) == _main(new_page)
    # ...and only the address's owner is told, by email.
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [EMAIL]
    assert "already subscribed" in mailoutbox[0].subject
    assert mailoutbox[0].extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mailoutbox[0].extra_headers["List-Unsubscribe"].startswith("<http://testserver/")
    assert Subscription.objects.filter(person__email=EMAIL).get().status == "confirmed"


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_unconfirmed_sign_ups_are_deleted_after_the_link_expires(sign_up, mailoutbox):
    sign_up()
    assert subscriptions_purge_unconfirmed() == 0
    later = timezone.now() + timedelta(days=7, minutes=1)
    assert subscriptions_purge_unconfirmed(now=later) == 1
    assert Subscription.objects.count() == 0 and Person.objects.count() == 0
    assert Consent.objects.count() == 0
    assert NewsletterSuppression.objects.count() == 0  # never subscribed: nothing to keep
    from privacy.models import PersonalDataLogEntry

    entry = PersonalDataLogEntry.objects.get(action="privacy.purge")
    assert entry.data["subject"] == email_hmac(EMAIL) and EMAIL not in entry.label


def test_unsubscribing_keeps_form_submissions_and_marks_their_box_withdrawn(
    client, sign_up, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.forms.conftest import form_page, valid_data

    page = form_page("contact")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(page.url, valid_data(page, email=EMAIL, marketing_consent="on"))
    sign_up()
    client.post(link_in(mailoutbox[-1], "confirm"))
    subscription = Subscription.objects.get()
    client.post(f"/en/newsletter/unsubscribe/?token={manage_token(subscription)}")
    assert Person.objects.filter(email=EMAIL).exists()  # the contact request remains
    box = Consent.objects.get(person__email=EMAIL)
    from forms.models import Submission

    assert box.record == Submission.objects.get() and box.withdrawn_at is not None


def test_preferences_change_language(client, sign_up, mailoutbox):
    sign_up()
    subscription = Subscription.objects.get()
    url = f"/en/newsletter/preferences/?token={manage_token(subscription)}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"language": "fr"})
    assert "Your preferences are saved." in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.language == "fr"


def test_import_cannot_add_back_a_suppressed_address(client, sign_up, mailoutbox):
    sign_up()
    client.post(link_in(mailoutbox[-1], "confirm"))
    subscription = Subscription.objects.get()
    client.post(f"/en/newsletter/unsubscribe/?token={manage_token(subscription)}")
    result = subscribers_import(
        rows=[{"email": "LEA.DUPONT@example.com"}, {"email": "new@example.com"}],
        source="old platform",
        language="en",
    )
    assert (result.created, result.suppressed) == (1, 1)
    assert not Person.objects.filter(email=EMAIL).exists()


def test_subscribing_again_after_leaving_is_allowed_by_its_owner(client, sign_up, mailoutbox):
    sign_up()
    client.post(link_in(mailoutbox[-1], "confirm"))
    client.post(f"/en/newsletter/unsubscribe/?token={manage_token(Subscription.objects.get())}")
    sign_up()
    client.post(link_in(mailoutbox[-1], "confirm"))
    assert Subscription.objects.get().status == "confirmed"
    assert NewsletterSuppression.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"consent": ""}, "Please tick this box to subscribe."),
        ({"email": "lea@"}, "Enter a valid email address."),
        ({"website": "spam"}, "Your message could not be sent."),
    ],
)
def test_bad_sign_ups_store_nothing(client, data, message, mailoutbox):
    page = newsletter_page()
    payload = {"email": EMAIL, "language": "en", "consent": "on", **data}
    response = client.post(page.url, {k: v for k, v in payload.items() if v})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Subscription.objects.count() == 0 and Person.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Too many sign-ups were sent from your network."),
        ("fr", "Trop d'inscriptions ont été envoyées depuis votre réseau."),
    ],
)
def test_sign_up_is_rate_limited_by_its_own_setting(
    client, settings, sign_up, mailoutbox, language, message
):
    settings.FORMS_RATE_LIMIT = "0/600"  # the forms' limit is another one
    settings.NEWSLETTER_RATE_LIMIT = "1/600"
    assert sign_up(language).status_code == 302
    assert len(mailoutbox) == 1
    limited = sign_up(language, email="other@example.com")
    assert limited.status_code == 429
    assert message in unescape(limited.content.decode())
    # Nothing stored, nothing sent for the refused sign-up.
    assert Subscription.objects.count() == 1 and Person.objects.count() == 1
    assert Consent.objects.count() == 1
    assert len(mailoutbox) == 1


def test_footer_sign_up_without_headers_is_rate_limited(
    client, settings, mailoutbox, django_capture_on_commit_callbacks
):
    # The footer's form carries no token, and a POST without Origin or Sec-Fetch-Site
    # passes the origin check: the limit per address is what stops a robot.
    settings.NEWSLETTER_RATE_LIMIT = "2/600"
    statuses = []
    for number in range(4):
        data = {"email": f"robot{number}@example.com", "language": "fr", "consent": "on"}
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/fr/lettre-information/inscription/", data)
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429, 429]
    message = "Trop d'inscriptions ont été envoyées depuis votre réseau."
    assert message in unescape(response.content.decode())
    assert Subscription.objects.count() == 2 and len(mailoutbox) == 2


def test_footer_block_on_every_page_in_both_languages(client):
    for url, action, wording in (
        ("/en/", "/en/newsletter/subscribe/", "I agree to receive the Tevenn Devices newsletter"),
        ("/fr/produits/", "/fr/lettre-information/inscription/", "accepte de recevoir la lettre"),
    ):
        html = client.get(url).content.decode()
        assert f'<form class="footer-newsletter__form" method="post" action="{action}">' in html
        assert wording in html
        from tests.html_forms import ticked_boxes

        assert 'name="consent" required>' in html and ticked_boxes(html) == []


def test_the_footer_asks_for_the_newsletter_language(client, django_capture_on_commit_callbacks):
    html = client.get("/fr/").content.decode()
    assert '<option value="en" lang="en">English</option>' in html
    assert '<option value="fr" lang="fr" selected>Français</option>' in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/fr/lettre-information/inscription/",
            {"email": EMAIL, "language": "en", "consent": "on"},
        )
    assert Subscription.objects.get().language == "en"


def test_editors_place_the_sign_up_block_in_a_page(client):
    from pages.models import ContentPage

    page = ContentPage.objects.filter(locale__language_code="fr").live().first()
    page.body.append(("newsletter_signup", None))
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert 'id="block-newsletter-email"' in html and 'id="footer-newsletter-email"' in html
    assert html.count('action="/fr/lettre-information/inscription/"') == 2
    assert "accepte de recevoir la lettre" in html.split('id="block-newsletter-title"', 1)[1]


def test_the_footer_form_posts_without_a_token_from_the_site_only(
    django_capture_on_commit_callbacks, mailoutbox
):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    html = browser.get("/fr/").content.decode()
    assert "csrfmiddlewaretoken" not in html  # the same page for everyone
    data = {"email": EMAIL, "language": "fr", "consent": "on"}
    url = "/fr/lettre-information/inscription/"
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}):
        refused = browser.post(url, data, headers=headers)
        assert refused.status_code == 403
        assert "ne peut être envoyé que depuis nos propres pages" in refused.content.decode()
    assert Subscription.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(url, data, headers={"Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 302
    assert response["Location"] == "/fr/lettre-information/merci/"
    assert Subscription.objects.get().language == "fr" and len(mailoutbox) == 1
    # Bad input meets the form again, with its errors, in French.
    response = browser.post(
        url, {"email": "nope", "language": "fr"}, headers={"Origin": "http://testserver"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Saisissez une adresse de courriel valide." in html
    assert "Cochez cette case pour vous abonner." in html


def test_send_in_batches_only_to_confirmed_subscribers_of_the_language(mailoutbox):
    rows = [{"email": f"s{i}@example.com", "language": "fr"} for i in range(5)]
    subscribers_import(rows=rows, source="test", language="fr")
    subscribers_import(rows=[{"email": "en@example.com"}], source="test", language="en")
    SubscriptionFactory(person__email="pending@example.com", language="fr")
    issue = NewsletterIssue.objects.get(locale__language_code="en")
    from io import StringIO

    out = StringIO()
    call_command("send_newsletter", issue.pk, language="fr", batch_size=2, stdout=out)
    assert {m.to[0] for m in mailoutbox} == {f"s{i}@example.com" for i in range(5)}
    assert "2/5 sent" in out.getvalue() and "4/5 sent" in out.getvalue()
    assert "5/5 sent" in out.getvalue()
    assert all(m.subject.startswith("Nouvelles de Tevenn") for m in mailoutbox)


class RefusesOneAddress:
    """A mail server that refuses one recipient and accepts the others."""

    def __init__(self, refused, down_after=None):
        self.refused, self.sent, self.down_after = refused, [], down_after
        self.sessions = 0

    def __enter__(self):
        self.sessions += 1
        return self

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        import smtplib

        for message in messages:
            if self.down_after is not None and len(self.sent) >= self.down_after:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            if message.to == [self.refused]:
                raise smtplib.SMTPRecipientsRefused({self.refused: (550, b"no such user")})
            self.sent.append(message)
        return len(messages)


def test_one_refused_address_does_not_stop_the_sending(caplog):
    from forms.newsletter.sending import newsletter_send_run, newsletter_send_start

    rows = [{"email": f"s{i}@example.com", "language": "fr"} for i in range(4)]
    subscribers_import(rows=rows, source="test", language="fr")
    issue = NewsletterIssue.objects.get(locale__language_code="en")
    server = RefusesOneAddress("s1@example.com")
    with mock.patch("forms.newsletter.sending.get_connection", return_value=server):
        send = newsletter_send_run(
            send=newsletter_send_start(issue=issue, language="fr"), batch_size=3
        )
    send.refresh_from_db()
    assert (send.sent, send.failed, send.status) == (3, 1, "done")
    assert {m.to[0] for m in server.sent} == {"s0@example.com", "s2@example.com", "s3@example.com"}
    assert "s1@example.com" not in caplog.text
    assert server.sessions == 1  # one SMTP session for the whole sending


def test_a_mail_server_outage_stops_the_sending_where_it_can_resume(mailoutbox):
    import smtplib

    from forms.newsletter.sending import newsletter_send_run, newsletter_send_start

    rows = [{"email": f"s{i}@example.com", "language": "fr"} for i in range(5)]
    subscribers_import(rows=rows, source="test", language="fr")
    issue = NewsletterIssue.objects.get(locale__language_code="en")
    send = newsletter_send_start(issue=issue, language="fr")
    server = RefusesOneAddress("nobody@example.com", down_after=2)
    with (
        mock.patch("forms.newsletter.sending.get_connection", return_value=server),
        pytest.raises(smtplib.SMTPServerDisconnected),
    ):
        newsletter_send_run(send=send, batch_size=10)
    send.refresh_from_db()
    assert (send.sent, send.failed, send.status) == (2, 0, "running")
    newsletter_send_run(send=send, batch_size=10)  # the server is back: resume
    send.refresh_from_db()
    assert (send.sent, send.status) == (5, "done")
    assert sorted(m.to[0] for m in mailoutbox) == [f"s{i}@example.com" for i in range(2, 5)]


def test_an_unsubscription_survives_a_backup_restore(
    client, sign_up, mailoutbox, django_capture_on_commit_callbacks
):
    from django.core import serializers
    from django.core.management import call_command

    sign_up()
    client.post(link_in(mailoutbox[-1], "confirm"))
    subscription = Subscription.objects.get()
    backup = serializers.serialize(
        "json", [subscription.person, *Consent.objects.all(), subscription]
    )
    from forms.newsletter.tokens import unsubscribe_url

    with django_capture_on_commit_callbacks(execute=True):
        client.post(unsubscribe_url(subscription).replace("http://testserver", ""))
    assert Subscription.objects.count() == 0
    NewsletterSuppression.objects.all().delete()  # the restore: as before leaving
    for obj in serializers.deserialize("json", backup):
        obj.save()
    assert Subscription.objects.count() == 1
    call_command("replay_erasures", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Subscription.objects.count() == 0
    assert NewsletterSuppression.objects.filter(email_hmac=email_hmac(EMAIL)).exists()


def test_a_replayed_unsubscription_leaves_a_later_sign_up_alone(
    client, sign_up, mailoutbox, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from forms.newsletter.tokens import unsubscribe_url

    sign_up()
    client.post(link_in(mailoutbox[-1], "confirm"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(unsubscribe_url(Subscription.objects.get()).replace("http://testserver", ""))
    mailoutbox.clear()
    later = timezone.now() + timedelta(minutes=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        sign_up()
        client.post(link_in(mailoutbox[-1], "confirm"))
    assert Subscription.objects.get().status == "confirmed"
    assert not NewsletterSuppression.objects.exists()  # confirming lifted it
    call_command("replay_erasures", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Subscription.objects.get().status == "confirmed"
    assert not NewsletterSuppression.objects.exists()
