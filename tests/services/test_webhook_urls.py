"""Webhook URLs: http(s) only, and never into loopback or private networks (SSRF)."""

from __future__ import annotations

import pytest

from widget_server.services.errors import ValidationFailed
from widget_server.services.webhook_urls import check_endpoint_url, pinned_request


@pytest.mark.parametrize(
    "url",
    [
        "ftp://hooks.example/x",
        "file:///etc/passwd",
        "gopher://127.0.0.1:25/",
        "javascript:alert(1)",
        "https://user:pass@hooks.example/",
        "https:///no-host",
        "hooks.example/no-scheme",
        "https://hooks.example/with space",
        "https://hooks.example:99999/",
    ],
)
def test_urls_that_are_not_plain_http_or_https_are_refused(url: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_endpoint_url(url, allow_private=True)
    assert refused.value.fields["url"].code == "invalid_url"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hooks",
        "http://localhost/hooks",
        "http://[::1]/hooks",
        "http://10.1.2.3/hooks",
        "http://172.16.0.9/hooks",
        "http://192.168.1.1/hooks",
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://100.64.0.1/hooks",  # carrier-grade NAT
        "http://0.0.0.0/hooks",
        "http://[::ffff:127.0.0.1]/hooks",
        "http://[fd00::1]/hooks",
        "http://2130706433/hooks",  # 127.0.0.1 written as one number
    ],
)
def test_loopback_private_and_link_local_targets_are_refused(url: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_endpoint_url(url, allow_private=False)
    assert refused.value.fields["url"].code == "url_not_public"


def test_private_targets_are_allowed_when_the_setting_says_so() -> None:
    assert check_endpoint_url("http://127.0.0.1:8000/hooks", allow_private=True) == (
        "http://127.0.0.1:8000/hooks"
    )


def test_public_addresses_are_accepted() -> None:
    assert check_endpoint_url(" https://93.184.215.14/hooks ", allow_private=False) == (
        "https://93.184.215.14/hooks"
    )


def test_a_pinned_request_goes_to_the_checked_address_named_as_the_original_host() -> None:
    assert pinned_request("https://hooks.example/in?x=1", "93.184.215.14") == (
        "https://93.184.215.14/in?x=1",
        {"host": "hooks.example"},
        {"sni_hostname": "hooks.example"},
    )
    assert pinned_request("http://hooks.example:8080/in", "2606:2800:220:1::1") == (
        "http://[2606:2800:220:1::1]:8080/in",
        {"host": "hooks.example:8080"},
        {},
    )
