"""Widget and page assets: webassets bundles built once per process, on first use, kept in
memory.

The widget comes in two bundles, both minified with rjsmin. The second, ``widget-later.js``,
is the files that ``embed/src/LATER`` lists, in its order (one path relative to
``embed/src`` per line; blank lines and ``#`` comments ignored): what the first tasks do not
need. The first, ``widget.js``, is every other ``embed/src/**/*.js`` except
``embed/src/frame/`` (the iframe's own script, served apart), in this order: the paths
listed in ``embed/src/ORDER``, then any file ORDER does not list, sorted; without ORDER,
all sorted. The literal ``__VW_CSS_PATH__`` in the bundle becomes the hashed widget CSS
path, ``__VW_STRINGS__`` the interface text from the gettext catalogs (widget_strings.py),
and ``__VW_LOCALES__`` the server's languages with their directions (locales.py).

The two bundles share names as one scope would: the build reads each file's top-level
``function NAME`` and ``var NAME`` (at two spaces' indent, inside the bundle's wrapping
function), and fills in ``__VW_LATER_IMPORTS__`` (the first bundle's names the second
uses, from the object ``__VW_LATER_KIT__`` that the first passes it),
``__VW_LATER_EXPORTS__`` (the second's names the first calls) and ``__VW_LATER_STUBS__``
(a stand-in for each of them in the first, see embed/src/widget/later.js);
``__VW_LATER_PATH__`` and ``__VW_LATER_CSS_PATH__`` become the second bundle's hashed
paths and ``__VW_LATER_STRINGS__`` its texts. Last, calmjs.parse shortens each bundle's
private names, which rjsmin leaves whole (the sources are ES5: no Node toolchain here).

Other assets get content-hashed URLs ``/embed/v1/assets/<name>.<sha256-12>.<ext>`` and are
served immutable. Nothing is written to disk: the installed package may be read-only.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from calmjs.parse import es5
from calmjs.parse.exceptions import ECMASyntaxError
from calmjs.parse.unparsers.es5 import minify_print
from flask import Flask, current_app
from webassets import Bundle, Environment

from widget_server.frames import widget_strings
from widget_server.locales import LOCALES, direction

ASSET_PREFIX = "/embed/v1/assets/"
CSS_PATH_PLACEHOLDER = "__VW_CSS_PATH__"
STRINGS_PLACEHOLDER = "__VW_STRINGS__"
LOCALES_PLACEHOLDER = "__VW_LOCALES__"
_TOP_LEVEL = re.compile(r"^  (?:function\s+([\w$]+)|var\s+(.*)$)", re.MULTILINE)
_IDENTIFIER = re.compile(r"(?<![\w$.])[A-Za-z_$][\w$]*")
_HASH_LENGTH = 12
_MEDIA_TYPES = {"css": "text/css; charset=utf-8", "js": "application/javascript; charset=utf-8"}
# Served as files of their own: (name, path relative to the embed directory, filter).
_SINGLE_FILES = (
    ("widget", "css/widget.css", "rcssmin"),
    ("widget-later", "css/widget-later.css", "rcssmin"),
    ("frame", "css/frame.css", "rcssmin"),
    ("resize", "src/frame/resize.js", "rjsmin"),
    ("admin", "admin/admin.css", "rcssmin"),
    ("admin", "admin/admin.js", "rjsmin"),
    ("share", "hosted/share.js", "rjsmin"),
    ("zone-filter", "forms/zone-filter.js", "rjsmin"),
)


class AssetError(RuntimeError):
    """The embed sources cannot be bundled as they are."""


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str


@dataclass
class AssetRegistry:
    widget_js: bytes = b""
    widget_etag: str = ""
    files: dict[str, Asset] = field(default_factory=dict)  # "widget.1a2b3c4d5e6f.css" -> Asset
    urls: dict[str, str] = field(default_factory=dict)  # "widget.css" -> hashed URL

    def url(self, name: str) -> str:
        """The hashed URL of an asset such as "frame.css"; "" if its source is missing."""
        return self.urls.get(name, "")


def _listed(src_dir: Path, name: str) -> list[Path]:
    """The files that embed/src/ORDER or LATER lists, in its order."""
    listed: list[Path] = []
    for line in (src_dir / name).read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        path = (src_dir / entry).resolve()
        if src_dir.resolve() not in path.parents or not path.is_file():
            raise AssetError(f"embed/src/{name} lists {entry!r}, which is not a file in embed/src")
        if path not in listed:
            listed.append(path)
    return listed


def later_sources(src_dir: Path) -> list[Path]:
    """The second bundle's files in order: what embed/src/LATER lists (none without it)."""
    return _listed(src_dir, "LATER") if (src_dir / "LATER").is_file() else []


def widget_sources(src_dir: Path) -> list[Path]:
    """The first bundle's JavaScript files in order (see the module docstring)."""
    later = {p.resolve() for p in later_sources(src_dir)}
    found = sorted(
        p
        for p in src_dir.rglob("*.js")
        if p.is_file()
        and "frame" not in p.relative_to(src_dir).parts[:1]
        and p.resolve() not in later
    )
    if not (src_dir / "ORDER").is_file():
        return found
    listed = _listed(src_dir, "ORDER")
    resolved = {p.resolve() for p in listed}
    if resolved & later:
        raise AssetError("embed/src/ORDER and LATER list the same file")
    return listed + [p for p in found if p.resolve() not in resolved]


def _declared(files: list[Path]) -> set[str]:
    """The top-level names the files declare (functions, and each name of a one-line var)."""
    names: set[str] = set()
    for path in files:
        for function, declaration in _TOP_LEVEL.findall(path.read_text(encoding="utf-8")):
            if function:
                names.add(function)
                continue
            parts = [declaration]
            if declaration.endswith(";"):
                parts = _split_top_level(declaration[:-1])
            for part in parts:
                match = _IDENTIFIER.match(part.strip())
                if match:
                    names.add(match.group())
    return {name for name in names if not name.startswith("__VW_")}


def _split_top_level(declaration: str) -> list[str]:
    """Splits "a = f(1, 2), b = 3" at the commas outside brackets and strings."""
    parts, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(declaration):
        if quote:
            quote = "" if char == quote and declaration[i - 1] != "\\" else quote
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif char == "," and depth == 0:
            parts.append(declaration[start:i])
            start = i + 1
    return [*parts, declaration[start:]]


def _link(first: list[Path], later: list[Path], first_js: str, later_js: str) -> dict[str, str]:
    """What fills the __VW_LATER_*__ placeholders that join the two bundles' names."""
    ours, theirs = _declared(first), _declared(later)
    if ours & theirs:
        raise AssetError(f"both widget bundles declare {sorted(ours & theirs)}")
    imports = sorted(ours & set(_IDENTIFIER.findall(later_js)))
    exports = sorted(theirs & set(_IDENTIFIER.findall(first_js)))
    return {
        "__VW_LATER_KIT__": "{" + ",".join(f"{n}:{n}" for n in imports) + "}",
        "__VW_LATER_IMPORTS__": ",".join(f"{n}=kit.{n}" for n in imports) or "_",
        "__VW_LATER_EXPORTS__": "{" + ",".join(f"{n}:{n}" for n in exports) + "}",
        "__VW_LATER_STUBS__": ",".join(f'{n}=later("{n}")' for n in exports) or "_",
    }


@lru_cache(maxsize=16)
def _shortened(js: bytes) -> bytes:
    """The bundle with its private names shortened (calmjs.parse); globals keep theirs.

    Kept per process by content: the tests build many apps from the same sources.
    """
    try:
        tree = es5(js.decode("utf-8"))
    except ECMASyntaxError as error:
        raise AssetError(f"the widget's JavaScript is not ES5: {error}") from error
    return minify_print(tree, obfuscate=True, obfuscate_globals=False).encode("utf-8")


def _fill(body: bytes, values: dict[str, str]) -> bytes:
    for placeholder, value in values.items():
        body = body.replace(placeholder.encode(), value.encode())
    return body


def _build(env: Environment, files: list[Path], filters: str) -> bytes:
    if not files:
        return b""
    bundle = Bundle(*(str(f) for f in files), filters=filters, output="unused")
    bundle.env = env
    out = io.StringIO()
    bundle.build(force=True, output=out)
    return out.getvalue().encode("utf-8")


def _digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _add(registry: AssetRegistry, name: str, ext: str, body: bytes) -> None:
    filename = f"{name}.{_digest(body)[:_HASH_LENGTH]}.{ext}"
    registry.files[filename] = Asset(body, _MEDIA_TYPES[ext])
    registry.urls[f"{name}.{ext}"] = ASSET_PREFIX + filename


def build_registry(
    embed_dir: Path, strings_json: str = "{}", later_strings_json: str = "{}"
) -> AssetRegistry:
    """Bundle and hash everything under embed_dir, in memory."""
    env = Environment(directory=str(embed_dir), url=ASSET_PREFIX, cache=False, manifest=False)
    env.updater = False
    env.auto_build = False
    registry = AssetRegistry()
    for name, relative, filters in _SINGLE_FILES:
        source = embed_dir / relative
        if source.is_file():
            _add(registry, name, source.suffix.lstrip("."), _build(env, [source], filters))
    src = embed_dir / "src"
    first, later = widget_sources(src), later_sources(src)
    js, later_js = _build(env, first, "rjsmin"), _build(env, later, "rjsmin")
    link = _link(first, later, js.decode(), later_js.decode())
    if later:
        later_js = _shortened(_fill(later_js, {**link, "__VW_LATER_STRINGS__": later_strings_json}))
        _add(registry, "widget-later", "js", later_js)
    languages = json.dumps({code: direction(code) for code in LOCALES}, separators=(",", ":"))
    registry.widget_js = _shortened(
        _fill(
            js,
            {
                **link,
                CSS_PATH_PLACEHOLDER: registry.url("widget.css"),
                "__VW_LATER_PATH__": registry.url("widget-later.js"),
                "__VW_LATER_CSS_PATH__": registry.url("widget-later.css"),
                STRINGS_PLACEHOLDER: strings_json,
                LOCALES_PLACEHOLDER: languages,
            },
        )
    )
    registry.widget_etag = _digest(registry.widget_js)[:32]
    return registry


def init_app(app: Flask) -> None:
    app.extensions["assets"] = None
    app.jinja_env.globals["asset_url"] = lambda name: registry().url(name)


_build_lock = threading.Lock()


def registry() -> AssetRegistry:
    """The app's bundles, built at the first request that needs them: commands and worker
    passes that serve no page never pay for minifying and shortening the widget (about a
    second of CPU), and a process builds them once however many threads ask at once."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    built: AssetRegistry | None = app.extensions["assets"]
    if built is None:
        with _build_lock:
            built = app.extensions["assets"]
            if built is None:
                built = build_registry(
                    Path(app.config["EMBED_DIR"]),
                    widget_strings.catalog_json(app),
                    widget_strings.catalog_json(app, later=True),
                )
                app.extensions["assets"] = built
    return built
