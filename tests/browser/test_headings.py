"""The widget's task headings continue the host page's outline: one level below the nearest
heading before the placeholder (h2 when there is none), or the level data-heading-level
names; axe's heading-order rule passes on the pages."""

from __future__ import annotations

from tests.browser.axe_rules import violations
from tests.browser.conftest import Site

WIDGET = "[data-volunteer-tasks]"


def _tags(page: object, host: str, selector: str = ".vw-card-heading") -> list[str]:
    """The tag names of the widget's headings, once it shows them."""
    page.wait_for_selector(f"{host} >> css={selector}")
    return page.evaluate(
        "([host, selector]) => Array.from("
        "document.querySelector(host).shadowRoot.querySelectorAll(selector), e => e.tagName)",
        [host, selector],
    )


def test_after_the_pages_h1_task_headings_are_h2_and_no_level_is_skipped(
    page: object, site: Site
) -> None:
    page.goto(site.example("plain-english"))
    assert _tags(page, WIDGET) == ["H2", "H2", "H2"]
    assert violations(page) == []
    page.locator(f"{WIDGET} >> css=.vw-title").first.click()
    assert _tags(page, WIDGET, ".vw-details-heading") == ["H2"]
    assert violations(page) == []
    assert page.problems == []


def test_under_an_h3_they_are_h4_and_data_heading_level_overrides(page: object, site: Site) -> None:
    page.goto(site.example("headings"))
    assert _tags(page, "#nested") == ["H4"]  # the one translation task, under the page's h3
    assert _tags(page, "#chosen") == ["H2", "H2", "H2"]  # data-heading-level="2"
    assert violations(page) == []
    page.locator("#nested >> css=.vw-title").click()
    assert _tags(page, "#nested", ".vw-details-heading") == ["H4"]
    assert violations(page) == []
    assert page.problems == []


def test_no_heading_before_gives_h2_invalid_levels_are_ignored_and_h6_is_the_deepest(
    page: object, site: Site
) -> None:
    page.goto(site.example("plain-english"))
    page.wait_for_selector(f"{WIDGET} >> css=.vw-card")
    page.evaluate(
        """key => {
          function placeholder(id, level) {
            const el = document.createElement("div");
            el.id = id;
            el.setAttribute("data-volunteer-tasks", "");
            el.setAttribute("data-key", key);
            el.setAttribute("data-locale", "en");
            if (level) el.setAttribute("data-heading-level", level);
            return el;
          }
          const main = document.querySelector("main");
          document.body.prepend(placeholder("first"));  // before the page's h1
          main.append(placeholder("seven", "7"), placeholder("word", "two"));
          const hidden = document.createElement("h3");  // not shown: not in the outline
          hidden.hidden = true;
          main.append(hidden, placeholder("after-hidden"));
          main.append(document.createElement("h6"), placeholder("deepest"));
          const manual = document.createElement("div");
          manual.id = "manual";
          main.append(manual);
          window.VolunteerWidget.mount(manual, {key: key, locale: "en", headingLevel: 4});
        }""",
        site.org.publishable,
    )
    assert _tags(page, "#first") == ["H2", "H2", "H2"]
    assert _tags(page, "#seven") == ["H2", "H2", "H2"]
    assert _tags(page, "#word") == ["H2", "H2", "H2"]
    assert _tags(page, "#after-hidden") == ["H2", "H2", "H2"]
    assert _tags(page, "#deepest") == ["H6", "H6", "H6"]
    assert _tags(page, "#manual") == ["H4", "H4", "H4"]
    assert page.problems == []
