"""Signing in to the admin in a real browser: password, then the second factor."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from corpsite.staff_auth.devices import confirmed_totp_device
from tests.e2e.conftest import current_totp_code as current_code
from tests.factories import STAFF_PASSWORD, staff_user


def test_the_demo_admin_signs_in_with_password_then_code(browser_page, third_party_requests):
    page = browser_page
    page.goto("/admin/")
    page.fill("input[name=username]", "admin")
    page.fill("input[name=password]", settings.DEMO_ADMIN_PASSWORD_FILE.read_text().strip())
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/second-factor/**")
    admin = get_user_model().objects.get(username="admin")
    page.fill("input[name=code]", current_code(confirmed_totp_device(admin)))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url("**/admin/")
    assert page.title().startswith("Dashboard")
    assert third_party_requests == []


def test_an_officer_sets_up_an_authenticator_from_the_qr_code_page(browser_page):
    user = staff_user("officer")
    page = browser_page
    page.goto("/admin/login/")
    page.fill("input[name=username]", "officer")
    page.fill("input[name=password]", STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/second-factor/set-up/**")
    assert page.locator(".staff-auth-qr svg").is_visible()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    page.fill("input[name=code]", current_code(device))
    page.get_by_role("button", name="Confirm").click()
    page.locator(".staff-auth-codes").wait_for()
    assert page.locator(".staff-auth-codes li").count() == 10
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url("**/admin/")
    assert page.title().startswith("Dashboard")
