"""Staff sign-in: a second factor for whoever can see personal data, and failed
sign-ins throttled per account and per real client address. Everything goes
through Wagtail's real login form (not force_login, which tests/conftest.py makes
fully verified)."""

import logging

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from corpsite.staff_auth import devices
from corpsite.staff_auth.policy import needs_second_factor
from privacy.models import Purpose
from tests.factories import STAFF_PASSWORD, add_authenticator, staff_user

pytestmark = pytest.mark.django_db

PASSWORD = STAFF_PASSWORD
LOGIN = "/admin/login/"


def sign_in(client, username, password=PASSWORD, address="192.0.2.10", **extra):
    return client.post(
        LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def personal_data_urls() -> list[str]:
    return [
        reverse("wagtailadmin_home"),
        reverse("forms_submission:index"),
        reverse("newsletter_subscribers:index"),
        reverse("privacy_people:search"),
    ]


# --- who needs a second factor ------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "perms", "needed"),
    [
        ("officer", [], True),
        ("support", [], True),
        ("hr", [], True),
        ("marketing", [], True),
        ("superuser", [], True),
        (None, ["forms.view_submission"], True),
        (None, ["privacy.manage_personal_data"], True),
        (None, ["auth.change_user"], True),  # could grant themselves access
        (None, ["privacy.change_purpose_rules"], True),  # could route data to themselves
        ("editor", [], False),
        ("moderator", [], False),
        (None, [], False),
    ],
)
def test_who_needs_a_second_factor(role, perms, needed):
    user = staff_user(role, username="someone", permissions=tuple(perms))
    assert needs_second_factor(user) is needed


def test_a_purpose_staff_group_needs_a_second_factor_even_without_permissions():
    group = Group.objects.create(name="Aftersales")
    purpose = Purpose.objects.filter(locale__language_code="en").first()
    Purpose.objects.filter(translation_key=purpose.translation_key).update(staff_group=group)
    user = staff_user(username="aftersales", groups=("Aftersales",))
    assert needs_second_factor(user)


# --- enforcement through the real login form ------------------------------------------


@pytest.mark.parametrize("kind", ["superuser", "officer", "support"])
def test_a_password_alone_reaches_no_personal_data_nor_the_dashboard(client, kind):
    user = {
        "superuser": lambda: staff_user("superuser", username="root"),
        "officer": lambda: staff_user("officer"),
        "support": lambda: staff_user("support", username="agent"),
    }[kind]()
    add_authenticator(user)
    response = sign_in(client, user.username)
    assert response.status_code == 302
    for url in personal_data_urls():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("staff_auth_verify")), url


def test_a_user_without_a_device_is_sent_to_set_up_one(client, officer):
    sign_in(client, "officer")
    response = client.get(reverse("forms_submission:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff_auth_setup"))


def test_a_half_signed_in_user_is_anonymous_on_the_public_site(client, officer):
    sign_in(client, "officer")
    response = client.get("/en/")
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_an_editor_signs_in_with_a_password_alone(client, editor):
    response = sign_in(client, "editor")
    assert response.status_code == 302
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert response.wsgi_request.user.username == "editor"


def test_set_up_shows_a_qr_code_then_recovery_codes_once(client, officer):
    sign_in(client, "officer")
    page = client.get(reverse("staff_auth_setup"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "<svg" in content
    assert "otpauth://totp/" in content
    assert "<script" not in content.split("<main", 1)[1]  # nothing inline in the page body
    pending = TOTPDevice.objects.get(user=officer, confirmed=False)

    response = client.post(reverse("staff_auth_setup"), {"code": current_code(pending)})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == devices.RECOVERY_CODE_COUNT
    for code in codes:
        assert code in response.content.decode()
    assert TOTPDevice.objects.get(user=officer).confirmed
    stored = StaticToken.objects.filter(device__user=officer).values_list("token", flat=True)
    assert sorted(stored) == sorted(codes)
    assert client.get(reverse("forms_submission:index")).status_code == 200
    # Shown once: the set-up page is now closed.
    assert client.get(reverse("staff_auth_setup")).status_code == 302


def test_set_up_refuses_a_wrong_code(client, officer):
    sign_in(client, "officer")
    client.get(reverse("staff_auth_setup"))
    response = client.post(reverse("staff_auth_setup"), {"code": "000000"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
    assert client.get(reverse("wagtailadmin_home")).status_code == 302


def test_the_right_code_opens_the_admin_and_returns_to_the_page_asked(client, officer):
    device = add_authenticator(officer)
    target = reverse("forms_submission:index")
    response = client.get(target)  # anonymous: to the login page, then
    sign_in(client, "officer")
    response = client.get(target)
    verify_url = response["Location"]
    response = client.post(verify_url, {"code": current_code(device), "next": target})
    assert response.status_code == 302
    assert response["Location"] == target
    assert client.get(target).status_code == 200


def test_a_wrong_code_is_refused(client, officer):
    add_authenticator(officer)
    sign_in(client, "officer")
    response = client.post(reverse("staff_auth_verify"), {"code": "123456"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
    assert client.get(reverse("privacy_people:search")).status_code == 302


def test_a_recovery_code_works_once(client, officer):
    add_authenticator(officer)
    codes = devices.new_recovery_codes(officer)
    sign_in(client, "officer")
    response = client.post(reverse("staff_auth_verify"), {"code": codes[0].upper()})
    assert response.status_code == 302
    assert client.get(reverse("privacy_people:search")).status_code == 200
    assert StaticToken.objects.filter(device__user=officer).count() == len(codes) - 1

    client.post(reverse("wagtailadmin_logout"))
    sign_in(client, "officer")
    response = client.post(reverse("staff_auth_verify"), {"code": codes[0]})
    assert response.status_code == 200
    assert client.get(reverse("privacy_people:search")).status_code == 302


# --- throttling -------------------------------------------------------------------------


def locked_page(response) -> bool:
    return response.status_code == 429 and "Too many failed sign-in attempts" in (
        response.content.decode()
    )


def test_an_account_is_locked_after_five_failures_from_any_address(client, editor):
    for attempt in range(4):
        response = sign_in(client, "editor", "wrong", address=f"198.51.100.{attempt}")
        assert response.status_code == 200
    assert locked_page(sign_in(client, "editor", "wrong", address="198.51.100.4"))
    response = sign_in(client, "editor", address="203.0.113.7")  # right password
    assert locked_page(response)
    assert not response.wsgi_request.user.is_authenticated
    assert "_auth_user_id" not in client.session


def test_the_lockout_message_is_translated(client, editor):
    for _attempt in range(5):
        sign_in(client, "editor", "wrong")
    response = sign_in(client, "editor", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    assert "Trop de tentatives de connexion" in response.content.decode()


def test_an_address_is_locked_after_five_failures_on_any_accounts(client, editor):
    for attempt in range(5):
        sign_in(client, f"guess{attempt}", "wrong", address="198.51.100.9")
    assert locked_page(sign_in(client, "editor", address="198.51.100.9"))
    # The account itself is not locked: from another address it signs in.
    response = sign_in(client, "editor", address="198.51.100.10")
    assert response.status_code == 302


def test_a_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored(client, editor, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for attempt in range(5):
        sign_in(
            client,
            f"guess{attempt}",
            "wrong",
            address="198.51.100.20",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.20"}
    response = sign_in(
        client, "editor", address="198.51.100.20", HTTP_X_FORWARDED_FOR="203.0.113.99"
    )
    assert locked_page(response)


def test_behind_a_trusted_proxy_each_client_is_counted_apart(client, editor, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for attempt in range(5):
        sign_in(
            client,
            f"guess{attempt}",
            "wrong",
            address="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    locked = sign_in(client, "editor", address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert locked_page(locked)
    response = sign_in(client, "editor", address="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert response.status_code == 302


def test_wrong_second_factors_lock_the_account_too(client, officer):
    device = add_authenticator(officer)
    sign_in(client, "officer")
    for _attempt in range(4):
        response = client.post(reverse("staff_auth_verify"), {"code": "999999"})
        assert response.status_code == 200
    response = client.post(reverse("staff_auth_verify"), {"code": "999999"}, follow=True)
    # The half-signed-in session ends; the login page says why.
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_login")
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    # Even the right password and code no longer open it, from another address.
    assert locked_page(sign_in(client, "officer", address="198.51.100.77"))
    device.throttle_reset()
    assert current_code(device)


def test_the_unlock_command_reopens_an_account(client, editor):
    for _attempt in range(5):
        sign_in(client, "editor", "wrong", address="198.51.100.30")
    assert locked_page(sign_in(client, "editor", address="203.0.113.30"))
    call_command("unlock_login", "editor")
    response = sign_in(client, "editor", address="203.0.113.30")
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_unlock_command_reopens_an_address(client, editor):
    for attempt in range(5):
        sign_in(client, f"guess{attempt}", "wrong", address="198.51.100.40")
    assert locked_page(sign_in(client, "editor", address="198.51.100.40"))
    call_command("unlock_login", ip_address="198.51.100.40")
    assert sign_in(client, "editor", address="198.51.100.40").status_code == 302


def test_the_unlock_command_needs_an_account_or_an_address():
    with pytest.raises(CommandError):
        call_command("unlock_login")


def test_failed_sign_ins_log_no_account_name_nor_address(client, editor, caplog):
    with caplog.at_level(logging.DEBUG):
        for _attempt in range(6):
            sign_in(client, "editor", "wrong", address="198.51.100.50")
    assert caplog.records
    assert "editor" not in caplog.text
    assert "198.51.100.50" not in caplog.text


# --- the demo admin, without a phone ---------------------------------------------------


def test_the_demo_admin_signs_in_with_a_printed_recovery_code(client, settings):
    password = settings.DEMO_ADMIN_PASSWORD_FILE.read_text().strip()
    codes = settings.DEMO_ADMIN_RECOVERY_CODES_FILE.read_text().split()
    assert len(codes) >= 3
    sign_in(client, "admin", password)
    assert client.get(reverse("wagtailadmin_home"))["Location"].startswith(
        reverse("staff_auth_verify")
    )
    response = client.post(reverse("staff_auth_verify"), {"code": codes[-1]})
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_demo_code_command_prints_a_working_code_in_development(client, settings, capsys):
    settings.DEBUG = True
    call_command("demo_totp_code")
    code = capsys.readouterr().out.strip()
    password = settings.DEMO_ADMIN_PASSWORD_FILE.read_text().strip()
    sign_in(client, "admin", password)
    response = client.post(reverse("staff_auth_verify"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_the_demo_code_command_refuses_outside_development(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_totp_code")


def test_the_seed_gives_the_demo_admin_a_second_factor():
    admin = get_user_model().objects.get(username="admin")
    assert needs_second_factor(admin)
    assert devices.has_second_factor(admin)
    assert StaticDevice.objects.get(user=admin).token_set.count() >= 3


def test_forgetting_a_lost_phone_sends_the_user_to_set_up_again(client, officer):
    add_authenticator(officer)
    devices.new_recovery_codes(officer)
    call_command("forget_second_factor", "officer")
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    sign_in(client, "officer")
    response = client.get(reverse("wagtailadmin_home"))
    assert response["Location"].startswith(reverse("staff_auth_setup"))
