"""The cookie banner with the keyboard and on small screens: first in the tab order,
focus kept after a choice, a visible focus ring, never hiding the focused control,
scrollable within a phone's landscape viewport; and a header that does not move."""

import pytest

FOCUSED = "document.activeElement"


def focused_matches(page, selector: str) -> bool:
    return page.evaluate(f"{FOCUSED}.matches({selector!r})")


def test_banner_is_reached_right_after_the_skip_link(browser_page):
    page = browser_page
    page.goto("/en/")
    page.keyboard.press("Tab")
    assert focused_matches(page, "[data-skip-link]")
    page.keyboard.press("Tab")
    assert page.evaluate(f"!!{FOCUSED}.closest('[data-consent-banner]')")


def test_after_a_choice_focus_goes_to_where_the_banner_was_and_is_announced(browser_page):
    page = browser_page
    page.goto("/fr/")
    page.get_by_role("button", name="Tout refuser").focus()
    page.keyboard.press("Enter")
    page.locator("[data-consent-banner]").wait_for(state="hidden")
    assert focused_matches(page, "[data-skip-link]")
    assert (
        page.locator("[data-consent-status]")
        .text_content()
        .startswith("Vos choix de cookies sont enregistrés.")
    )
    # The next stop is the header, as if the banner had never been there.
    page.keyboard.press("Tab")
    assert page.evaluate(f"!!{FOCUSED}.closest('.site-header')")


def test_choose_shows_a_visible_focus_ring(browser_page):
    page = browser_page
    page.goto("/en/")
    page.get_by_role("button", name="Refuse all").focus()
    page.keyboard.press("Tab")
    assert focused_matches(page, "summary")
    outline = page.evaluate(
        f"(() => {{ const s = getComputedStyle({FOCUSED}); "
        "return [s.outlineStyle, parseFloat(s.outlineWidth)]; })()"
    )
    assert outline[0] != "none"
    assert outline[1] >= 2


@pytest.mark.parametrize("size", [(1280, 900), (375, 700)])
def test_the_open_banner_hides_no_focused_control(browser_page, size):
    page = browser_page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto("/en/")
    banner = page.locator("[data-consent-banner]")
    assert banner.is_visible()
    # Backwards from the start of the page: the last control of the footer, then the one before.
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
        focused = page.evaluate(
            f"(() => {{ const r = {FOCUSED}.getBoundingClientRect();"
            " return [r.top, r.bottom]; })()"
        )
        banner_top = banner.bounding_box()["y"]
        assert page.evaluate(f"!{FOCUSED}.closest('[data-consent-banner]')")
        assert focused[1] <= banner_top + 0.5, (focused, banner_top)
        assert focused[0] >= 0


def test_choose_in_landscape_on_a_phone_stays_within_the_screen(browser_page):
    page = browser_page
    page.set_viewport_size({"width": 740, "height": 360})
    page.goto("/en/")
    page.get_by_text("Choose", exact=True).click()
    banner = page.locator("[data-consent-banner]")
    box = banner.bounding_box()
    assert box["y"] >= 0
    assert box["y"] + box["height"] <= 360.5
    # Its content scrolls inside it: the last button can be reached and pressed.
    save = page.get_by_role("button", name="Save my choices")
    save.scroll_into_view_if_needed()
    save_box = save.bounding_box()
    assert 0 <= save_box["y"] and save_box["y"] + save_box["height"] <= 360.5
    assert page.evaluate(
        "(() => { const b = document.querySelector('[data-consent-banner]');"
        " return b.scrollHeight > b.clientHeight; })()"
    )


LAYOUT_SHIFT = """
new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) { if (!entry.hadRecentInput) total += entry.value; }
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 500);
})
"""


@pytest.mark.parametrize("size", [(375, 800), (1280, 900)])
def test_the_header_does_not_shift_the_page(browser_page, size):
    page = browser_page
    page.set_viewport_size({"width": size[0], "height": size[1]})
    for path in ("/en/", "/fr/contact/"):
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate(LAYOUT_SHIFT) < 0.02, path
    if size[0] < 700:
        header = page.locator(".site-header").bounding_box()
        assert header["height"] < 120
        toggle = page.locator("[data-nav-toggle]")
        assert page.locator("#site-nav").is_hidden()
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert page.locator("#site-nav").is_visible()
