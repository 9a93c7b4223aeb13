"""Who is calling: API keys from requests, and the origin rules that go with them."""

from __future__ import annotations

from flask import Response, current_app, g, request

from widget_server import db
from widget_server.models import ApiKey, KeyKind, Organization
from widget_server.services.access import keys, organizations
from widget_server.services.access.origins import (
    normalise_origin,
    origin_allowed,
    origin_may_read,
)
from widget_server.web.error_handlers import ApiError
from widget_server.web.key_cache import OrgSnapshot


def own_origin() -> str | None:
    """This server's origin as the browser addressed it (its own admin pages live there)."""
    return normalise_origin(request.host_url)


def browser_origin_allowed(
    origin: str | None, organization: Organization, *, reading: bool = False
) -> bool:
    """An organization's allowed origin, or this server's own pages (the embed preview);
    reading=True also lets an opaque origin read (see origins.origin_may_read)."""
    allowed = organization.allowed_origins
    listed = (
        origin_may_read(origin, allowed, request.method)
        if reading
        else origin_allowed(origin, allowed)
    )
    return listed or (origin is not None and origin == own_origin())


def load_publishable_key(*, check_origin: bool = True, public_read: bool = False) -> Organization:
    """The ?key= publishable key's organization; only its own origins may use it in browsers.

    Pages that browsers load by navigation (the iframe pages) pass check_origin=False: a
    GET navigation carries no Origin and their own form posts carry this server's; they
    are guarded by Content-Security-Policy frame-ancestors instead. public_read=True (the
    public listing) also serves a GET from an opaque origin (Origin: null, a sandboxed
    site-builder frame): the data is public, and such a request can do nothing else.
    """
    token = request.args.get("key", "")
    if token.startswith(keys.PREFIXES[KeyKind.SECRET]):
        # A secret key in a URL has leaked into logs and page source already.
        raise ApiError(401, "wrong_key_kind")
    cache = current_app.extensions["key_cache"]
    snapshot = cache.get(token)
    if snapshot is None:
        key = keys.authenticate(db.session(), token, KeyKind.PUBLISHABLE)
        snapshot = OrgSnapshot.of(key.organization)
        cache.put(token, snapshot)
    g.key_snapshot = snapshot
    organization = snapshot.organization()
    _remember(organization)
    origin = request.headers.get("Origin")
    if (
        check_origin
        and origin is not None
        and not browser_origin_allowed(origin, organization, reading=public_read)
    ):
        raise ApiError(403, "origin_not_allowed")
    return organization


def load_secret_key() -> ApiKey:
    """The Bearer secret key; never accepted from a request a browser sent."""
    if "Origin" in request.headers:
        raise ApiError(403, "secret_key_in_browser")
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise ApiError(401, "invalid_key")
    key = keys.authenticate(db.session(), token.strip(), KeyKind.SECRET)
    g.api_key = key
    _remember(key.organization)
    return key


def organization_by_slug(slug: str) -> Organization:
    """The organization a page names by slug (hosted pages, feeds), as the request's own."""
    organization = organizations.get_organization(db.session(), slug)
    _remember(organization)
    return organization


def _remember(organization: Organization) -> None:
    g.organization = organization
    g.locale_hint = organization.default_locale


def keep_cached_organization() -> None:
    """This request's write changed nothing of its organization but its content_version,
    which g.organization now holds (a sign-up bumps it): the cached copy takes it rather
    than being dropped, so that the next request needs no key lookup."""
    g.organization_current = True


def forget_cached_organization(response: Response) -> Response:
    """After a successful write, this process stops trusting its cached organization."""
    organization = g.get("organization")
    if organization is not None and request.method != "GET" and response.status_code < 400:
        cache = current_app.extensions["key_cache"]
        if g.get("organization_current"):
            token = request.args.get("key", "")
            cache.refresh_content_version(token, organization.id, organization.content_version)
        else:
            cache.forget_organization(organization.id)
    return response
