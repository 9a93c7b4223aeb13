"""A real webhook receiver on a loopback port, written as an integrator would write one.

It verifies every request with verify_signature and with the Standard Webhooks reference
library, refuses stale timestamps, and processes each webhook-id once. Tests script its
answers ("fail", "slow") to play a receiver that is down or too slow.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import standardwebhooks
from flask import Flask
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from widget_server.services.hooks.webhook_signing import WebhookVerificationError, verify_signature
from widget_server.services.outbound import outbox
from widget_server.worker.senders import install_senders
from widget_server.worker.worker_loop import Worker


@dataclass
class Received:
    message_id: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class Receiver:
    url: str = ""
    secrets: list[str] = field(default_factory=list)
    # One scripted behaviour per request, in order: "ok", "fail" (answers 500), "slow"
    # (processes the message, then holds its answer until `release` is set: longer than any
    # timeout, however busy the machine), "reject" (answers 400).
    script: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    processed: list[Received] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def verify(self, headers: dict[str, str], raw: bytes) -> str:
        """The webhook-id if any known secret verifies the request, with both verifiers."""
        reason = "no secret"
        for secret in self.secrets:
            try:
                message_id = verify_signature(secret, headers, raw)
            except WebhookVerificationError as exc:
                reason = str(exc)
                continue
            standardwebhooks.Webhook(secret).verify(raw, headers)  # the reference agrees
            return message_id
        raise WebhookVerificationError(reason)

    def handle(self, request: Request) -> Response:
        raw = request.get_data()
        headers = {k.lower(): v for k, v in request.headers.items()}
        with self.lock:
            self.requests += 1
            behaviour = self.script.pop(0) if self.script else "ok"
        if behaviour == "fail":
            return Response("down for maintenance", status=500)
        if behaviour == "reject":
            return Response("no", status=400)
        try:
            message_id = self.verify(headers, raw)
        except (WebhookVerificationError, standardwebhooks.WebhookVerificationError) as exc:
            with self.lock:
                self.refused.append(str(exc))
            return Response("bad signature", status=401)
        with self.lock:
            if any(r.message_id == message_id for r in self.processed):
                self.duplicates.append(message_id)
            else:
                self.processed.append(Received(message_id, headers, json.loads(raw)))
        if behaviour == "slow":
            self.release.wait()
        return Response(status=204)

    def events(self, event_type: str | None = None) -> list[dict[str, Any]]:
        return [r.body for r in self.processed if event_type in (None, r.body["type"])]


@contextmanager
def running_receiver() -> Iterator[Receiver]:
    receiver = Receiver()

    @Request.application
    def app(request: Request) -> Response:
        return receiver.handle(request)

    server = make_server("127.0.0.1", 0, app, threaded=True)
    receiver.url = f"http://127.0.0.1:{server.server_port}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release.set()
        server.shutdown()
        thread.join(timeout=10)


def deliver_queued_messages(app: Flask) -> None:
    """Run an outbox worker with the real senders until no message is due."""
    install_senders(app)
    try:
        Worker(app, name="test-worker").run(drain=True)
    finally:
        for kind in ("email", "webhook"):
            outbox.unregister_sender(kind)
