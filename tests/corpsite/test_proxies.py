"""What reverse proxies say is believed only from TRUSTED_PROXIES: X-Forwarded-Proto
(HTTPS), X-Forwarded-For (the visitor's address); the deploy check and the run-time
warning when the site seems to sit behind a proxy nobody declared."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import run_checks
from django.test import RequestFactory

from corpsite import proxies
from corpsite.base.client import client_ip

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def https_only(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.TRUSTED_PROXIES = ["10.0.0.2"]


@pytest.mark.django_db
def test_a_client_saying_https_itself_is_still_plain_http(client, https_only):
    response = client.get("/en/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/"


@pytest.mark.django_db
def test_a_trusted_proxy_saying_https_is_believed(client, https_only):
    response = client.get("/en/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response.wsgi_request.is_secure()
    plain = client.get("/en/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_PROTO="http")
    assert plain.status_code == 301


def test_production_does_not_believe_a_client_saying_https(tmp_path):
    # The production settings themselves, with SECURE_SSL_REDIRECT on (their default):
    # a direct request in plain HTTP claiming HTTPS is redirected, not served.
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/en/', HTTP_HOST='www.tevenn.example', HTTP_X_FORWARDED_PROTO='https');"
        "print(r.status_code, r.get('Location'))"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "TRUSTED_PROXIES", "SECURE_SSL_REDIRECT"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "corpsite.settings.production",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "www.tevenn.example",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        }
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["301", "https://www.tevenn.example/en/"], result.stderr


def test_forwarded_for_from_a_trusted_network(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "2001:db8:ffff::/48"]
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.8, 10.9.9.9"
    )
    assert client_ip(request) == "192.0.2.8"
    request = RequestFactory().get(
        "/", REMOTE_ADDR="2001:db8:ffff::1", HTTP_X_FORWARDED_FOR="2001:db8:1::5"
    )
    assert client_ip(request) == "2001:db8:1::5"
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="garbage")
    assert client_ip(request) == "garbage"  # what the proxy said; counted as one address
    request = RequestFactory().get("/", REMOTE_ADDR="11.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6")
    assert client_ip(request) == "11.0.0.2"


@pytest.mark.django_db
def test_forwarded_for_from_an_untrusted_peer_is_logged_once_without_address(
    client, monkeypatch, caplog
):
    monkeypatch.setitem(proxies._warned, "forwarded_for", False)
    with caplog.at_level(logging.WARNING, logger="corpsite.proxies"):
        client.get("/en/", REMOTE_ADDR="203.0.113.5")  # no header: nothing to say
        assert caplog.records == []
        for _ in range(3):
            client.get("/en/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1")
    records = [record for record in caplog.records if record.name == "corpsite.proxies"]
    assert len(records) == 1
    assert "TRUSTED_PROXIES" in records[0].getMessage()
    assert "203.0.113" not in caplog.text and "198.51.100" not in caplog.text


@pytest.mark.django_db
def test_forwarded_for_from_a_trusted_proxy_is_not_logged(client, settings, monkeypatch, caplog):
    monkeypatch.setitem(proxies._warned, "forwarded_for", False)
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    with caplog.at_level(logging.WARNING, logger="corpsite.proxies"):
        client.get("/en/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert [record for record in caplog.records if record.name == "corpsite.proxies"] == []


def check_ids(**kwargs) -> list[str]:
    return [message.id for message in run_checks(**kwargs) if message.id.startswith("corpsite.")]


def test_deploy_check_warns_without_trusted_proxies(settings):
    settings.TRUSTED_PROXIES = []
    assert "corpsite.W001" in check_ids(include_deployment_checks=True)
    assert "corpsite.W001" not in check_ids()  # only with --deploy
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    assert "corpsite.W001" not in check_ids(include_deployment_checks=True)


def test_deploy_check_warns_about_a_proxy_header_any_client_can_send(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert "corpsite.W002" in check_ids(include_deployment_checks=True)


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("TRUSTED_PROXIES", ["10.0.0.2", "proxy.internal"], "corpsite.E001"),
        ("COOKIE_CHOICES_RATE_LIMIT", "lots", "corpsite.E002"),
        ("NEWSLETTER_RATE_LIMIT", "10/ten minutes", "corpsite.E002"),
    ],
)
def test_checks_refuse_settings_that_cannot_be_read(settings, name, value, error):
    assert error not in check_ids()
    setattr(settings, name, value)
    assert error in check_ids()


def test_gunicorn_as_configured_does_not_believe_a_local_peer_saying_https(tmp_path):
    """gunicorn itself would believe X-Forwarded-Proto from 127.0.0.1 (its default
    forwarded_allow_ips) and hand Django an https request; the site's gunicorn
    settings leave that decision to TRUSTED_PROXIES alone."""
    import http.client
    import socket
    import time

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "TRUSTED_PROXIES", "FORWARDED_ALLOW_IPS"}
        and not key.startswith("SECURE_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="corpsite.settings.production",
        SECRET_KEY="k" * 50,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        PRIVATE_ROOT=str(tmp_path / "private"),
    )
    server = subprocess.Popen(  # noqa: S603 - fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "python:corpsite.gunicorn_conf",
            "corpsite.wsgi:application",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        status = None
        for _attempt in range(150):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request(
                    "GET",
                    "/robots.txt",
                    headers={"X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "on"},
                )
                response = connection.getresponse()
                status, location = response.status, response.getheader("Location")
                break
            except OSError:
                time.sleep(0.2)
        assert status == 301
        assert location == f"https://127.0.0.1:{port}/robots.txt"
    finally:
        server.terminate()
        server.wait(timeout=30)
