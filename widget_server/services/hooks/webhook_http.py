"""POSTing webhooks over kept-alive HTTP/1.1 connections, one per receiver and thread.

http.client with a connection kept per receiver costs a fraction of what httpx's layers
did per request (README, "Benchmarks"). Nothing here decides where a request may go: the
caller passes the address that services/hooks/webhook_urls.py checked (or, when private
addresses are allowed, the URL's own host), and the connection is keyed by that address,
so a receiver whose name now resolves elsewhere gets a new, checked connection.

A kept connection the receiver has closed while idle is noticed before the request is
written (the socket reads as closed) and replaced, so the request goes out once, on the
new one. A request whose writing fails on a reused connection went nowhere and is written
again once on a fresh one; once written, it is never sent again here: a lost answer is
the outbox's retry, under the same webhook-id.
"""

from __future__ import annotations

import http.client
import os
import select
import ssl
import threading
from dataclasses import dataclass
from urllib.parse import urlsplit

import certifi

MAX_ANSWER_BYTES = 64 * 1024  # read to reuse the connection; a longer answer closes it
MAX_KEPT = 32  # connections kept per thread; the oldest is closed past that

_local = threading.local()
_tls_lock = threading.Lock()
_tls: dict[int, ssl.SSLContext] = {}


class ConnectFailed(Exception):
    """No connection could be made (refused, unreachable, TLS refused)."""

    def __init__(self, cause: Exception) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.cause = cause


class SendFailed(Exception):
    """The connection broke while the request was written or its answer read."""

    def __init__(self, name: str, cause: Exception) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.name, self.cause = name, cause


@dataclass(frozen=True)
class Target:
    """Where a request goes: scheme, the address (or host) to connect to, its port, and
    the name its TLS certificate must carry."""

    scheme: str
    address: str
    port: int
    server_name: str


def tls_context() -> ssl.SSLContext:
    """This process's TLS settings: loading the CA bundle takes tens of milliseconds."""
    with _tls_lock:
        context = _tls.get(os.getpid())
        if context is None:
            context = ssl.create_default_context(cafile=certifi.where())
            _tls[os.getpid()] = context
        return context


class _PinnedHTTPS(http.client.HTTPSConnection):
    """TLS to a checked address, with the certificate checked for the URL's own name."""

    def __init__(self, target: Target, timeout: float) -> None:
        super().__init__(target.address, target.port, timeout=timeout, context=tls_context())
        self.server_name = target.server_name

    def connect(self) -> None:
        http.client.HTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(  # type: ignore[attr-defined]
            self.sock, server_hostname=self.server_name
        )


def target_of(url: str, server_name: str | None = None) -> tuple[Target, str]:
    """The connection target of a URL and the request's path with its query."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = parts.hostname or ""
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port, server_name or host), path


def _kept() -> dict[Target, http.client.HTTPConnection]:
    pid = os.getpid()
    if getattr(_local, "pid", None) != pid:  # a forked worker never shares its parent's
        _local.pid, _local.connections = pid, {}
    connections: dict[Target, http.client.HTTPConnection] = _local.connections
    return connections


def _closed_by_peer(connection: http.client.HTTPConnection) -> bool:
    """An idle kept connection that reads as ready has been closed (or spoken on) by the
    receiver; either way it cannot carry a request."""
    sock = connection.sock
    if sock is None:
        return True
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def _open(target: Target, timeout: float) -> http.client.HTTPConnection:
    connection: http.client.HTTPConnection
    if target.scheme == "https":
        connection = _PinnedHTTPS(target, timeout)
    else:
        connection = http.client.HTTPConnection(target.address, target.port, timeout=timeout)
    try:
        connection.connect()
    except TimeoutError:
        connection.close()
        raise
    except OSError as exc:
        connection.close()
        raise ConnectFailed(exc) from exc
    return connection


def _connection(target: Target, timeout: float) -> tuple[http.client.HTTPConnection, bool]:
    """A connection to the target and whether it was kept from an earlier request."""
    kept = _kept()
    connection = kept.pop(target, None)
    if connection is not None and not _closed_by_peer(connection):
        if connection.sock is not None:
            connection.sock.settimeout(timeout)
        kept[target] = connection
        return connection, True
    if connection is not None:
        connection.close()
    connection = _open(target, timeout)
    kept[target] = connection
    while len(kept) > MAX_KEPT:
        kept.pop(next(iter(kept))).close()
    return connection, False


def drop(target: Target) -> None:
    connection = _kept().pop(target, None)
    if connection is not None:
        connection.close()


def close_all() -> None:
    """Close this thread's kept connections."""
    kept = _kept()
    for connection in kept.values():
        connection.close()
    kept.clear()


def post(target: Target, path: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    """POST once and return the answer's status; TimeoutError, ConnectFailed or SendFailed
    if no answer came. Redirects are answers like any other (never followed)."""
    for _ in range(2):
        connection, reused = _connection(target, timeout)
        try:
            connection.request("POST", path, body=body, headers=headers)
        except TimeoutError:
            drop(target)
            raise
        except OSError as exc:
            drop(target)
            if reused:
                continue  # written into a connection already gone: nothing was delivered
            raise SendFailed("WriteError", exc) from exc
        return _answer(target, connection)
    raise SendFailed("WriteError", ConnectionResetError("kept connection lost twice"))


def _answer(target: Target, connection: http.client.HTTPConnection) -> int:
    try:
        response = connection.getresponse()
        response.read(MAX_ANSWER_BYTES)
    except TimeoutError:
        drop(target)
        raise
    except http.client.HTTPException as exc:
        drop(target)
        raise SendFailed("RemoteProtocolError", exc) from exc
    except OSError as exc:
        drop(target)
        raise SendFailed("ReadError", exc) from exc
    if not response.isclosed() or response.will_close:
        drop(target)  # an answer too long to read, or the receiver closes after it
    return response.status
