"""Our emails as bytes, written directly: the headers and MIME parts email.message would make.

email.message builds a parse tree for every header and re-folds it when the message is
written, which cost the worker more than rendering the templates did (README,
"Benchmarks"). Our messages have one shape (headers, a text part, an HTML alternative), so
OutgoingEmail collects them with the few EmailMessage methods compose() calls and writes
the bytes itself. What it does not handle simply (an address that is not plain ASCII, a
line too long to fold) goes through the standard library instead; as_message() gives the
EmailMessage for the log transport and for tests that compare the two.
"""

from __future__ import annotations

import base64
import re
import secrets
from dataclasses import dataclass
from email import headerregistry
from email.message import EmailMessage
from email.policy import default as default_policy

_LINE = 78  # what RFC 5322 asks lines to keep to
_LONGEST = 998  # what it allows
_SPECIALS = re.compile(r'[()<>\[\]:;@\\,."]')
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+")
_ADDRESS_HEADERS = frozenset({"from", "to", "cc", "reply-to", "sender"})


@dataclass(frozen=True)
class Address:
    """What email.headerregistry.Address holds, without parsing the address at once (that
    parse was a tenth of composing); as_message() makes the standard one, which checks."""

    display_name: str = ""
    addr_spec: str = ""

    def __str__(self) -> str:
        return str(self.standard())

    def standard(self) -> headerregistry.Address:
        return headerregistry.Address(display_name=self.display_name, addr_spec=self.addr_spec)


class Fallback(Exception):
    """The message needs the standard library's encoder."""


def _encoded_words(text: str, first: int) -> list[str]:
    """RFC 2047 base64 words of UTF-8, each within its line (the first after `first` chars),
    split between characters so each word decodes on its own."""
    words, chunk, room = [], b"", (_LINE - first - 12) // 4 * 3
    for char in text:
        data = char.encode()
        if chunk and len(chunk) + len(data) > room:
            words.append(chunk)
            chunk, room = b"", (_LINE - 1 - 12) // 4 * 3
        chunk += data
    words.append(chunk)
    return [f"=?utf-8?b?{base64.b64encode(w).decode('ascii')}?=" for w in words]


def _folded(name: str, text: str) -> str:
    """An unstructured header: as it is when ASCII and short, folded at spaces when ASCII
    and long, in encoded words otherwise (or when it could be read as one)."""
    start = len(name) + 2
    if text.isascii() and text.isprintable() and "=?" not in text:
        if start + len(text) <= _LINE:
            return text
        lines: list[str] = []
        line: str | None = None
        for word in text.split(" "):
            if line is None:
                line = word
            elif word and line.strip() and start + len(line) + 1 + len(word) > _LINE:
                lines.append(line)
                line, start = word, 1  # a folded line starts with the space it replaced
            else:
                line = f"{line} {word}"
        lines.append(line or "")
        if any(len(x) > _LONGEST - 1 for x in lines):
            raise Fallback
        return "\r\n ".join(lines)
    return "\r\n ".join(_encoded_words(text, start))


def _address(value: Address | str, name: str) -> str:
    if isinstance(value, Address):
        spec, display = value.addr_spec, value.display_name
    else:
        spec, display = value, ""
    if not _PLAIN_ADDRESS.fullmatch(spec):
        raise Fallback  # quoted local parts, international addresses, groups
    if not display:
        return spec
    if display.isascii() and display.isprintable() and "=?" not in display:
        if _SPECIALS.search(display):
            display = '"' + display.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if len(name) + 2 + len(display) + len(spec) + 3 > _LONGEST:
            raise Fallback
        return f"{display} <{spec}>"  # a long name on one line: it has nowhere to fold
    words = _encoded_words(display, len(name) + 2)
    return "\r\n ".join([*words[:-1], f"{words[-1]} <{spec}>"])


def _body(text: str) -> tuple[str, bytes]:
    """The transfer encoding email.message would pick (7bit or 8bit when every line is short;
    base64 here where it might pick quoted-printable), and the encoded body with CRLFs."""
    lines = text.encode("utf-8").splitlines()
    if max((len(x) for x in lines), default=0) <= _LINE:
        body = b"\r\n".join(lines) + b"\r\n"
        return ("7bit" if body.isascii() else "8bit"), body
    encoded = base64.encodebytes(b"\r\n".join(lines) + b"\r\n")  # text's canonical form
    return "base64", encoded.replace(b"\n", b"\r\n")


class OutgoingEmail:
    """An email of headers, a plain-text part and an optional HTML alternative."""

    def __init__(self) -> None:
        self._headers: list[tuple[str, Address | str]] = []
        self._text: str | None = None
        self._html: str | None = None
        self._wire: tuple[str, list[str], bytes] | tuple[()] | None = None

    def __setitem__(self, name: str, value: Address | str) -> None:
        self._headers.append((name, value))
        self._wire = None

    def __getitem__(self, name: str) -> str | None:
        for key, value in self._headers:
            if key.lower() == name.lower():
                return str(value)
        return None

    def keys(self) -> list[str]:
        return [name for name, _ in self._headers]

    def set_content(self, text: str) -> None:
        self._text, self._wire = text, None

    def add_alternative(self, html: str, subtype: str = "html") -> None:
        if subtype != "html":
            raise ValueError("only an HTML alternative is written here")
        self._html, self._wire = html, None

    def wire(self) -> tuple[str, list[str], bytes] | None:
        """The SMTP sender, recipients (To and Cc, as smtplib.send_message takes them) and
        bytes with CRLF line ends; None if the message needs the standard library (then
        send as_message())."""
        if self._wire is None:
            self._wire = self._wire_or_fallback()
        return self._wire or None

    def _wire_or_fallback(self) -> tuple[str, list[str], bytes] | tuple[()]:
        named = {k.lower() for k, _ in self._headers}
        if "from" not in named or "bcc" in named:  # the standard library says what is wrong
            return ()
        try:
            data = self._written()
        except Fallback:
            return ()
        spec = [(k.lower(), v.addr_spec if isinstance(v, Address) else v) for k, v in self._headers]
        sender = next(v for k, v in spec if k == "from")
        return sender, [v for k, v in spec if k in ("to", "cc")], data

    def as_message(self) -> EmailMessage:
        """The same message built by email.message (the reference this module follows)."""
        message = EmailMessage()
        late: list[tuple[str, Address | str]] = []
        for name, value in self._headers:
            if name.lower().startswith("content-"):
                late.append((name, value))
            else:
                message[name] = value.standard() if isinstance(value, Address) else value
        if self._text is not None:
            message.set_content(self._text)
        if self._html is not None:
            message.add_alternative(self._html, subtype="html")
        for name, value in late:
            message[name] = value.standard() if isinstance(value, Address) else value
        return message

    def as_bytes(self) -> bytes:
        """The message as it goes on the wire (CRLF line ends)."""
        wire = self.wire()
        if wire is None:
            return self.as_message().as_bytes(policy=default_policy.clone(linesep="\r\n"))
        return wire[2]

    def _written(self) -> bytes:
        head: list[str] = []
        late: list[str] = []
        for name, value in self._headers:
            if name.lower() in _ADDRESS_HEADERS:
                line = f"{name}: {_address(value, name)}"
            elif name.lower() == "date":
                line = f"{name}: {str(value).replace(' GMT', ' +0000')}"
            else:
                line = f"{name}: {_folded(name, str(value))}"
            (late if name.lower().startswith("content-") else head).append(line)
        text_cte, text = _body(self._text or "")
        if self._html is None:
            head += [
                'Content-Type: text/plain; charset="utf-8"',
                f"Content-Transfer-Encoding: {text_cte}",
                "MIME-Version: 1.0",
                *late,
            ]
            return ("\r\n".join(head) + "\r\n\r\n").encode() + text
        html_cte, html = _body(self._html)
        boundary = f"==============={secrets.randbits(63):019d}=="
        head += [
            "MIME-Version: 1.0",
            f'Content-Type: multipart/alternative;\r\n boundary="{boundary}"',
            *late,
        ]
        mark = f"--{boundary}\r\n".encode()
        return b"".join(
            [
                ("\r\n".join(head) + "\r\n\r\n").encode(),
                mark,
                b'Content-Type: text/plain; charset="utf-8"\r\n',
                f"Content-Transfer-Encoding: {text_cte}\r\n\r\n".encode(),
                text,
                b"\r\n",
                mark,
                b'Content-Type: text/html; charset="utf-8"\r\n',
                f"Content-Transfer-Encoding: {html_cte}\r\n".encode(),
                b"MIME-Version: 1.0\r\n\r\n",
                html,
                f"\r\n--{boundary}--\r\n".encode(),
            ]
        )
