"""The visitor's address: trusted proxies only, and its truncation."""

import pytest
from django.test import RequestFactory

from corpsite.base.client import client_ip, truncate_ip


@pytest.mark.parametrize(
    ("ip", "network"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::/48"),
        ("not an ip", ""),
    ],
)
def test_truncate_ip(ip, network):
    assert truncate_ip(ip) == network


def test_forwarded_for_is_trusted_only_from_a_known_proxy(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.8"
    )
    assert client_ip(request) == "10.0.0.2"
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    assert client_ip(request) == "192.0.2.8"
