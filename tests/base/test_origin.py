"""Token-free forms of cached pages: the origin headers decide."""

import pytest
from django.test import RequestFactory

from corpsite.base.origin import same_origin


@pytest.mark.parametrize(
    ("headers", "allowed"),
    [
        ({"Sec-Fetch-Site": "same-origin"}, True),
        ({"Sec-Fetch-Site": "none"}, True),  # typed or bookmarked by the visitor
        ({"Sec-Fetch-Site": "same-site"}, False),  # another subdomain
        ({"Sec-Fetch-Site": "cross-site"}, False),
        ({"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"}, False),
        ({"Origin": "http://testserver"}, True),
        ({"Origin": "https://testserver"}, True),
        ({"Origin": "https://evil.example"}, False),
        ({"Origin": "null"}, False),  # sandboxed frames, cross-site redirects
        ({}, True),  # an old browser, or a mail client's one-click POST
    ],
)
def test_same_origin(headers, allowed):
    request = RequestFactory().post("/en/cookie-settings/save/", headers=headers)
    assert same_origin(request) is allowed


def test_trusted_origins_are_allowed(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://www.tevenn.example"]
    request = RequestFactory().post("/", headers={"Origin": "https://www.tevenn.example"})
    assert same_origin(request) is True


def test_over_https_a_plain_http_origin_is_refused():
    factory = RequestFactory()
    secure = {"secure": True}
    ok = factory.post("/", headers={"Origin": "https://testserver"}, **secure)
    downgraded = factory.post("/", headers={"Origin": "http://testserver"}, **secure)
    assert same_origin(ok) is True and same_origin(downgraded) is False
