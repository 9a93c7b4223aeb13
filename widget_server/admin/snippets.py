"""The exact HTML an organization pastes: the script embed, the iframe board, the hosted link.

One place builds them, for the command line (org create) and the admin panel's embed page.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask_babel import force_locale, gettext
from markupsafe import escape


@dataclass(frozen=True)
class SnippetOptions:
    """What the snippet builder lets an admin choose; None leaves the organization default."""

    locale: str
    layout: str | None = None
    theme: str | None = None
    accent: str | None = None
    category: str | None = None


def hosted_url(public_url: str, slug: str, locale: str) -> str:
    return f"{public_url}/o/{slug}?{urlencode({'locale': locale})}"


def snippet(
    public_url: str, token: str, locale: str, slug: str, options: SnippetOptions | None = None
) -> str:
    """The embed snippet, with a link for visitors whose browsers run no JavaScript."""
    with force_locale(locale):
        label = gettext("See our volunteer tasks")
    extra = ""
    if options is not None:
        for name in ("layout", "theme", "accent", "category"):
            value = getattr(options, name)
            if value:
                extra += f' data-{name}="{escape(value)}"'
    link = escape(hosted_url(public_url, slug, locale))
    return (
        f'<div data-volunteer-tasks data-key="{token}" data-locale="{locale}"{extra}>\n'
        f'  <noscript><a href="{link}">{label}</a></noscript>\n'
        f"</div>\n"
        f'<script async src="{public_url}/embed/v1/widget.js"></script>'
    )


def board_snippet(
    public_url: str, token: str, locale: str, name: str, options: SnippetOptions | None = None
) -> str:
    """The iframe-only embed, for host sites that allow no script."""
    args = {"key": token, "locale": locale}
    if options is not None:
        args.update({k: v for k in ("theme", "category") if (v := getattr(options, k))})
    with force_locale(locale):
        title = gettext("Volunteer tasks of %(org)s", org=name)
    src = escape(f"{public_url}/embed/v1/board?{urlencode(args)}")
    return (
        # Attributes rather than a style: hosts with a strict CSP refuse inline styles.
        f'<iframe src="{src}" title="{escape(title)}"\n'
        f'  width="100%" height="800" loading="lazy"></iframe>'
    )


def alerts_snippet(public_url: str, token: str, locale: str, name: str) -> str:
    """The task alert form as an iframe, for a "get our new tasks by email" spot."""
    with force_locale(locale):
        title = gettext("Email alerts for new tasks of %(org)s", org=name)
    src = escape(f"{public_url}/embed/v1/alerts?{urlencode({'key': token, 'locale': locale})}")
    return (
        f'<iframe src="{src}" title="{escape(title)}"\n'
        f'  width="100%" height="1600" loading="lazy"></iframe>'
    )
