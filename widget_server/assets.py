"""Widget and page assets: webassets bundles built once at app start, kept in memory.

The widget bundle is every ``embed/src/**/*.js`` except ``embed/src/frame/`` (the iframe's
own script, served apart), minified with rjsmin, in this order: the paths listed in
``embed/src/ORDER`` (one path relative to ``embed/src`` per line; blank lines and ``#``
comments ignored), then any file ORDER does not list, sorted; without ORDER, all sorted.
The literal ``__VW_CSS_PATH__`` in the bundle becomes the hashed widget CSS path, and
``__VW_STRINGS__`` the interface text from the gettext catalogs (widget_strings.py), and
``__VW_LOCALES__`` the server's languages with their directions (locales.py).

Other assets get content-hashed URLs ``/embed/v1/assets/<name>.<sha256-12>.<ext>`` and are
served immutable. Nothing is written to disk: the installed package may be read-only.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from flask import Flask, current_app
from webassets import Bundle, Environment

from widget_server.frames import widget_strings
from widget_server.locales import LOCALES, direction

ASSET_PREFIX = "/embed/v1/assets/"
CSS_PATH_PLACEHOLDER = "__VW_CSS_PATH__"
STRINGS_PLACEHOLDER = "__VW_STRINGS__"
LOCALES_PLACEHOLDER = "__VW_LOCALES__"
_HASH_LENGTH = 12
_MEDIA_TYPES = {"css": "text/css; charset=utf-8", "js": "application/javascript; charset=utf-8"}
# Served as files of their own: (name, path relative to the embed directory, filter).
_SINGLE_FILES = (
    ("widget", "css/widget.css", "rcssmin"),
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


def widget_sources(src_dir: Path) -> list[Path]:
    """The widget's JavaScript files in bundle order (see the module docstring)."""
    found = sorted(
        p
        for p in src_dir.rglob("*.js")
        if p.is_file() and "frame" not in p.relative_to(src_dir).parts[:1]
    )
    order_file = src_dir / "ORDER"
    if not order_file.is_file():
        return found
    listed: list[Path] = []
    for line in order_file.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        path = (src_dir / entry).resolve()
        if src_dir.resolve() not in path.parents or not path.is_file():
            raise AssetError(f"embed/src/ORDER lists {entry!r}, which is not a file in embed/src")
        if path not in listed:
            listed.append(path)
    resolved = {p.resolve() for p in listed}
    return listed + [p for p in found if p.resolve() not in resolved]


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


def build_registry(embed_dir: Path, strings_json: str = "{}") -> AssetRegistry:
    """Bundle and hash everything under embed_dir, in memory."""
    env = Environment(directory=str(embed_dir), url=ASSET_PREFIX, cache=False, manifest=False)
    env.updater = False
    env.auto_build = False
    registry = AssetRegistry()
    for name, relative, filters in _SINGLE_FILES:
        source = embed_dir / relative
        if not source.is_file():
            continue
        body = _build(env, [source], filters)
        ext = source.suffix.lstrip(".")
        filename = f"{name}.{_digest(body)[:_HASH_LENGTH]}.{ext}"
        registry.files[filename] = Asset(body, _MEDIA_TYPES[ext])
        registry.urls[f"{name}.{ext}"] = ASSET_PREFIX + filename
    js = _build(env, widget_sources(embed_dir / "src"), "rjsmin")
    css_path = registry.url("widget.css").encode()
    languages = json.dumps({code: direction(code) for code in LOCALES}, separators=(",", ":"))
    registry.widget_js = (
        js.replace(CSS_PATH_PLACEHOLDER.encode(), css_path)
        .replace(STRINGS_PLACEHOLDER.encode(), strings_json.encode())
        .replace(LOCALES_PLACEHOLDER.encode(), languages.encode())
    )
    registry.widget_etag = _digest(registry.widget_js)[:32]
    return registry


def init_app(app: Flask) -> None:
    registry = build_registry(Path(app.config["EMBED_DIR"]), widget_strings.catalog_json(app))
    app.extensions["assets"] = registry
    app.jinja_env.globals["asset_url"] = registry.url


def registry() -> AssetRegistry:
    return current_app.extensions["assets"]
