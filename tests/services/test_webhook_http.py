"""Webhooks over kept-alive connections: one connection for many deliveries, a connection the
receiver dropped is replaced without sending twice, and a refused address stays refused."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.waiting import wait_until
from widget_server.models import WebhookEndpoint
from widget_server.services.hooks import webhook_http
from widget_server.services.hooks.webhook_delivery import DeliverySettings, attempt
from widget_server.services.hooks.webhook_signing import new_secret, verify_signature


@dataclass
class KeepAliveReceiver:
    url: str = ""
    secret: str = field(default_factory=new_secret)
    drop_after_answer: bool = False  # close each connection silently after its answer
    connections: int = 0
    dropped: int = 0
    ids: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@pytest.fixture
def receiver() -> Iterator[KeepAliveReceiver]:
    state = KeepAliveReceiver()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            with state.lock:
                state.connections += 1

        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["content-length"]))
            message_id = verify_signature(state.secret, dict(self.headers.items()), body)
            with state.lock:
                state.ids.append(message_id)
            self.send_response(204)
            self.end_headers()
            if state.drop_after_answer:  # as an idle timeout would, with no header said
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                with state.lock:
                    state.dropped += 1

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    webhook_http.close_all()
    try:
        yield state
    finally:
        webhook_http.close_all()
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _endpoint(receiver: KeepAliveReceiver) -> WebhookEndpoint:
    return WebhookEndpoint(id=1, url=receiver.url, secret=receiver.secret, enabled=True)


def _message(n: int) -> dict[str, Any]:
    return {
        "message_id": f"msg_{n}",
        "event_type": "signup.created",
        "body": {"type": "signup.created", "data": {"id": f"sgn_{n}"}},
    }


ALLOWED = DeliverySettings(timeout_seconds=5, allow_private_urls=True)


def test_deliveries_to_one_receiver_share_one_connection(receiver: KeepAliveReceiver) -> None:
    results = [attempt(_endpoint(receiver), _message(n), ALLOWED) for n in range(5)]

    assert [r.status_code for r in results] == [204] * 5
    assert receiver.ids == [f"msg_{n}" for n in range(5)]
    assert receiver.connections == 1


def test_a_connection_the_receiver_dropped_is_reopened_and_nothing_is_sent_twice(
    receiver: KeepAliveReceiver,
) -> None:
    receiver.drop_after_answer = True

    results = []
    for n in range(3):
        results.append(attempt(_endpoint(receiver), _message(n), ALLOWED))
        wait_until(lambda n=n: receiver.dropped == n + 1)  # the drop has happened

    assert all(r.succeeded for r in results)
    assert receiver.ids == ["msg_0", "msg_1", "msg_2"]  # each once
    assert receiver.connections == 3


def test_a_dropped_connection_noticed_only_when_used_still_sends_nothing_twice(
    receiver: KeepAliveReceiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    receiver.drop_after_answer = True
    assert attempt(_endpoint(receiver), _message(0), ALLOWED).succeeded
    wait_until(lambda: receiver.dropped == 1)
    # The drop goes unnoticed before writing (it happened in that instant, say).
    monkeypatch.setattr(webhook_http, "_closed_by_peer", lambda connection: False)

    first = attempt(_endpoint(receiver), _message(1), ALLOWED)
    if not first.succeeded:
        # The request was written before the drop showed: it is not written again here;
        # the outbox's retry, under the same webhook-id, delivers it.
        assert (first.error or "").startswith("connection failed")
        assert attempt(_endpoint(receiver), _message(1), ALLOWED).succeeded
    # Otherwise the write itself failed, so nothing had gone out: it was written once more.

    assert receiver.ids == ["msg_0", "msg_1"]


def test_a_private_address_is_refused_even_with_a_connection_kept_to_it(
    receiver: KeepAliveReceiver,
) -> None:
    assert attempt(_endpoint(receiver), _message(0), ALLOWED).succeeded  # a kept connection

    refused = attempt(_endpoint(receiver), _message(1), DeliverySettings(timeout_seconds=5))

    assert refused.error == "refused: the URL does not resolve to a public address"
    assert refused.status_code is None
    assert receiver.ids == ["msg_0"]


def test_an_answer_that_does_not_come_in_time_is_a_timeout(receiver: KeepAliveReceiver) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)  # accepts the connection, never answers
        endpoint = _endpoint(receiver)
        endpoint.url = f"http://127.0.0.1:{silent.getsockname()[1]}/hooks"
        result = attempt(endpoint, _message(0), DeliverySettings(0.3, allow_private_urls=True))

    assert result.error == "timed out after 0.3 s"
