"""Cookies in a real browser: nothing before the choice, refusing as easy as
accepting, scripts only after consent. Requests to other hosts are answered by a
local fake and counted: nothing leaves the machine."""

import re

from privacy.models import CookieConsentRecord

NECESSARY = {"csrftoken", "cookie_consent", "sessionid", "django_language"}


def settle(page) -> None:
    """Let every request the page would make happen before counting them."""
    page.wait_for_load_state("networkidle")


def cookie_names(page) -> set[str]:
    return {cookie["name"] for cookie in page.context.cookies()}


def consent_updates(page) -> list[dict]:
    return page.evaluate(
        "window.dataLayer.filter(e => e[0] === 'consent').map(e => ({kind: e[1], state: e[2]}))"
    )


def test_first_visit_sets_nothing_optional_and_calls_no_one(browser_page, third_party_requests):
    page = browser_page
    page.goto("/en/products/")
    banner = page.locator("[data-consent-banner]")
    assert banner.is_visible()
    settle(page)
    assert cookie_names(page) <= NECESSARY
    assert third_party_requests == []
    # Consent Mode's default, denied, came before anything else.
    updates = consent_updates(page)
    assert updates[0]["kind"] == "default"
    assert updates[0]["state"]["analytics_storage"] == "denied"
    assert updates[0]["state"]["ad_storage"] == "denied"
    assert page.locator("iframe").count() == 0  # the video is a placeholder


def test_refuse_all_then_browse(browser_page, third_party_requests):
    page = browser_page
    page.goto("/en/")
    url_before = page.url
    page.get_by_role("button", name="Refuse all").click()
    page.locator("[data-consent-banner]").wait_for(state="hidden")
    assert page.url == url_before  # no reload
    assert "cookie_consent" in cookie_names(page)
    for path in ("/en/products/", "/fr/carrieres/", "/en/about-us/"):
        page.goto(path)
        assert page.locator("[data-consent-banner]").is_hidden()
        settle(page)
        assert cookie_names(page) <= NECESSARY
    assert third_party_requests == []
    assert CookieConsentRecord.objects.get().action == "refuse_all"


def test_accept_all_activates_analytics(browser_page, third_party_requests):
    page = browser_page
    page.goto("/en/")
    with page.expect_request(re.compile(r"googletagmanager\.com/gtag/js")) as request:
        page.get_by_role("button", name="Accept all").click()
    assert request.value.url == "https://www.googletagmanager.com/gtag/js?id=G-TEVENNTEST"
    assert consent_updates(page)[-1]["state"]["analytics_storage"] == "granted"
    # On the next page, the choice is applied straight away, without the banner.
    third_party_requests.clear()
    page.goto("/en/about-us/")
    assert page.locator("[data-consent-banner]").is_hidden()
    page.wait_for_function("() => document.querySelector('script[src*=\"gtag/js\"]') !== null")
    assert page.locator(".share").is_visible()  # social buttons, accepted too


def test_preference_page_changes_the_choice_back(browser_page, third_party_requests, live_server):
    page = browser_page
    page.goto("/en/")
    page.get_by_role("button", name="Accept all").click()
    page.locator("[data-consent-banner]").wait_for(state="hidden")
    page.context.add_cookies(
        [
            {"name": "_ga", "value": "GA1.1.42", "url": live_server.url},
            {"name": "_ga_K7Q2XW", "value": "GS1.1.7", "url": live_server.url},
        ]
    )
    page.goto("/en/cookie-settings/")
    assert page.locator('[data-state="accepted"]').count() == 4
    page.locator("#pref-analytics").uncheck()
    page.locator("#pref-marketing").uncheck()
    page.locator("main").get_by_role("button", name="Save my choices").click()
    page.wait_for_url("**/en/cookie-settings/?saved=1")
    assert page.locator('[data-state="refused"]').count() == 2
    # A withdrawn group's cookies are deleted, the "_ga_*" family too.
    assert not {"_ga", "_ga_K7Q2XW"} & set(cookie_names(page))
    third_party_requests.clear()
    page.goto("/en/products/")
    settle(page)
    assert not any("googletagmanager" in url for url in third_party_requests)
    assert consent_updates(page)[-1]["state"]["analytics_storage"] == "denied"


def test_choose_opens_group_toggles(browser_page, third_party_requests):
    page = browser_page
    page.goto("/fr/produits/")
    page.get_by_text("Choisir", exact=True).click()
    toggles = page.locator("[data-consent-choose] input[name=groups]")
    assert toggles.count() == 4
    assert all(not toggles.nth(i).is_checked() for i in range(4))
    page.locator("#banner-group-functional").check()
    with page.expect_request(re.compile(r"youtube-nocookie\.com/embed/")):
        page.get_by_role("button", name="Enregistrer mes choix").click()
    assert page.locator("iframe.video-embed__frame").count() == 1
    assert not any("googletagmanager" in url for url in third_party_requests)


def test_click_to_load_video(browser_page, third_party_requests):
    page = browser_page
    page.goto("/en/products/")
    page.get_by_role("button", name="Refuse all").click()
    page.locator("[data-consent-banner]").wait_for(state="hidden")
    assert page.locator("iframe").count() == 0
    with page.expect_request(re.compile(r"youtube-nocookie\.com/embed/")):
        page.get_by_role("button", name="Accept functional cookies and load the video").click()
    assert [r.action for r in CookieConsentRecord.objects.order_by("created_at")] == [
        "refuse_all",
        "accept_group",
    ]
    assert not any("googletagmanager" in url for url in third_party_requests)


def test_closing_the_banner_refuses(browser_page, third_party_requests):
    page = browser_page
    page.goto("/en/")
    page.get_by_role("button", name="Close (optional cookies stay refused)").click()
    page.locator("[data-consent-banner]").wait_for(state="hidden")
    record = CookieConsentRecord.objects.get()
    assert record.action == "close" and not any(record.decisions.values())
    settle(page)
    assert third_party_requests == []


def test_global_privacy_control(chromium, live_server, third_party_requests):
    context = chromium.new_context(base_url=live_server.url, extra_http_headers={"Sec-GPC": "1"})
    context.add_init_script(
        "Object.defineProperty(navigator, 'globalPrivacyControl', {value: true})"
    )
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if live_server.url in route.request.url
            else (third_party_requests.append(route.request.url), route.fulfill(status=204))
        ),
    )
    page = context.new_page()
    page.goto("/en/")
    assert page.locator("[data-consent-gpc]").is_visible()
    page.get_by_text("Choose", exact=True).click()
    page.locator("#banner-group-functional").check()
    page.get_by_role("button", name="Save my choices").click()
    page.locator("[data-consent-banner]").wait_for(state="hidden")
    assert not any("googletagmanager" in url for url in third_party_requests)
    record = CookieConsentRecord.objects.get()
    assert record.gpc and record.decisions["analytics"] is False
    context.close()


def test_without_javascript_the_banner_posts_plain_forms(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/en/about-us/")
    banner = page.locator("[data-consent-banner]")
    assert banner.is_visible()
    banner.get_by_role("button", name="Refuse all").click()
    page.wait_for_url("**/en/about-us/")
    assert "cookie_consent" in {c["name"] for c in context.cookies()}
    assert CookieConsentRecord.objects.get().action == "refuse_all"
    context.close()
