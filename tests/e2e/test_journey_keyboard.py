"""Journey 6, in a real browser, in English and in French, with the keyboard only:
Tab from the top of the page reaches the cookie banner, "Choose" opens the groups,
Space ticks one, Enter saves; the choice is announced and focus stays where the
banner was; Tab then reaches the footer's "Cookie settings", where the preference
centre is used with the keyboard too, and says, with the focus, that the choice is
saved. At every step the focused control is the
expected one and shows a visible focus indicator."""

import re

import pytest

from privacy.models import CookieConsentRecord
from tests.e2e.journeys import LANGUAGES, TEXTS, screenshot

FOCUSED = """() => {
  const node = document.activeElement;
  const style = getComputedStyle(node);
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== "none";
  const label = node.labels && node.labels[0] ? node.labels[0].textContent : "";
  return {
    tag: node.tagName.toLowerCase(),
    text: (node.getAttribute("aria-label") || node.textContent || label).trim(),
    label: label.trim(),
    type: node.type || "",
    checked: node.checked === true,
    inBanner: !!node.closest("[data-consent-banner]"),
    inFooter: !!node.closest("footer"),
    skipLink: node.matches("[data-skip-link]"),
    ring: ring,
  };
}"""


def tab(page, *, backwards: bool = False) -> dict:
    page.keyboard.press("Shift+Tab" if backwards else "Tab")
    focused = page.evaluate(FOCUSED)
    if focused["tag"] != "body":
        assert focused["ring"], f"no visible focus indicator on {focused}"
    return focused


def tab_until(page, matches, limit: int = 80) -> dict:
    for _ in range(limit):
        focused = tab(page)
        if matches(focused):
            return focused
    raise AssertionError("not reached with Tab")


@pytest.mark.parametrize("language", LANGUAGES)
def test_banner_and_preference_centre_with_the_keyboard_only(
    browser_page, third_party_requests, language
):
    page = browser_page
    texts = TEXTS[language]
    page.goto(f"/{language}/")

    # From the top: the skip link, then the banner straight away.
    assert tab(page)["skipLink"]
    assert tab(page)["inBanner"]
    choose = tab_until(page, lambda f: f["tag"] == "summary")
    assert choose["inBanner"] and choose["text"] == texts["choose"]

    # "Choose" opens the groups; Space ticks audience measurement; Enter saves.
    page.keyboard.press("Enter")
    measurement = tab_until(page, lambda f: f["type"] == "checkbox")
    assert measurement["label"] == texts["measurement_group"]
    assert not measurement["checked"]
    page.keyboard.press("Space")
    assert page.evaluate(FOCUSED)["checked"]
    save = tab_until(page, lambda f: f["tag"] == "button")
    assert save["text"] == texts["save_choices"] and save["inBanner"]
    page.keyboard.press("Enter")
    page.get_by_role("region", name=texts["banner"]).wait_for(state="hidden")

    # The choice is recorded and announced; focus is where the banner was.
    record = CookieConsentRecord.objects.get()
    assert record.action == "choose" and record.decisions["analytics"] is True
    assert record.decisions["marketing"] is False
    focused = page.evaluate(FOCUSED)
    assert focused["skipLink"] and focused["ring"]
    status = page.get_by_role("status").filter(has_text=texts["choices_saved"])
    assert status.count() == 1
    assert status.inner_text().startswith(texts["choices_saved"])

    # Tab reaches the footer's cookie settings, without a trap on the way.
    settings_link = tab_until(
        page, lambda f: f["inFooter"] and f["text"] == texts["cookie_settings"]
    )
    assert settings_link["tag"] == "a"
    page.keyboard.press("Enter")
    main = page.get_by_role("main")
    main.get_by_role("heading", name=texts["cookie_settings"], level=1).wait_for()

    # The preference centre: Tab to the groups, Space to tick marketing, Enter saves.
    marketing_name = re.compile(rf"^{re.escape(texts['marketing_group'])}\b")
    tab_until(page, lambda f: f["type"] == "checkbox" and bool(marketing_name.match(f["label"])))
    page.keyboard.press("Space")
    assert page.evaluate(FOCUSED)["checked"]
    save = tab_until(page, lambda f: f["tag"] == "button")
    assert save["text"] == texts["save_choices"]
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    main = page.get_by_role("main")
    assert main.get_by_role("checkbox", name=marketing_name).is_checked()
    # The reloaded page says so, in a status message that has the focus (read out by
    # a screen reader), with a visible ring; Tab goes on from there.
    saved = main.get_by_role("status")
    assert saved.inner_text() == texts["choices_saved"]
    focused = page.evaluate(FOCUSED)
    assert focused["text"] == texts["choices_saved"] and focused["ring"], focused
    assert page.evaluate("document.activeElement.getAttribute('role')") == "status"
    assert tab(page)["tag"] == "input"
    latest = CookieConsentRecord.objects.order_by("-created_at").first()
    assert latest.decisions["marketing"] is True and latest.decisions["analytics"] is True
    assert CookieConsentRecord.objects.count() == 2

    screenshot(page, f"journey-keyboard-{language}")
