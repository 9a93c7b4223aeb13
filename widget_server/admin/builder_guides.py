"""Step-by-step guides for site builders on the embed page: where to paste the snippet, and
which address to add to the allowed websites. What each builder does with pasted code was
measured with models of it in examples/ (see embed/README.md, "Site builders")."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString


@dataclass(frozen=True)
class BuilderGuide:
    """One platform: its name (not translated), the steps, and the addresses to allow."""

    key: str
    name: str
    steps: tuple[LazyString, ...]
    allow: LazyString


_SEE_CONSOLE = _l(
    "Not sure of an address? Open your published page, press F12 and read the Console: when "
    "an address is missing, the widget names the one to add."
)

GUIDES = (
    BuilderGuide(
        "wordpress",
        "WordPress",
        (
            _l("Use the Volunteer Tasks plugin (see the plugin's page for its steps)."),
            _l("Or, without the plugin: add a “Custom HTML” block and paste the script embed."),
        ),
        _l("Your site's address, like https://ngo.example."),
    ),
    BuilderGuide(
        "wix",
        "Wix",
        (
            _l("In the editor, choose Add Elements (+), then Embed Code, then Embed HTML."),
            _l("Choose “Code”, paste the script embed, press Update, then publish the site."),
            _l(
                "Wix runs the code in a frame on its own domain, inside your page. The sign-up "
                "form checks every page it sits in, so allow both addresses below."
            ),
        ),
        _l(
            "Your site's address (like https://www.ngo.example or https://you.wixsite.com) "
            "and the address of Wix's frame, which looks like https://you-wixsite-com.filesusr.com."
        ),
    ),
    BuilderGuide(
        "google-sites",
        "Google Sites",
        (
            _l("In the editor, choose Insert, then Embed, then “Embed code”."),
            _l("Paste the script embed, press Next, then Insert, then publish the site."),
            _l(
                "Google Sites runs the code in a sealed frame with no address of its own. Your "
                "tasks show there without any allowed address; signing up opens the form in a "
                "new tab, on this server's own page."
            ),
        ),
        _l(
            "Nothing. Do not add https://sites.google.com: every Google Site shares that "
            "address, so it would let any of them frame your sign-up form."
        ),
    ),
    BuilderGuide(
        "squarespace",
        "Squarespace",
        (
            _l("Edit the page, add a “Code” block, and paste the script embed."),
            _l("Turn off “Display source”, save, and publish."),
            _l(
                "Check the published page in a private window: scripts do not always run "
                "inside the editor."
            ),
        ),
        _l(
            "Your site's address (like https://www.ngo.example), and "
            "https://your-site.squarespace.com if visitors use that one too."
        ),
    ),
    BuilderGuide(
        "blogger",
        "Blogger",
        (
            _l("Go to Layout, choose “Add a Gadget”, then HTML/JavaScript."),
            _l("Paste the script embed as the content and save."),
        ),
        _l(
            "Your blog's address, like https://your-blog.blogspot.com, and your own domain if "
            "the blog has one."
        ),
    ),
)


def guides() -> dict[str, object]:
    """What the embed page's guide section shows."""
    return {"builder_guides": GUIDES, "builder_see_console": _SEE_CONSOLE}
