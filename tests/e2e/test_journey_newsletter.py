"""Journey 3, in a real browser, in English and in French: signing up to the
newsletter on its page, confirming with the link of the email, then leaving with the
one-click unsubscribe link of an issue (its List-Unsubscribe header and its body
give the same link)."""

import re

import pytest

from forms.models import NewsletterIssue, NewsletterSuppression, Subscription
from forms.newsletter.sending import newsletter_send_run, newsletter_send_start
from privacy.models import Person
from privacy.models.people import email_hmac
from tests.e2e.journeys import (
    LANGUAGES,
    TEXTS,
    URL,
    emails_to,
    label,
    local_path,
    refuse_cookies,
    screenshot,
)


def only_email_to(address: str):
    found = emails_to(address)
    assert len(found) == 1, [message.subject for message in found]
    return found[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_sign_up_confirm_then_unsubscribe_in_one_click(
    browser_page, third_party_requests, mailoutbox, language
):
    page = browser_page
    texts = TEXTS[language]
    email = f"lena.riou.{language}@example.com"

    # The newsletter's page, from the footer's sign-up box.
    page.goto(f"/{language}/")
    refuse_cookies(page, language)
    page.get_by_role("contentinfo").get_by_role("link", name=texts["newsletter_link"]).click()
    main = page.get_by_role("main")
    main.get_by_label(label(texts["email"])).fill(email)
    language_select = main.get_by_label(label(texts["newsletter_language"]))
    assert language_select.locator("option:checked").inner_text() == texts["language_name"]
    main.get_by_role("checkbox", name=re.compile(re.escape(texts["marketing_box"]))).check()
    main.get_by_role("button", name=texts["subscribe"], exact=True).click()
    page.get_by_role("heading", name=texts["check_inbox"], level=1).wait_for()
    subscription = Subscription.objects.get(person__email=email)
    assert (subscription.status, subscription.language) == ("pending", language)

    # The confirmation email, in the visitor's language, and its link.
    confirm_email = only_email_to(email)
    assert confirm_email.subject == texts["confirm_subject"]
    [confirm_link] = [url for url in URL.findall(confirm_email.body) if "token=" in url]
    page.goto(local_path(confirm_link))
    page.get_by_role("heading", name=texts["confirm_heading"], level=1).wait_for()
    subscription.refresh_from_db()
    assert subscription.status == "pending"  # opening the link alone confirms nothing
    page.get_by_role("button", name=texts["confirm_button"]).click()
    page.get_by_role("heading", name=texts["subscribed"], level=1).wait_for()
    subscription.refresh_from_db()
    assert subscription.status == "confirmed" and subscription.confirmed_at is not None

    # An issue goes out to the confirmed subscribers of the language.
    mailoutbox.clear()
    issue = NewsletterIssue.objects.get(locale__language_code="en")
    newsletter_send_run(send=newsletter_send_start(issue=issue, language=language))
    issue_email = only_email_to(email)
    assert issue_email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header_link = issue_email.extra_headers["List-Unsubscribe"].strip("<>")
    body_line = next(line for line in issue_email.body.splitlines() if texts["one_click"] in line)
    assert URL.search(body_line).group() == header_link

    # One click in the email, one on the page: unsubscribed, the address deleted.
    page.goto(local_path(header_link))
    page.get_by_role("heading", name=texts["unsubscribe_heading"], level=1).wait_for()
    assert Subscription.objects.filter(pk=subscription.pk).exists()
    page.get_by_role("main").get_by_role("button", name=texts["unsubscribe_button"]).click()
    page.get_by_role("heading", name=texts["unsubscribed"], level=1).wait_for()
    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    assert not Person.objects.filter(email=email).exists()
    assert NewsletterSuppression.objects.filter(email_hmac=email_hmac(email)).exists()

    screenshot(page, f"journey-newsletter-{language}")
    assert third_party_requests == []
