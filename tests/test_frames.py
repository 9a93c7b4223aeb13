"""The embed's server side (/embed/v1): widget.js, hashed assets, and the iframe pages."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from tests.factories import ORIGIN, OrgWithKeys, make_org, make_task
from tests.pages import element, elements
from widget_server import assets, create_app
from widget_server.models import Signup, Task
from widget_server.services.inputs import form_tokens

SECRET = "test-secret-key"
XSS = "<img src=x onerror=alert(1)>"
QUESTIONS = [
    {
        "id": "portfolio",
        "type": "url",
        "required": True,
        "label": {
            "en": "Link to your portfolio",
            "ar": "رابط معرض أعمالك",
            "fr": "Lien vers vos travaux",
        },
    },
    {
        "id": "tool",
        "type": "select",
        "required": False,
        "label": {"en": "Favourite tool", "ar": "أداتك المفضلة"},
        "options": [{"value": "figma", "label": {"en": "Figma", "ar": "فيغما"}}],
    },
    {"id": "adult", "type": "checkbox", "required": True, "label": {"en": "I am over 18"}},
]


def signup_url(org: OrgWithKeys, task: Task, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in {"key": org.publishable, **params}.items())
    return f"/embed/v1/tasks/{task.public_id}/signup?{query}"


def old_token(org: OrgWithKeys, task: Task, age: float = 10.0) -> str:
    """A form token issued age seconds ago, as if a person had taken that long."""
    return form_tokens.make_token(
        SECRET, org.organization.id, task.public_id, now=time.time() - age
    )


def _tampered(token: str) -> str:
    """The token with one signature character changed (never the last, whose low bits may
    be padding that base64 ignores)."""
    position = len(token) - 4
    swapped = "A" if token[position] != "A" else "B"
    return token[:position] + swapped + token[position + 1 :]


def form_data(org: OrgWithKeys, task: Task, **overrides: str) -> dict[str, str]:
    data = {
        "form_token": old_token(org, task),
        "name": "Layla Haddad",
        "email": "layla@example.org",
        "phone": "+961 1 234 567",
        "skills": "design, Arabic، video",
        "availability": "Evenings",
        "message": "Happy to help",
        "consent": "yes",
        "website": "",
    }
    data.update(overrides)
    return data


def signups_count(session: Session) -> int:
    session.expire_all()
    return session.scalar(select(func.count()).select_from(Signup)) or 0


def page(response: TestResponse) -> str:
    return response.get_data(as_text=True)


# --- widget.js and hashed assets ---------------------------------------------------


@pytest.fixture
def embed_dir(tmp_path: Path) -> Path:
    root = tmp_path / "embed"
    (root / "src" / "frame").mkdir(parents=True)
    (root / "src" / "host").mkdir()
    (root / "css").mkdir()
    (root / "src" / "index.js").write_text('var cssPath = "__VW_CSS_PATH__";  // start\n')
    (root / "src" / "host" / "list.js").write_text("function   list ( ) { return 1 ; }\n")
    (root / "src" / "frame" / "resize.js").write_text("var inFrame = true;\n")
    (root / "src" / "ORDER").write_text("# dependencies first\nhost/list.js\nindex.js\n")
    (root / "css" / "widget.css").write_text(".vw-list  {  color : red ; }\n")
    (root / "css" / "frame.css").write_text("body { margin : 0 }\n")
    return root


@pytest.fixture
def embed_client(database_url: str, embed_dir: Path) -> Iterator[FlaskClient]:
    app: Flask = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET,
            "EMBED_DIR": embed_dir,
        }
    )
    yield app.test_client()
    app.extensions["db_engine"].dispose()


def test_widget_bundle_follows_order_file_is_minified_and_points_at_hashed_css(
    embed_client: FlaskClient,
) -> None:
    body = page(embed_client.get("/embed/v1/widget.js"))
    assert body.index("function list()") < body.index("var cssPath")
    assert "inFrame" not in body  # the iframe's script is served on its own
    assert "// start" not in body and "__VW_CSS_PATH__" not in body
    css_path = body.split('"')[1]
    assert css_path.startswith("/embed/v1/assets/widget.") and css_path.endswith(".css")
    css = embed_client.get(css_path)
    assert css.status_code == 200
    assert css.get_data() == b".vw-list{color:red}"
    assert css.content_type == "text/css; charset=utf-8"


def test_widget_js_is_cached_five_minutes_with_a_strong_etag_and_answers_304(
    embed_client: FlaskClient,
) -> None:
    response = embed_client.get("/embed/v1/widget.js")
    assert response.status_code == 200
    assert response.content_type == "application/javascript; charset=utf-8"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    etag = response.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")

    again = embed_client.get("/embed/v1/widget.js", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.get_data() == b""


def test_hashed_assets_are_immutable_and_a_wrong_hash_is_not_found(
    embed_client: FlaskClient,
) -> None:
    css_path = page(embed_client.get("/embed/v1/widget.js")).split('"')[1]
    response = embed_client.get(css_path)
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert embed_client.get("/embed/v1/assets/widget.000000000000.css").status_code == 404
    assert embed_client.get("/embed/v1/assets/widget.css").status_code == 404


def _two_bundles(root: Path, later_body: str) -> Path:
    (root / "src" / "later").mkdir(parents=True)
    (root / "src" / "first.js").write_text(
        "(function () {\n"
        '  var GREETING = "hi", unused = [1, 2];\n'
        "  function shout(w) { return GREETING + w; }\n"
        "  function later(name) { return function () { return name; }; }\n"
        "  var __VW_LATER_STUBS__;\n"
        '  window.kit = __VW_LATER_KIT__; window.at = "__VW_LATER_PATH__";\n'
        "  window.go = function () { return details(1); };\n"
        "})();\n"
    )
    (root / "src" / "later" / "details.js").write_text(
        "document.currentScript.vwLater(function (kit) {\n"
        "  var __VW_LATER_IMPORTS__;\n" + later_body + "  return __VW_LATER_EXPORTS__;\n});\n"
    )
    (root / "src" / "LATER").write_text("later/details.js\n")
    return root


def test_the_second_bundle_gets_the_names_it_uses_and_the_first_calls_it_through_stand_ins(
    tmp_path: Path,
) -> None:
    body = "  function details(w) { return shout(w); }\n  function inner() { return 2; }\n"
    registry = assets.build_registry(_two_bundles(tmp_path, body))
    first = registry.widget_js.decode()
    later_url = registry.url("widget-later.js")
    assert later_url.startswith("/embed/v1/assets/widget-later.") and later_url in first
    later = registry.files[later_url.rsplit("/", 1)[1]].body.decode()
    assert ".shout;" in later and ".GREETING" not in later and ".unused" not in later
    assert "{details:" in later and "inner:" not in later  # only what the first one calls
    assert "{shout:" in first and '("details")' in first
    assert "GREETING" not in first and "__VW_" not in first + later  # private names shortened


def test_a_name_declared_in_both_bundles_or_code_that_is_not_es5_is_refused(
    tmp_path: Path,
) -> None:
    clash = "  function shout(w) { return w; }\n"
    with pytest.raises(assets.AssetError, match="shout"):
        assets.build_registry(_two_bundles(tmp_path / "clash", clash))
    arrow = "  var details = (w) => w;\n"
    with pytest.raises(assets.AssetError, match="ES5"):
        assets.build_registry(_two_bundles(tmp_path / "arrow", arrow))


def test_iframe_page_links_its_stylesheet_and_resize_script_as_hashed_files(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    html = page(client.get(signup_url(org, make_task(session, org))))
    css = element(html, "link", rel="stylesheet")["href"]
    script = elements(html, "script")[0]["src"]
    assert css.startswith("/embed/v1/assets/frame.") and script.startswith("/embed/v1/assets/")
    resize = client.get(script)
    assert resize.status_code == 200 and b'"*"' not in resize.get_data()
    assert client.get(css).headers["Cache-Control"].endswith("immutable")


# --- who may frame the pages, and cookies ------------------------------------------


def test_signup_and_board_may_be_framed_only_by_the_organizations_origins_and_this_server(
    client: FlaskClient, session: Session
) -> None:
    org = make_org(session, origins=["https://ngo.example", "https://www.ngo.example"])
    task = make_task(session, org)
    for url in (signup_url(org, task), f"/embed/v1/board?key={org.publishable}"):
        response = client.get(url)
        assert response.status_code == 200
        policy = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'self' https://ngo.example https://www.ngo.example" in policy
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "X-Frame-Options" not in response.headers


def test_an_organization_without_origins_may_be_framed_only_by_the_admin_preview(
    client: FlaskClient, session: Session
) -> None:
    org = make_org(session, origins=[])
    response = client.get(f"/embed/v1/board?key={org.publishable}")
    assert "frame-ancestors 'self';" in response.headers["Content-Security-Policy"] + ";"


def test_no_embed_response_sets_a_cookie(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    responses = [
        client.get("/embed/v1/widget.js"),
        client.get(signup_url(org, task)),
        client.post(signup_url(org, task), data=form_data(org, task)),
        client.get(f"/embed/v1/board?key={org.publishable}"),
        client.get("/embed/v1/board?key=nonsense"),
    ]
    for response in responses:
        assert "Set-Cookie" not in response.headers
    assert responses[1].headers["Cache-Control"] == "no-store"
    assert responses[2].headers["Cache-Control"] == "no-store"


def test_parent_origin_is_kept_only_if_the_organization_allows_it(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    allowed = page(client.get(signup_url(org, task, parent=ORIGIN, instance="w1")))
    foreign = page(client.get(signup_url(org, task, parent="https://evil.example")))
    assert element(allowed, "html")["data-parent-origin"] == ORIGIN
    assert element(allowed, "html")["data-instance"] == "w1"
    assert "data-parent-origin" not in element(foreign, "html")


# --- the sign-up form --------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "direction", "label"),
    [("ar", "rtl", "رابط معرض أعمالك"), ("en", "ltr", "Link to your portfolio")],
)
def test_signup_form_shows_custom_questions_in_the_visitors_language(
    client: FlaskClient,
    session: Session,
    org: OrgWithKeys,
    locale: str,
    direction: str,
    label: str,
) -> None:
    task = make_task(session, org, custom_questions=QUESTIONS)
    html = page(client.get(signup_url(org, task, locale=locale)))
    assert element(html, "html") == {"lang": locale, "dir": direction}
    assert f'<label for="f-answers.portfolio">{label} ' in html
    assert element(html, "select", name="answers.tool")
    assert element(html, "input", name="answers.adult")["type"] == "checkbox"
    for field in ("name", "email", "phone", "skills", "availability", "consent"):
        assert element(html, "label", for_=f"f-{field}")
    honeypot = element(html, "input", name="website")
    assert honeypot["tabindex"] == "-1" and honeypot["autocomplete"] == "off"
    assert element(html, "input", name="form_token")["type"] == "hidden"


def test_valid_post_creates_the_signup_and_says_what_happens_next(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, custom_questions=QUESTIONS)
    data = form_data(
        org, task, **{"answers.portfolio": "https://layla.example", "answers.adult": "yes"}
    )

    response = client.post(signup_url(org, task, parent=ORIGIN, instance="w1"), data=data)

    assert response.status_code == 200
    html = page(response)
    assert "pending review" in html
    root = element(html, "html")
    assert root["data-signup-status"] == "pending" and root["data-task-id"] == task.public_id
    signup = session.scalar(select(Signup))
    assert signup is not None
    assert signup.skills == ["design", "Arabic", "video"]
    assert signup.answers == {"portfolio": "https://layla.example", "adult": True}
    assert signup.phone == "+9611234567"
    assert signup.origin == ORIGIN


def test_signup_beyond_capacity_is_told_it_is_on_the_waitlist(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=1, waitlist=True)
    client.post(signup_url(org, task), data=form_data(org, task, email="first@example.org"))
    response = client.post(signup_url(org, task), data=form_data(org, task))
    assert "waitlist" in page(response)
    assert element(page(response), "html")["data-signup-status"] == "waitlisted"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        # Issued now, and the form asks for an hour: too quick however slow the machine.
        (lambda org, task: old_token(org, task, age=0), "very quick"),
        (lambda org, task: old_token(org, task, age=3 * 3600), "expired"),
        (lambda org, task: _tampered(old_token(org, task)), "could not be checked"),
        (lambda org, task: "", "could not be checked"),
    ],
    ids=["too-fast", "expired", "tampered", "missing"],
)
def test_a_form_token_that_is_too_fresh_expired_or_forged_saves_nothing(
    app: Flask, client: FlaskClient, session: Session, org: OrgWithKeys, make: Any, message: str
) -> None:
    app.config["FORM_MIN_SECONDS"] = 3600
    task = make_task(session, org)
    data = form_data(org, task, form_token=make(org, task))
    response = client.post(signup_url(org, task), data=data)
    assert response.status_code == 400
    html = page(response)
    assert message in html
    assert element(html, "input", name="name")["value"] == "Layla Haddad"  # typed text kept
    assert signups_count(session) == 0


def test_a_token_for_another_task_is_refused(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task, other = make_task(session, org), make_task(session, org)
    response = client.post(signup_url(org, task), data=form_data(org, other))
    assert response.status_code == 400
    assert signups_count(session) == 0


def test_a_refused_token_is_explained_in_the_visitors_language(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    data = form_data(org, task, form_token="forged")
    html = page(client.post(signup_url(org, task, locale="fr"), data=data))
    assert "Ce formulaire" in html


def test_filled_honeypot_pretends_success_but_saves_nothing(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    data = form_data(org, task, website="http://spam.example")
    response = client.post(signup_url(org, task), data=data)
    assert response.status_code == 200
    assert "Thank you for signing up" in page(response)
    assert signups_count(session) == 0


def test_field_errors_appear_next_to_fields_in_french_with_typed_values_kept(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, custom_questions=QUESTIONS)
    data = form_data(org, task, email="not-an-email", name="Layla", consent="")
    data["answers.portfolio"] = "ftp://nope"

    response = client.post(signup_url(org, task, locale="fr"), data=data)

    assert response.status_code == 422
    html = page(response)
    email = element(html, "input", name="email")
    assert email["aria-invalid"] == "true" and email["value"] == "not-an-email"
    assert "f-email-error" in email["aria-describedby"].split()
    error = element(html, "p", id="f-email-error")
    assert error["class"] == "vw-error"
    assert "Saisissez une adresse e-mail valide" in html
    assert "Veuillez corriger les points suivants" in html
    assert element(html, "input", name="answers.portfolio")["aria-invalid"] == "true"
    assert element(html, "input", name="consent")["aria-invalid"] == "true"
    assert element(html, "input", name="name")["value"] == "Layla"
    summary = element(html, "div", id="vw-error-summary")
    assert summary["tabindex"] == "-1" and "autofocus" in summary
    assert element(html, "a", href="#f-email")
    assert signups_count(session) == 0


def test_a_full_task_shows_that_it_is_full(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org, capacity=1)
    client.post(signup_url(org, task), data=form_data(org, task, email="first@example.org"))

    shown = client.get(signup_url(org, task))
    posted = client.post(signup_url(org, task), data=form_data(org, task))

    for response in (shown, posted):
        assert response.status_code == 409
        assert "This task is full" in page(response)
    assert signups_count(session) == 1


def test_unknown_task_and_bad_key_are_localized_html_pages(
    client: FlaskClient, org: OrgWithKeys
) -> None:
    missing = client.get(f"/embed/v1/tasks/tsk_nope/signup?key={org.publishable}&locale=fr")
    bad_key = client.get("/embed/v1/board?key=vw_pk_nonsense&locale=ar")
    assert missing.status_code == 404 and missing.content_type.startswith("text/html")
    assert element(page(missing), "html")["lang"] == "fr"
    assert bad_key.status_code == 401 and bad_key.content_type.startswith("text/html")
    assert element(page(bad_key), "html")["dir"] == "rtl"


def test_markup_in_task_text_and_questions_is_shown_as_text(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    question = {"id": "q", "type": "text", "label": {"en": XSS}}
    text = {"en": {"title": XSS, "summary": XSS, "description": XSS}}
    task = make_task(session, org, translations=text, custom_questions=[question])
    for url in (signup_url(org, task), f"/embed/v1/board?key={org.publishable}"):
        html = page(client.get(url))
        assert XSS not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        assert elements(html, "img") == []


# --- the iframe-only board ---------------------------------------------------------


def test_board_lists_open_tasks_with_signup_and_details_links(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    make_task(session, org, status="draft")
    html = page(client.get(f"/embed/v1/board?key={org.publishable}&locale=ar&parent={ORIGIN}"))
    assert element(html, "html")["dir"] == "rtl"
    assert "ترجمة نشرتنا الإخبارية" in html
    links = elements(html, "a")
    signup = next(a for a in links if "/signup" in a["href"])
    details = next(a for a in links if a["href"].startswith(f"/o/{org.organization.slug}/tasks/"))
    assert signup["target"] == "_self" and task.public_id in signup["href"]
    assert f"parent={ORIGIN}" in signup["href"]
    assert details["target"] == "_blank" and details["rel"] == "noopener"


def test_board_filters_by_category_and_pages_through_results(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    for _ in range(11):
        make_task(session, org, category="writing")
    make_task(session, org, category="translation")
    base = f"/embed/v1/board?key={org.publishable}&category=writing"
    first = page(client.get(base))
    assert len(elements(first, "article")) == 10
    next_link = element(first, "a", rel="next")["href"]
    assert "category=writing" in next_link and "page=2" in next_link
    second = page(client.get(next_link))
    assert len(elements(second, "article")) == 1
    assert element(second, "option", value="writing", selected="")
    ignored = client.get(f"/embed/v1/board?key={org.publishable}&max_hours=lots&page=-1")
    assert ignored.status_code == 200
