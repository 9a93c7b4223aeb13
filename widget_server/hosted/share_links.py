"""Links that share a hosted page on the networks volunteers use, and by email."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask_babel import gettext


def share_links(url: str, title: str) -> list[tuple[str, str]]:
    """(label, link) pairs; each opens the network's own share form with the page filled in."""
    return [
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": f"{title} {url}"}, quote_via=quote)),
        (
            "X",
            "https://x.com/intent/post?" + urlencode({"text": title, "url": url}, quote_via=quote),
        ),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
        (
            gettext("Send by email"),
            "mailto:?" + urlencode({"subject": title, "body": f"{title}\n{url}"}, quote_via=quote),
        ),
    ]
