"""The "policy changed" notice, in a real browser."""

from django.utils import timezone

from privacy.models import PolicyPage
from privacy.services import policy_version_publish
from tests.privacy.conftest import replace_paragraph


def publish_v3(*, material: bool):
    """A new version after the seed's two (version 2, material, is in force)."""
    page = PolicyPage.objects.get(kind="privacy", locale__language_code="en")
    replace_paragraph(page, "We answer within one month.", "We answer within a week.")
    policy_version_publish(page=page, effective_date=timezone.localdate(), is_material=material)


def test_notice_for_a_visitor_who_read_v2_when_v3_is_material(browser_page, third_party_requests):
    page = browser_page
    page.goto("/en/privacy/")  # the visitor reads version 2, in force
    page.goto("/en/")
    assert page.locator("[data-policy-notice=privacy]").is_hidden()

    publish_v3(material=True)
    page.goto("/en/products/")
    notice = page.locator("[data-policy-notice=privacy]")
    assert notice.is_visible()
    assert notice.get_by_role("link").get_attribute("href") == "/en/privacy/versions/2/compare/3/"
    notice.get_by_role("link").click()
    assert page.locator(".diff ins").first.inner_text() == "a week."
    assert page.locator(".diff del").first.inner_text() == "one month."

    # Having read the changes, the notice does not come back.
    page.goto("/en/")
    assert page.locator("[data-policy-notice=privacy]").is_hidden()
    page.wait_for_load_state("networkidle")
    assert third_party_requests == []


def test_dismissing_the_notice_keeps_it_away(browser_page):
    page = browser_page
    page.goto("/fr/confidentialite/")
    publish_v3(material=True)
    page.goto("/fr/")
    notice = page.locator("[data-policy-notice=privacy]")
    assert notice.is_visible()
    assert "a changé depuis votre dernière visite" in notice.inner_text()
    notice.get_by_role("button").click()
    assert notice.is_hidden()
    page.reload()
    assert page.locator("[data-policy-notice=privacy]").is_hidden()


def test_no_notice_when_v3_is_not_material(browser_page):
    page = browser_page
    page.goto("/en/privacy/")
    publish_v3(material=False)
    page.goto("/en/")
    # The notice of version 2 (material) is in the page, for visitors who read version 1.
    assert page.locator("[data-policy-notice=privacy]").get_attribute("data-material") == "2"
    assert page.locator("[data-policy-notice=privacy]").is_hidden()


def test_no_notice_for_a_visitor_who_never_read_the_policy(browser_page):
    page = browser_page
    publish_v3(material=True)
    page.goto("/en/")
    assert page.locator("[data-policy-notice=privacy]").is_hidden()
    # Nothing is stored in the browser by a mere visit (the CSRF cookie of the footer's
    # newsletter form is strictly necessary).
    assert page.evaluate("window.localStorage.length") == 0
    assert {cookie["name"] for cookie in page.context.cookies()} <= {"csrftoken"}


def test_the_seeded_demo_shows_the_notice_to_a_visitor_who_read_version_1(browser_page):
    """Out of the box: the seed's version 2 is a material change of version 1."""
    page = browser_page
    page.goto("/fr/confidentialite/versions/1/")  # as a visitor of four months ago
    page.goto("/fr/produits/")
    notice = page.locator("[data-policy-notice=privacy]")
    assert notice.is_visible()
    link = notice.get_by_role("link")
    assert link.get_attribute("href") == "/fr/confidentialite/versions/1/compare/2/"
    link.click()
    page.wait_for_url("**/versions/1/compare/2/")
    added = page.locator(".diff ins", has_text="Combien de temps nous gardons vos données")
    added.first.wait_for()
    assert added.count() == 1
