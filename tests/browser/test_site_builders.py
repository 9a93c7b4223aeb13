"""The widget where site builders put it: in a frame of the builder's user-content domain
(Wix), in a srcdoc frame sandboxed without allow-same-origin below it (Google Sites), or in
the site's own page (Squarespace, Blogger). Host pages are examples/, the builder's domain
is http://builder.localhost:PORT, a third origin."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.browser.conftest import Site, screenshot
from tests.waiting import wait_until
from widget_server.models import Organization, Signup

CARD = "[data-volunteer-tasks] >> css=.vw-card"
SIGN_UP = "[data-volunteer-tasks] >> css=.vw-card .vw-button"
DIALOG_FRAME = "[data-volunteer-tasks] >> css=dialog iframe"
SCREENS = Path(__file__).resolve().parents[2] / "screens"


def _builder(site: Site) -> str:
    return site.examples.replace("//localhost:", "//builder.localhost:")


def _allow(session: Session, site: Site, origins: list[str]) -> None:
    organization = session.get(Organization, site.org.organization.id)
    organization.allowed_origins = origins
    session.commit()


def _fill_and_send(form: object, email: str) -> None:
    form.locator("input[name=name]").fill("ليلى حداد")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=consent]").check()
    form.locator("button[type=submit]").click()


def _logged(page: object, text: str) -> bool:
    """Whether the browser has logged an error with this text (the sync API takes in the
    browser's events only during a call to it, hence the evaluate)."""
    page.evaluate("0")
    return any(text in problem for problem in page.problems)


def _signups(session: Session) -> list[tuple[str, str | None]]:
    session.expire_all()
    return [(row.email, row.origin) for row in session.scalars(select(Signup))]


def test_wix_html_iframe_lists_and_signs_up_when_site_and_builder_origins_are_allowed(
    page: object, site: Site, session: Session
) -> None:
    builder = _builder(site)
    _allow(session, site, [site.examples, builder])
    page.goto(site.example("wix-html-iframe"))
    box = page.frame_locator("iframe")
    box.locator(CARD).first.wait_for()
    assert box.locator("[data-volunteer-tasks]").get_attribute("dir") == "rtl"
    box.locator(SIGN_UP).first.click()
    form = box.frame_locator(DIALOG_FRAME)
    form.locator("input[name=name]").wait_for()
    # The form tells the builder's frame its height: messages cross both ways.
    wait_until(
        lambda: box.locator(DIALOG_FRAME).evaluate("f => f.getBoundingClientRect().height") > 700
    )
    _fill_and_send(form, "layla@example.org")
    form.locator("html[data-signup-status]").wait_for()
    snippet = next(f for f in page.frames if f.url.startswith(builder))
    wait_until(lambda: snippet.evaluate("window.vwEvents.length && window.vwEvents.at(-1)"))
    assert snippet.evaluate("window.vwEvents.at(-1)")["name"] == "volunteer:signup"
    assert _signups(session) == [("layla@example.org", builder)]
    assert page.problems == []


def test_wix_html_iframe_is_refused_while_the_builder_origin_is_not_allowed(
    page: object, site: Site
) -> None:
    page.goto(site.example("wix-html-iframe"))
    box = page.frame_locator("iframe")
    # The widget says it cannot list, and links to the hosted page; no task data arrived.
    box.locator("[data-volunteer-tasks] >> css=.vw-notice a").wait_for()
    assert box.locator(CARD).count() == 0
    wait_until(lambda: _logged(page, "CORS"))


def test_the_signup_frame_is_refused_when_the_sites_own_origin_is_not_allowed(
    page: object, site: Site, session: Session
) -> None:
    # frame-ancestors checks every ancestor: the builder's origin alone is not enough.
    _allow(session, site, [_builder(site)])
    page.goto(site.example("wix-html-iframe"))
    box = page.frame_locator("iframe")
    box.locator(CARD).first.wait_for()
    box.locator(SIGN_UP).first.click()
    wait_until(lambda: _logged(page, "frame-ancestors"))
    assert box.frame_locator(DIALOG_FRAME).locator("input[name=name]").count() == 0
    assert _signups(session) == []


def test_google_sites_embed_lists_in_arabic_and_signs_up_in_a_tab_of_its_own(
    page: object, site: Site, session: Session
) -> None:
    # The snippet runs with an opaque origin: nothing to allow for the listing, and the
    # form opens top-level, where no frame-ancestors applies.
    page.goto(site.example("google-sites-embed"))
    snippet = page.frame_locator("iframe").frame_locator("iframe")
    snippet.locator(CARD).first.wait_for()
    assert snippet.locator("[data-volunteer-tasks]").get_attribute("dir") == "rtl"
    widget = next(f for f in page.frames if f.url == "about:srcdoc")
    assert widget.evaluate("window.origin") == "null"
    screenshot(page, "site-builder-google-sites-ar")
    SCREENS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENS / "google-sites-embed-ar.png"), full_page=True)
    with page.context.expect_page() as opened:
        snippet.locator(SIGN_UP).first.click()
    tab = opened.value
    tab.locator("input[name=name]").wait_for()
    assert tab.url.startswith(f"{site.server}/embed/v1/tasks/")
    assert "parent=" not in tab.url and "instance=" not in tab.url
    assert tab.evaluate("window.opener") is None
    tab.screenshot(path=str(SCREENS / "google-sites-signup-tab-ar.png"), full_page=True)
    _fill_and_send(tab, "reem@example.org")
    tab.locator("html[data-signup-status]").wait_for()
    assert _signups(session) == [("reem@example.org", None)]  # from our own page, no site
    assert page.problems == []


def test_a_sandboxed_frame_reads_the_listing_but_cannot_post_a_signup(
    page: object, site: Site, session: Session
) -> None:
    page.goto(site.example("sandboxed-frame"))
    box = page.frame_locator("iframe")
    box.locator(CARD).first.wait_for()
    widget = next(f for f in page.frames if f.url.startswith(_builder(site)))
    assert widget.evaluate("window.origin") == "null"  # though its URL is the builder's
    sent = widget.evaluate(
        """async ([server, key]) => {
          const list = await (await fetch(`${server}/api/v1/public/tasks?key=${key}`)).json();
          try {
            await fetch(`${server}/api/v1/public/tasks/${list.data[0].id}/signups?key=${key}`,
              {method: "POST", headers: {"Content-Type": "application/json"},
               body: JSON.stringify({name: "X", email: "x@example.org", consent: true})});
            return "sent";
          } catch (e) { return "refused"; }
        }""",
        [site.server, site.org.publishable],
    )
    assert sent == "refused"
    assert _signups(session) == []


def test_squarespace_code_block_and_blogger_gadget_work_as_the_site_itself(
    page: object, site: Site, session: Session
) -> None:
    for name, email in (
        ("squarespace-code-block", "sq@example.org"),
        ("blogger-html-gadget", "bl@example.org"),
    ):
        page.goto(site.example(name))
        page.wait_for_selector(CARD)
        page.locator(SIGN_UP).first.click()
        form = page.frame_locator(DIALOG_FRAME)
        _fill_and_send(form, email)
        form.locator("html[data-signup-status]").wait_for()
    assert sorted(_signups(session)) == [
        ("bl@example.org", site.examples),
        ("sq@example.org", site.examples),
    ]
    assert page.problems == []
