"""Browser tests: Debian's Chromium driven by Playwright against a live server.

Every request to a host other than the live server is answered by a local fake
(nothing leaves the machine) and counted in ``third_party_requests``.
"""

from __future__ import annotations

import os
import shutil
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to
# run next to one unless told it is safe (it is: the loop only drives the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """A browser test's transaction ends with an emptied database (Django's flush);
    put the seeded demo content back, exactly, so that the tests after it find it."""
    yield
    if item.get_closest_marker("e2e") is None:
        return
    from django.core.management import call_command
    from django.db import connections
    from pytest_django.plugin import blocking_manager_key

    from tests.conftest import SEEDED_DATABASES

    with item.config.stash[blocking_manager_key].unblock():
        for alias, contents in SEEDED_DATABASES.items():
            call_command(
                "flush",
                database=alias,
                interactive=False,
                inhibit_post_migrate=True,
                reset_sequences=False,  # the restored rows keep their ids: so do sequences
                verbosity=0,
            )
            connections[alias].creation.deserialize_db_from_string(contents)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM") or shutil.which("chromium")
    if not executable:
        pytest.fail("Browser tests need Debian's chromium: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def third_party_requests() -> list[str]:
    return []


@pytest.fixture
def browser_page(chromium, live_server, third_party_requests):
    """A fresh browser context (no cookies, no storage) on the live server."""
    context = chromium.new_context(base_url=live_server.url, locale="en-GB")
    own_host = urlsplit(live_server.url).netloc

    def route(route):
        url = route.request.url
        if urlsplit(url).netloc == own_host:
            route.continue_()
        else:
            third_party_requests.append(url)
            route.fulfill(status=204, body="")

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def current_totp_code(device) -> str:
    """What the staff member's authenticator app shows now."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def sign_in_to_admin(page, username: str, password: str) -> None:
    """Sign in through the real admin login: the password, then, for staff who need
    one, the second factor from their (confirmed) authenticator, made if missing."""
    from django.contrib.auth import get_user_model

    from corpsite.staff_auth.devices import confirmed_totp_device
    from corpsite.staff_auth.policy import needs_second_factor
    from tests.factories import add_authenticator

    user = get_user_model().objects.get(username=username)
    device = confirmed_totp_device(user)
    if device is None and needs_second_factor(user):
        device = add_authenticator(user, name="e2e")
    page.goto("/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        page.wait_for_url("**/admin/second-factor/**")
        page.fill("input[name=code]", current_totp_code(device))
        page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/admin/")
