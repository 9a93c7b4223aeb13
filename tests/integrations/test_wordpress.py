"""The WordPress plugin (integrations/wordpress/volunteer-widget) in a real WordPress:
Debian's 6.1, in Arabic, on MariaDB, served by PHP, looked at in Chromium."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.browser.conftest import screenshot
from tests.integrations.conftest import WordPressWithWidget
from tests.integrations.wordpress import ADMIN, PLUGIN_FILE, WordPress
from widget_server.models import Signup

pytestmark = [pytest.mark.browser, pytest.mark.own_database]

CARD = "[data-volunteer-tasks] >> css=.vw-card"
OPTIONS = {"key", "locale", "category", "skills", "limit", "layout", "theme", "accent", "signup"}
SETTINGS = "/wp-admin/options-general.php?page=volunteer-widget"
GOOD_KEY = "vw_pk_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8"


class _Elements(HTMLParser):
    """Every start tag of a page, with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.tags


def _placeholders(html: str) -> list[dict[str, str | None]]:
    return [attrs for tag, attrs in _elements(html) if "data-volunteer-tasks" in attrs]


def _log_in(page: object, wp: WordPress, user: str, password: str) -> None:
    page.goto(f"{wp.url}/wp-login.php")
    page.fill("#user_login", user)
    page.fill("#user_pass", password)
    page.click("#wp-submit")
    # Signed in once WordPress sends us on into wp-admin (a refused sign-in stays on
    # wp-login.php). The dashboard it redirects to is not waited for: it is the slowest
    # admin page, and no test looks at it.
    page.wait_for_url(re.compile(r"/wp-admin/"), wait_until="commit")


def _submit(page: object) -> None:
    with page.expect_navigation():
        page.click("#submit")


def test_an_arabic_page_lists_the_tasks_and_a_signup_reaches_the_server(
    page: object, wp_site: WordPressWithWidget, session: Session
) -> None:
    wp = wp_site.wp
    url = wp.publish_page("تطوع معنا", '[volunteer_tasks layout="grid" limit="5"]')
    page.goto(url)
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    script = page.locator("script#volunteer-widget-js")
    assert script.get_attribute("src") == f"{wp_site.server}/embed/v1/widget.js"
    assert script.get_attribute("async") is not None  # WordPress 6.1: the plugin's filter
    page.wait_for_selector(CARD)
    cards = page.locator(CARD)
    assert cards.count() == 2
    titles = cards.all_inner_texts()
    assert any("ترجمة نشرتنا الإخبارية" in text for text in titles)
    assert any("تصميم إنفوغرافيك للتقرير السنوي" in text for text in titles)
    screenshot(page, "wordpress-ar-desktop")
    page.set_viewport_size({"width": 360, "height": 740})
    page.wait_for_function(
        "document.querySelector('[data-volunteer-tasks]').getBoundingClientRect().width <= 360"
    )
    screenshot(page, "wordpress-ar-phone")

    card = cards.filter(has_text="ترجمة نشرتنا الإخبارية")
    card.locator("css=.vw-button").first.click()
    page.wait_for_selector("[data-volunteer-tasks] >> css=dialog[open] iframe")
    frame = page.locator("[data-volunteer-tasks] >> css=dialog iframe").element_handle()
    frame = frame.content_frame()
    frame.wait_for_selector("input[name=name]")
    assert frame.locator("html").get_attribute("dir") == "rtl"
    frame.fill("input[name=name]", "ليلى حداد")
    frame.fill("input[name=email]", "layla@example.org")
    frame.check("input[name=consent]")
    frame.locator("button[type=submit]").click()
    page.wait_for_function("window.vwEvents.some(e => e.name === 'volunteer:signup')")

    row = session.scalars(select(Signup)).one()
    assert (row.name, row.email, row.locale) == ("ليلى حداد", "layla@example.org", "ar")
    assert row.origin == wp.url
    assert page.problems == []
    assert wp.plugin_problems() == []


def test_the_settings_page_saves_good_values_and_refuses_bad_ones(
    browser: object, page: object, wp_site: WordPressWithWidget
) -> None:
    wp = wp_site.wp
    _log_in(page, wp, *ADMIN)
    page.goto(wp.url + SETTINGS)
    assert page.locator(".wrap h1").inner_text() == "مهام تطوعية"  # the plugin's Arabic

    page.fill("#volunteer_widget_server_url", "https://volunteer.example.org/")
    page.fill("#volunteer_widget_key", GOOD_KEY)
    _submit(page)
    page.wait_for_selector("#setting-error-settings_updated")
    assert wp.option("volunteer_widget_server_url") == "https://volunteer.example.org"
    assert wp.option("volunteer_widget_key") == GOOD_KEY

    page.fill("#volunteer_widget_server_url", "ftp://volunteer.example.org")
    page.fill("#volunteer_widget_key", "vw_sk_" + GOOD_KEY[6:])
    _submit(page)
    errors = page.locator(".notice-error, .error").all_inner_texts()
    assert any("يجب أن يبدأ عنوان الخادم" in text for text in errors)
    assert any("هذا مفتاح سري" in text for text in errors)
    page.fill("#volunteer_widget_key", "pk_live_123")
    page.fill("#volunteer_widget_server_url", "javascript:alert(1)")
    _submit(page)
    errors = page.locator(".notice-error, .error").all_inner_texts()
    assert any("يبدأ المفتاح العام بـ vw_pk_" in text for text in errors)
    assert len(errors) == 2  # each message once, although WordPress checks a value twice
    assert wp.option("volunteer_widget_server_url") == "https://volunteer.example.org"
    assert wp.option("volunteer_widget_key") == GOOD_KEY

    # Without the form's nonce, WordPress refuses the change.
    forged = page.request.post(
        f"{wp.url}/wp-admin/options.php",
        form={
            "option_page": "volunteer_widget",
            "action": "update",
            "volunteer_widget_server_url": "https://attacker.example",
            "volunteer_widget_key": GOOD_KEY,
        },
    )
    assert forged.status == 403
    # A user without manage_options sees no settings page and cannot save.
    wp.php(
        "wp_insert_user( array( 'user_login' => 'reader', 'user_pass' => $args['password'],"
        " 'role' => 'subscriber' ) );",
        password="reader-password",
    )
    context = browser.new_context()
    reader = context.new_page()
    try:
        _log_in(reader, wp, "reader", "reader-password")
        assert reader.goto(wp.url + SETTINGS).status == 403
        assert reader.request.post(f"{wp.url}/wp-admin/options.php", form={
            "option_page": "volunteer_widget", "action": "update",
            "volunteer_widget_server_url": "https://attacker.example",
        }).status == 403  # fmt: skip
    finally:
        context.close()
    assert wp.option("volunteer_widget_server_url") == "https://volunteer.example.org"
    assert wp.plugin_problems() == []


def test_hostile_shortcode_attributes_stay_inside_their_attribute(
    wp_site: WordPressWithWidget, http: httpx.Client
) -> None:
    wp = wp_site.wp
    url = wp.publish_page(
        "hostile",
        '[volunteer_tasks skills=\'" onmouseover="alert(1)\' category="translation" '
        'accent="red;background:url(//evil.example)" layout=\'grid" onmouseover="alert(2)\' '
        'limit="5 onclick=alert(3)" locale="ar-EG" theme="dark" signup="inline" bogus="x" '
        'heading-level="9" '
        f'key="vw_sk_{GOOD_KEY[6:]}"]\n'
        '[volunteer_tasks accent="#0a7" limit="12" category="nope" heading-level="3" '
        'skills="&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;"]\n'
        '[volunteer_tasks skills=\'"><img src=x onerror=alert(5)>\' theme="auto"]',
    )
    html = http.get(url).text
    key = wp_site.org.publishable  # a secret key given in the shortcode is dropped
    assert _placeholders(html) == [
        {
            "data-volunteer-tasks": None,
            "data-key": key,
            "data-locale": "ar",
            "data-category": "translation",
            "data-skills": '" onmouseover="alert(1)',  # text inside the attribute
            "data-theme": "dark",
            "data-signup": "inline",
        },
        {
            "data-volunteer-tasks": None,
            "data-key": key,
            "data-skills": '"><script>alert(4)</script>',  # the same
            "data-limit": "12",
            "data-accent": "#0a7",
            "data-heading-level": "3",
        },
        # WordPress itself drops the attributes of a shortcode that holds markup.
        {"data-volunteer-tasks": None, "data-key": key},
    ]
    for _tag, attrs in _elements(html):
        assert not any(name.startswith("on") for name in attrs)
    assert "<script>alert" not in html

    # Called directly, with markup WordPress's parser would have refused.
    direct = wp.php(
        "echo volunteer_widget_shortcode( $args );",
        skills='"><script>alert(6)</script>',
        accent='red" onclick="alert(7)',
        locale='"><svg onload=alert(8)>',
        limit="-1",
    )
    assert _elements(direct)[0] == (
        "div",
        {"data-volunteer-tasks": None, "data-key": key, "data-skills": '">'},
    )
    assert "<script" not in direct
    assert "<svg" not in direct
    assert wp.plugin_problems() == []


def test_the_block_renders_what_the_shortcode_renders_and_only_its_pages_load_the_script(
    wp_site: WordPressWithWidget, http: httpx.Client
) -> None:
    wp = wp_site.wp
    block = {"layout": "compact", "limit": "7", "theme": '" onclick="x', "locale": "fr"}
    with_block = wp.publish_page(
        "block", f"<!-- wp:volunteer-widget/tasks {json.dumps(block)} /-->"
    )
    with_shortcode = wp.publish_page(
        "shortcode", '[volunteer_tasks layout="compact" limit="7" locale="fr"]'
    )
    plain = wp.publish_page("plain", "<!-- wp:paragraph --><p>مرحبا</p><!-- /wp:paragraph -->")
    rendered = http.get(with_block).text
    assert _placeholders(rendered) == _placeholders(http.get(with_shortcode).text)
    assert _placeholders(rendered)[0]["data-layout"] == "compact"
    scripts = [
        a for t, a in _elements(rendered) if t == "script" and a.get("id") == "volunteer-widget-js"
    ]
    assert scripts == [
        {"async": None, "src": f"{wp_site.server}/embed/v1/widget.js", "id": "volunteer-widget-js"}
    ]
    assert "/embed/v1/widget.js" not in http.get(plain).text
    assert wp.plugin_problems() == []


def test_the_block_is_offered_in_the_editor_in_arabic(
    page: object, wp_site: WordPressWithWidget
) -> None:
    wp = wp_site.wp
    _log_in(page, wp, *ADMIN)
    page.goto(f"{wp.url}/wp-admin/post-new.php?post_type=page")
    page.wait_for_function(
        "window.wp && wp.blocks && wp.blocks.getBlockType('volunteer-widget/tasks')"
    )
    assert page.evaluate("wp.blocks.getBlockType('volunteer-widget/tasks').title") == "مهام تطوعية"
    page.evaluate(
        "wp.data.dispatch('core/block-editor').insertBlocks("
        "wp.blocks.createBlock('volunteer-widget/tasks', {layout: 'grid'}))"
    )
    placeholder = page.locator(".wp-block-volunteer-widget-tasks .components-placeholder")
    placeholder.wait_for()
    # The editor script's own strings, in Arabic.
    assert "تظهر مهامك التطوعية المفتوحة هنا" in placeholder.inner_text()
    assert wp.plugin_problems() == []


def test_uninstalling_deletes_the_options(wp_site: WordPressWithWidget) -> None:
    wp = wp_site.wp
    gone = wp.php(
        """
        deactivate_plugins( $args['plugin'] );
        uninstall_plugin( $args['plugin'] );
        echo wp_json_encode( array(
            get_option( 'volunteer_widget_server_url' ), get_option( 'volunteer_widget_key' ),
        ) );
        """,
        plugin=PLUGIN_FILE,
    )
    assert json.loads(gone) == [False, False]
    assert wp.plugin_problems() == []
