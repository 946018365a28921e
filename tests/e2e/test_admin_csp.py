"""The Wagtail admin works under its Content-Security-Policy: no violation on its key
screens (dashboard, page editing with StreamField and rich text, preview, choosers,
snippets, reports, the privacy officer's screens, submissions, translation)."""

from wagtail.models import Page

from tests.e2e.conftest import sign_in_to_admin
from tests.factories import STAFF_PASSWORD

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""

CHOOSERS = [
    "/admin/images/chooser/",
    "/admin/choose-page/",
    "/admin/documents/chooser/",
    "/admin/snippets/choose/privacy/purpose/",
]


def violations(page) -> list[str]:
    found = []
    for frame in page.frames:
        found += frame.evaluate("window.__cspViolations || []")
    return found


def test_key_admin_screens_raise_no_csp_violation(browser_page, superuser, third_party_requests):
    home = Page.objects.get(depth=2, locale__language_code="en")
    content = home.get_children().first()
    home_fr = Page.objects.get(depth=2, locale__language_code="fr")
    page = browser_page
    page.context.add_init_script(RECORD_VIOLATIONS)

    sign_in_to_admin(page, superuser.username, STAFF_PASSWORD)
    checked = {}
    for url in [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{content.pk}/edit/",
        f"/admin/pages/{home_fr.pk}/edit/",  # wagtail-localize's editor
        "/admin/images/",
        "/admin/snippets/privacy/purpose/",
        "/admin/reports/site-history/",
        "/admin/privacy/people/?q=nobody@example.com",
        "/admin/privacy/record-of-processing/",
        "/admin/privacy/requests/",
        "/admin/submissions/",
        "/admin/newsletter-subscribers/",
    ]:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        if url.endswith(f"/{content.pk}/edit/"):
            page.click('[data-side-panel-toggle="preview"]')
            page.frame_locator("iframe").first.locator("body").wait_for()
            for chooser in CHOOSERS:
                page.evaluate(f"ModalWorkflow({{url: '{chooser}'}})")
                page.locator(".modal-content").last.wait_for()
                page.keyboard.press("Escape")
        checked[url] = violations(page)
    assert checked == {url: [] for url in checked}
    assert third_party_requests == []
