"""Journey 1, in a real browser, in English and in French: a first visit refusing
every optional cookie from the banner, browsing several pages by the header's links
with nothing asked of any other host and no optional cookie, then, from the footer's
"Cookie settings", accepting audience measurement only: its script now loads (and
only it), the consent cookie and the proof of consent say so, marketing stays refused."""

import re
from urllib.parse import unquote, urlsplit

import pytest
from cookie_consent.conf import settings as consent_settings

from privacy.models import CookieConsentRecord
from tests.e2e.journeys import LANGUAGES, TEXTS, refuse_cookies, screenshot

NECESSARY = {"csrftoken", "cookie_consent", "sessionid", "django_language"}
ANALYTICS_HOST = "www.googletagmanager.com"


def group(name: str) -> re.Pattern:
    """A group's checkbox: its name, then its state ("accepted", "refused"...)."""
    return re.compile(rf"^{re.escape(name)}\b")


def cookie_names(page) -> set[str]:
    return {cookie["name"] for cookie in page.context.cookies()}


def consent_cookie(page) -> dict[str, str]:
    """The consent cookie's groups and their values ("-1" for refused, the accepted
    version otherwise)."""
    [cookie] = [c for c in page.context.cookies() if c["name"] == "cookie_consent"]
    text = unquote(cookie["value"]).strip('"')
    return dict(pair.split("=", 1) for pair in text.split("|") if not pair.startswith("_"))


def consent_state(page) -> dict:
    return page.evaluate(
        "window.dataLayer.filter(e => e[0] === 'consent').map(e => e[2]).slice(-1)[0]"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_refuse_all_browse_then_accept_measurement_only(
    browser_page, third_party_requests, language
):
    page = browser_page
    texts = TEXTS[language]

    # First visit: the banner, answered by the name of its button.
    page.goto(f"/{language}/")
    assert page.get_by_role("region", name=texts["banner"]).is_visible()
    refuse_cookies(page, language)
    assert CookieConsentRecord.objects.get().action == "refuse_all"

    # Browsing by the header's links: nothing from any other host, no optional cookie.
    navigation = page.get_by_role("navigation", name=texts["main_navigation"])
    names = [link.inner_text() for link in navigation.get_by_role("link").all()]
    assert len(names) >= 3, names
    for name in names[:4]:
        navigation.get_by_role("link", name=name, exact=True).click()
        page.wait_for_load_state("networkidle")
        current = navigation.get_by_role("link", name=name, exact=True)
        assert current.get_attribute("aria-current") == "page", page.url
        assert page.get_by_role("region", name=texts["banner"]).is_hidden()
        assert cookie_names(page) <= NECESSARY, page.url
    assert third_party_requests == []
    assert consent_state(page)["analytics_storage"] == "denied"

    # The preference centre, from the footer: accept measurement, nothing else.
    page.get_by_role("contentinfo").get_by_role(
        "link", name=texts["cookie_settings"], exact=True
    ).click()
    main = page.get_by_role("main")
    main.get_by_role("heading", name=texts["cookie_settings"], level=1).wait_for()
    measurement = main.get_by_role("checkbox", name=group(texts["measurement_group"]))
    marketing = main.get_by_role("checkbox", name=group(texts["marketing_group"]))
    assert not measurement.is_checked() and not marketing.is_checked()
    measurement.check()
    main.get_by_role("button", name=texts["save_choices"], exact=True).click()
    page.wait_for_load_state("networkidle")
    main = page.get_by_role("main")
    assert main.get_by_role("checkbox", name=group(texts["measurement_group"])).is_checked()
    assert not main.get_by_role("checkbox", name=group(texts["marketing_group"])).is_checked()

    # The measurement script is now allowed, and only it.
    third_party_requests.clear()
    navigation.get_by_role("link", name=names[0], exact=True).click()
    page.wait_for_load_state("networkidle")
    assert third_party_requests, "the measurement script did not load"
    assert {urlsplit(url).netloc for url in third_party_requests} == {ANALYTICS_HOST}
    state = consent_state(page)
    assert state["analytics_storage"] == "granted"
    assert state["ad_storage"] == "denied" and state["ad_personalization"] == "denied"

    cookie = consent_cookie(page)
    decline = consent_settings.COOKIE_CONSENT_DECLINE
    assert cookie["analytics"] != decline
    assert cookie["marketing"] == decline and cookie["functional"] == decline
    assert cookie["social"] == decline
    record = CookieConsentRecord.objects.order_by("-created_at").first()
    assert CookieConsentRecord.objects.count() == 2
    assert record.action == "choose" and record.language == language
    accepted = {group for group, yes in record.decisions.items() if yes}
    assert accepted - {"necessary"} == {"analytics"}
    assert record.decisions["marketing"] is False and record.decisions["social"] is False

    screenshot(page, f"journey-cookies-{language}")
