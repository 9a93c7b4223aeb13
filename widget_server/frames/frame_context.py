"""Which organization an iframe page serves, and which parent window it may talk to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask import g, request
from flask_babel import get_locale

from widget_server.auth import (
    browser_origin_allowed,
    load_publishable_key,
    organization_by_slug,
)
from widget_server.models import Organization
from widget_server.services.access.origins import normalise_origin
from widget_server.services.catalog import widget_theme
from widget_server.services.times.zones import is_zone

_INSTANCE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class FrameContext:
    """parent: the host page's origin, only if the organization allows it (else no messages)."""

    parent: str | None
    instance: str
    key: str | None
    org_slug: str | None
    locale: str
    # The look: ?theme= and ?accent= (from the widget or the snippet) win over the
    # organization's defaults.
    theme: str | None = None
    accent: str | None = None
    # The visitor's IANA zone (?tz=, sent by the widget or the frame's own script): times
    # are shown in it. None until the browser has said.
    zone: str | None = None

    def link_args(self) -> dict[str, Any]:
        """Query arguments that keep a link inside the same embed (key, locale, parent…)."""
        args: dict[str, Any] = {"locale": self.locale}
        if self.key:
            args["key"] = self.key
        elif self.org_slug:
            args["org"] = self.org_slug
        if self.parent:
            args["parent"] = self.parent
        if self.instance:
            args["instance"] = self.instance
        for name in ("theme", "accent"):
            if request.args.get(name) and getattr(self, name):
                args[name] = getattr(self, name)
        if self.zone:
            args["tz"] = self.zone
        return args


def load_organization(allow_slug: bool) -> Organization:
    """The ?key= organization; with allow_slug, ?org=<slug> also serves top-level pages."""
    slug = request.args.get("org")
    if allow_slug and slug and "key" not in request.args:
        return organization_by_slug(slug)
    return load_publishable_key(check_origin=False)


def load_frame_context(organization: Organization) -> FrameContext:
    parent = normalise_origin(request.args.get("parent", ""))
    if not browser_origin_allowed(parent, organization):
        parent = None
    instance = request.args.get("instance", "")
    theme = request.args.get("theme", "")
    accent = request.args.get("accent", "").lower()
    frame = FrameContext(
        parent=parent,
        instance=instance if _INSTANCE.match(instance) else "",
        key=request.args.get("key") if "key" in request.args else None,
        org_slug=organization.slug if "key" not in request.args else None,
        locale=str(get_locale()),
        theme=theme if theme in widget_theme.THEMES else organization.widget_theme,
        accent=accent if widget_theme.is_hex_colour(accent) else organization.widget_accent,
        zone=request.args.get("tz") if is_zone(request.args.get("tz")) else None,
    )
    g.frame = frame
    return frame
