"""Webhook URLs: http(s) only, and never into loopback or private networks (SSRF)."""

from __future__ import annotations

import socket
from ipaddress import ip_address

import pytest

from widget_server.models import WebhookEndpoint
from widget_server.services.errors import ValidationFailed
from widget_server.services.hooks.webhook_delivery import DeliverySettings, attempt
from widget_server.services.hooks.webhook_urls import (
    check_endpoint_url,
    is_public,
    pinned_request,
    public_address,
)


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


# IPv6 forms that carry an IPv4 address, each with a loopback, a private and a public one.
CARRYING_IPV4 = {
    "nat64": ("64:ff9b::7f00:1", "64:ff9b::a00:1", "64:ff9b::808:808"),
    "6to4": ("2002:7f00:1::1", "2002:a00:1::1", "2002:808:808::1"),
    "ipv4-compatible": ("::127.0.0.1", "::10.0.0.1", "::8.8.8.8"),
    "ipv4-mapped": ("::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:8.8.8.8"),
}
TRANSLATION_RANGES = ("nat64", "6to4")


def _resolving_to(monkeypatch: pytest.MonkeyPatch, address: str) -> None:
    def getaddrinfo(host: str, port: int, **_: object) -> list[tuple[object, ...]]:
        return [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize("form", sorted(CARRYING_IPV4))
@pytest.mark.parametrize("allow_nat64", [False, True])
def test_an_ipv4_address_inside_ipv6_is_judged_like_the_ipv4_address(
    monkeypatch: pytest.MonkeyPatch, form: str, allow_nat64: bool
) -> None:
    loopback, private, public = CARRYING_IPV4[form]
    for address in (loopback, private):
        _resolving_to(monkeypatch, address)
        with pytest.raises(ValidationFailed) as refused:
            check_endpoint_url(
                "https://hooks.example/in", allow_private=False, allow_nat64=allow_nat64
            )
        assert refused.value.fields["url"].code == "url_not_public", address
    _resolving_to(monkeypatch, public)
    accepted = form not in TRANSLATION_RANGES or allow_nat64
    assert is_public(ip_address(public), allow_nat64=allow_nat64) is accepted


@pytest.mark.parametrize(
    "address",
    ["64:ff9b::808:808", "2002:808:808::1", "2001:0:4136:e378:8000:63bf:f7f7:f7f7"],
)
def test_translation_ranges_are_refused_unless_the_operator_allows_them(
    monkeypatch: pytest.MonkeyPatch, address: str
) -> None:
    _resolving_to(monkeypatch, address)
    with pytest.raises(ValidationFailed):
        check_endpoint_url("https://hooks.example/in", allow_private=False)
    assert public_address("https://hooks.example/in", allow_nat64=True) == address


def test_teredo_is_judged_by_its_server_and_client_addresses() -> None:
    # Server 65.54.227.120 is public; the client (obfuscated in the address) is 10.0.0.1.
    private_client = ip_address("2001:0:4136:e378:8000:63bf:f5ff:fffe")
    assert is_public(private_client, allow_nat64=True) is False


def test_a_local_use_nat64_address_needs_every_possible_ipv4_reading_public() -> None:
    # 64:ff9b:1::/48 does not say where the IPv4 address sits: 8.8.8.8 at /96 reads as
    # 0.0.0.0 at /48, so the address is refused even when NAT64 is allowed.
    assert is_public(ip_address("64:ff9b:1::808:808"), allow_nat64=True) is False


def test_delivery_checks_the_embedded_address_again(monkeypatch: pytest.MonkeyPatch) -> None:
    endpoint = WebhookEndpoint(id=1, url="https://hooks.example/in", secret="whsec_" + "A" * 32)
    message = {"message_id": "msg_1", "event_type": "webhook.test", "body": {}}
    _resolving_to(monkeypatch, "64:ff9b::a00:1")

    delivery = attempt(endpoint, message, DeliverySettings(allow_nat64=True))

    assert delivery.error == "refused: the URL does not resolve to a public address"
