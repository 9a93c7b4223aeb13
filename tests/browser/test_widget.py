"""The widget on partner pages, in real Chromium: listing, filters, details, events,
languages, hostile hosts, strict CSP, single-page apps, and failures."""

from __future__ import annotations

from tests.browser.conftest import Site, screenshot

CARD = "[data-volunteer-tasks] >> css=.vw-card"


def _events(page: object, name: str) -> list[dict]:
    return [e for e in page.evaluate("window.vwEvents") if e["name"] == name]


def test_plain_page_lists_open_tasks_with_html_shown_as_text(page: object, site: Site) -> None:
    page.goto(site.example("plain-english"))
    page.wait_for_selector(CARD)
    assert page.locator(CARD).count() == 3
    assert page.get_by_text("<img src=x onerror=alert(1)> as text").count() == 1
    assert page.locator("[data-volunteer-tasks] >> css=.vw-status").inner_text() == "3 tasks"
    ready = _events(page, "volunteer:ready")
    assert ready and ready[0]["detail"] == {"count": 3}
    assert page.problems == []
    screenshot(page, "widget-en-desktop")


def test_arabic_page_takes_the_html_lang_and_reads_right_to_left(page: object, site: Site) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site.example("arabic-rtl"))
    page.wait_for_selector(CARD)
    host = page.locator("[data-volunteer-tasks]")
    assert host.get_attribute("dir") == "rtl"
    assert page.get_by_text("تصميم إنفوغرافيك للتقرير السنوي").count() == 1
    assert "مهام" in page.locator("[data-volunteer-tasks] >> css=.vw-status").inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360  # nothing overflows a 360-px phone
    screenshot(page, "widget-ar-phone")
    page.set_viewport_size({"width": 1280, "height": 800})
    screenshot(page, "widget-ar-desktop")
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site.example("plain-english"))
    page.wait_for_selector(CARD)
    screenshot(page, "widget-en-phone")


def test_search_and_filters_narrow_the_list_and_announce_the_count(
    page: object, site: Site
) -> None:
    page.goto(site.example("plain-english"))
    page.wait_for_selector(CARD)
    page.get_by_label("Search tasks").fill("survey")
    page.wait_for_function(
        "document.querySelector('[data-volunteer-tasks]').shadowRoot"
        ".querySelectorAll('.vw-card').length === 1"
    )
    status = page.locator("[data-volunteer-tasks] >> css=[role=status]")
    assert status.inner_text() == "1 task"
    page.get_by_label("Search tasks").fill("")
    page.get_by_label("Hours a week").select_option("5")
    page.wait_for_function(
        "document.querySelector('[data-volunteer-tasks]').shadowRoot"
        ".querySelectorAll('.vw-card').length === 2"
    )
    page.get_by_label("Category").select_option("graphic_design")
    page.wait_for_selector("[data-volunteer-tasks] >> text=No open tasks match")
    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function(
        "document.querySelector('[data-volunteer-tasks]').shadowRoot"
        ".querySelectorAll('.vw-card').length === 3"
    )


def test_details_open_with_focus_and_the_task_open_event(page: object, site: Site) -> None:
    page.goto(site.example("plain-english"))
    page.wait_for_selector(CARD)
    page.get_by_role("button", name="Enter survey results", exact=True).click()
    heading = page.locator("[data-volunteer-tasks] >> css=.vw-details-heading")
    assert heading.inner_text() == "Enter survey results"
    assert (
        page.evaluate(
            "document.querySelector('[data-volunteer-tasks]').shadowRoot.activeElement.className"
        )
        == "vw-details-heading"
    )
    opened = _events(page, "volunteer:task-open")
    assert len(opened) == 1 and set(opened[0]["detail"]) == {"taskId"}
    page.get_by_role("button", name="Back to all tasks").click()
    assert (
        page.evaluate(
            "document.querySelector('[data-volunteer-tasks]').shadowRoot.activeElement.textContent"
        )
        == "Enter survey results"
    )


def test_a_wrong_key_shows_a_message_and_the_fallback_link(page: object, site: Site, app) -> None:  # noqa: ANN001
    key = site.org.publishable
    app.config["EXAMPLES_KEY"] = key[:-1] + ("1" if key.endswith("0") else "0")
    page.goto(site.example("plain-english"))
    page.wait_for_selector("[data-volunteer-tasks] >> text=could not be loaded")
    link = page.locator("[data-volunteer-tasks] >> css=.vw-notice a")
    assert link.get_attribute("href").startswith(f"{site.server}/o/sawa-aid")
    assert [p for p in page.problems if "pageerror" in p] == []


def test_an_unreachable_api_shows_a_message_not_an_error(page: object, site: Site) -> None:
    page.route("**/api/v1/public/**", lambda route: route.abort())
    page.goto(site.example("plain-english"))
    page.wait_for_selector("[data-volunteer-tasks] >> text=could not be loaded")
    assert [p for p in page.problems if "pageerror" in p] == []


def test_a_single_page_app_gets_the_widget_after_navigation_and_loses_it_cleanly(
    page: object, site: Site
) -> None:
    page.goto(site.example("spa"))
    page.click("#to-volunteer")
    page.wait_for_selector(CARD)
    assert page.locator("[data-volunteer-tasks]").get_attribute("data-vw-mounted") == ""
    page.click("#to-home")
    page.wait_for_selector("[data-volunteer-tasks]", state="detached")
    page.click("#to-volunteer")
    page.wait_for_selector(CARD)
    assert page.locator(CARD).count() == 3
    assert page.problems == []


def test_two_widgets_on_one_page_keep_their_own_options(page: object, site: Site) -> None:
    page.goto(site.example("two-widgets"))
    page.wait_for_selector("#arabic >> css=.vw-card")
    page.wait_for_selector("#translation >> css=.vw-card")
    assert page.locator("#arabic").get_attribute("dir") == "rtl"
    assert page.locator("#translation >> css=.vw-card").count() == 1
    assert page.locator("#arabic >> css=.vw-card").count() == 3
    page.locator("#translation").get_by_label("Search tasks").fill("nothing-like-this")
    page.wait_for_selector("#translation >> text=No open tasks match")
    assert page.locator("#arabic >> css=.vw-card").count() == 3


def test_a_hostile_host_page_does_not_break_it(page: object, site: Site) -> None:
    page.goto(site.example("hostile-host"))
    page.wait_for_selector(CARD)
    page.get_by_label("Search tasks").fill("survey")
    page.wait_for_function(
        "document.querySelector('[data-volunteer-tasks]').shadowRoot"
        ".querySelectorAll('.vw-card').length === 1"
    )
    size = page.evaluate(
        "getComputedStyle(document.querySelector('[data-volunteer-tasks]').shadowRoot"
        ".querySelector('.vw')).fontSize"
    )
    assert size == "16px"  # html{font-size:62.5%} did not shrink it
    assert [p for p in page.problems if "pageerror" in p] == []


def test_a_strict_csp_host_runs_it_without_violations(page: object, site: Site) -> None:
    page.goto(site.example("strict-csp"))
    page.wait_for_selector(CARD)
    page.get_by_role("button", name="Sign up: Enter survey results").click()
    page.wait_for_selector("[data-volunteer-tasks] >> css=dialog[open] iframe")
    frame = page.frame_locator("[data-volunteer-tasks] >> css=iframe")
    frame.get_by_label("Name").first.wait_for()
    assert [p for p in page.problems if "Content Security Policy" in p] == []
    assert page.problems == []


def test_mount_api_with_inline_sign_up_dark_theme_and_clean_unmount(
    page: object, site: Site
) -> None:
    page.goto(site.example("plain-english"))
    page.wait_for_selector(CARD)
    page.evaluate(
        """key => {
          const el = document.createElement("section");
          el.id = "manual";
          document.body.append(el);
          window.VolunteerWidget.mount(el, {key: key, locale: "fr", signup: "inline",
                                            theme: "dark"});
        }""",
        site.org.publishable,
    )
    page.wait_for_selector("#manual >> css=.vw-card")
    assert page.locator("#manual >> css=.vw").get_attribute("data-theme") == "dark"
    assert page.locator("#manual >> css=[role=status]").inner_text() == "3 missions"
    page.locator("#manual >> css=.vw-card .vw-button").first.click()
    page.wait_for_selector("#manual >> css=.vw-inline iframe")
    assert page.locator("#manual >> css=dialog").count() == 0
    page.evaluate("window.VolunteerWidget.unmount(document.getElementById('manual'))")
    assert page.evaluate("document.getElementById('manual').shadowRoot.childNodes.length") == 0
    assert (
        page.evaluate("document.getElementById('manual').hasAttribute('data-vw-mounted')") is False
    )
    assert page.problems == []


def test_two_widgets_in_one_language_give_their_search_landmarks_different_names(
    page: object, site: Site
) -> None:
    page.goto(site.example("headings"))  # two English widgets
    page.wait_for_selector("#nested >> css=.vw-card")
    page.wait_for_selector("#chosen >> css=.vw-card")
    form = "css=form[role=search]"
    assert page.locator(f"#nested >> {form}").get_attribute("aria-label") == "Filter tasks"
    assert page.locator(f"#chosen >> {form}").get_attribute("aria-label") == "Filter tasks 2"
    page.evaluate(
        """key => {
          window.VolunteerWidget.unmount(document.getElementById("nested"));
          const el = document.createElement("div");
          el.id = "third";
          document.querySelector("main").append(el);
          window.VolunteerWidget.mount(el, {key: key, locale: "en"});
        }""",
        site.org.publishable,
    )
    page.wait_for_selector("#third >> css=.vw-card")
    assert page.locator(f"#third >> {form}").get_attribute("aria-label") == "Filter tasks"
    assert page.problems == []


def _paths_before_and_after_ready(page: object) -> tuple[list[str], list[str]]:
    """The widget's fetches that started before the first volunteer:ready, and after it."""
    return page.evaluate(
        """() => {
          const ready = performance.getEntriesByName("vw-ready")[0].startTime;
          const path = (e) => new URL(e.name).pathname;
          const all = performance.getEntriesByType("resource")
            .filter((e) => !path(e).startsWith("/examples/") && path(e) !== "/favicon.ico");
          return [all.filter((e) => e.startTime < ready).map(path),
                  all.filter((e) => e.startTime >= ready).map(path)];
        }"""
    )


def test_the_first_tasks_need_only_widget_js_its_css_and_the_listing(
    page: object, site: Site
) -> None:
    page.add_init_script(
        "document.addEventListener('volunteer:ready', () => performance.mark('vw-ready'),"
        " {once: true})"
    )
    page.goto(site.example("plain-english"))
    page.wait_for_selector(CARD)
    page.wait_for_load_state("networkidle")
    before, after = _paths_before_and_after_ready(page)
    assert len(before) == 3, before
    assert before[0] == "/embed/v1/widget.js"
    assert sorted(before[1:]) == sorted(
        [
            page.evaluate(
                "[...document.querySelector('[data-volunteer-tasks]').shadowRoot"
                ".querySelectorAll('link')].map(l => new URL(l.href).pathname)"
            )[0],
            "/api/v1/public/tasks",
        ]
    )
    # The rest of the widget, and the view beacon, once the first tasks show.
    assert any(p.startswith("/embed/v1/assets/widget-later.") and p.endswith(".js") for p in after)
    assert any(p.startswith("/embed/v1/assets/widget-later.") and p.endswith(".css") for p in after)
    assert "/api/v1/public/views" in after
    # Its script element went into the placeholder, not the host's <head>, and left.
    assert page.evaluate("document.querySelectorAll('script[src*=\"widget-later\"]').length") == 0
    assert page.problems == []


def test_a_sign_up_clicked_before_the_rest_of_the_widget_came_opens_once_it_does(
    page: object, site: Site
) -> None:
    later = "**/embed/v1/assets/widget-later.*.js"
    page.route(later, lambda route: route.abort())  # the fetch after the first tasks fails
    page.goto(site.example("plain-english"))
    page.wait_for_selector(CARD)
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-volunteer-tasks] >> css=.vw-card").count() == 3
    page.unroute(later)
    page.get_by_role("button", name="Sign up: Enter survey results").click()
    page.wait_for_selector("[data-volunteer-tasks] >> css=dialog[open] iframe")
    page.get_by_role("button", name="Close").click()
    page.get_by_role("button", name="Enter survey results", exact=True).click()
    heading = page.locator("[data-volunteer-tasks] >> css=.vw-details-heading")
    assert heading.inner_text() == "Enter survey results"
    assert [p for p in page.problems if "pageerror" in p] == []
