"""The organization's widget look, chosen in the admin panel, reaches every embed; what a
snippet says itself still wins. Each page view sends one view beacon, nothing more."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.browser.conftest import Site, screenshot
from tests.waiting import wait_until
from widget_server.models import WidgetViewCount
from widget_server.services.catalog import widget_theme

CARD = "[data-volunteer-tasks] >> css=.vw-card"
# (class, data-theme, a button's background, lang) of a mounted widget's box.
BOX = """(el) => {
  const box = el.shadowRoot.querySelector('.vw');
  const button = getComputedStyle(box.querySelector('.vw-button')).backgroundColor;
  return [box.className, box.getAttribute('data-theme'), button, box.getAttribute('lang')];
}"""


def test_the_organizations_theme_applies_where_the_snippet_is_silent(
    page: object, site: Site, session: Session
) -> None:
    chosen = widget_theme.read_theme("#b3261e", "dark", "grid", "")
    widget_theme.save_theme(session, site.org.organization, chosen, user_id=None)
    page.goto(site.example("plain-english"))
    page.wait_for_selector(CARD)
    layout, theme, button, lang = page.locator("[data-volunteer-tasks]").evaluate(BOX)
    assert layout == "vw vw-grid" and theme == "dark"
    assert button == "rgb(179, 38, 30)" and lang == "en"
    screenshot(page, "widget-org-theme-en-desktop")

    # Both placeholders here name their layout: theirs wins; the theme and accent are the
    # organization's.
    page.goto(site.example("two-widgets"))
    page.wait_for_selector("#arabic >> css=.vw-card")
    page.wait_for_selector("#translation >> css=.vw-card")
    arabic = page.locator("#arabic").evaluate(BOX)
    translation = page.locator("#translation").evaluate(BOX)
    assert arabic[:3] == ["vw vw-grid", "dark", "rgb(179, 38, 30)"]
    assert translation[:3] == ["vw vw-compact", "dark", "rgb(122, 31, 92)"]  # its data-accent
    assert page.problems == []


def test_the_organizations_language_wins_over_the_host_page_but_not_over_data_locale(
    page: object, site: Site, session: Session
) -> None:
    chosen = widget_theme.read_theme("", "", "", "fr")
    widget_theme.save_theme(session, site.org.organization, chosen, user_id=None)
    page.goto(site.example("two-widgets"))  # both placeholders say data-locale
    page.wait_for_selector("#arabic >> css=.vw-card")
    assert page.locator("#arabic").evaluate(BOX)[3] == "ar"
    page.evaluate(
        "() => { const el = document.createElement('div'); el.id = 'silent';"
        " el.setAttribute('data-volunteer-tasks', '');"
        " el.setAttribute('data-key', document.querySelector('#arabic').dataset.key);"
        " document.body.appendChild(el); }"
    )
    page.wait_for_selector("#silent >> css=.vw-card")
    assert page.locator("#silent").evaluate(BOX)[3] == "fr"
    assert page.problems == []


def test_one_page_view_is_one_view_for_its_site(page: object, site: Site, session: Session) -> None:
    beacons: list[str] = []
    page.on("request", lambda r: beacons.append(r.url) if "/public/views" in r.url else None)
    page.goto(site.example("two-widgets"))  # two widgets, one key: still one page view
    # Each widget sends its view (or not) as it mounts, before it is ready.
    page.wait_for_function("window.vwEvents.filter(e => e.name === 'volunteer:ready').length === 2")

    def counted() -> list[tuple[str, int]]:
        session.expire_all()
        return [(r.origin, r.views) for r in session.scalars(select(WidgetViewCount))]

    assert wait_until(counted) == [(site.examples, 1)]
    assert len(beacons) == 1
