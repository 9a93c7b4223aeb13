"""The front page (/): the server's directory of open tasks, in Arabic first."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.admin.query_count import counting_queries
from tests.factories import OrgWithKeys, make_org, make_task
from tests.pages import element, elements
from widget_server import create_app
from widget_server.settings import ConfigError


def _html(client: FlaskClient, path: str, **headers: str) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def test_the_root_lists_open_tasks_in_arabic_linking_each_hosted_page(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    make_task(session, org, status="draft")
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert element(html, "html", lang="ar", dir="rtl")
    assert len(elements(html, "article")) == 1
    slug = org.organization.slug
    assert element(html, "a", href=f"/o/{slug}/tasks/{task.public_id}?locale=ar")
    assert element(html, "a", href=f"/o/{slug}?locale=ar")
    assert "ترجمة نشرتنا الإخبارية" in html and org.organization.name in html
    assert element(html, "form", method="get", role="search")
    for code in ("ar", "en", "fr"):
        assert element(
            html, "link", rel="alternate", hreflang=code, href=f"http://widgets.test/?locale={code}"
        )
    assert element(html, "link", rel="alternate", hreflang="x-default", href="http://widgets.test/")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "public, max-age=30"
    assert "Accept-Language" in response.headers["Vary"]
    assert "Set-Cookie" not in response.headers


def test_the_language_follows_the_query_then_the_browser_then_arabic(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    make_task(session, org)
    assert element(_html(client, "/?locale=en"), "html", lang="en", dir="ltr")
    assert element(_html(client, "/", **{"Accept-Language": "fr-CA,fr;q=0.9"}), "html", lang="fr")
    assert element(_html(client, "/", **{"Accept-Language": "de-DE,ja"}), "html", lang="ar")
    english = _html(client, "/?locale=en")
    assert "Translate our newsletter" in english
    # Search keeps the language: the form carries it.
    assert element(english, "input", type="hidden", name="locale", value="en")


def test_the_operator_may_choose_another_default_language(database_url: str) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "DIRECTORY_LOCALE": "fr"})
    try:
        html = app.test_client().get("/").get_data(as_text=True)
    finally:
        app.extensions["db_engine"].dispose()
    assert element(html, "html", lang="fr", dir="ltr")
    with pytest.raises(ConfigError, match="DIRECTORY_LOCALE"):
        create_app({"TESTING": True, "DATABASE_URL": database_url, "DIRECTORY_LOCALE": "de"})


def test_filters_narrow_the_list_and_pages_keep_them(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    other = make_org(session)
    for _ in range(11):
        make_task(
            session,
            other,
            category="writing",
            languages=["fr"],
            translations={"fr": {"title": "Rédiger la lettre d'information"}},
            default_locale="fr",
        )
    make_task(session, org)
    html = _html(client, "/?locale=en&category=writing&language=fr")
    assert len(elements(html, "article")) == 10
    assert "11 tasks found" in html
    following = element(html, "a", rel="next")["href"]
    assert "category=writing" in following and "language=fr" in following and "page=2" in following
    assert len(elements(_html(client, following), "article")) == 1
    assert element(html, "option", value="fr", selected="")
    assert "1 task found" in _html(client, "/?locale=en&q=%D8%AA%D8%B1%D8%AC%D9%85%D9%87")  # ترجمه


@pytest.mark.parametrize(
    "query",
    [
        "page=-1",
        "page=abc",
        "page=0",
        "page=99999999999999999999",
        "max_hours=-3",
        "max_hours=1e9",
        "category=nope",
        "language=%00",
        "language=xx%22%25",
        "locale=zz",
        "q=" + "%D8%A7" * 5000,
        "skill=" + "x" * 10000,
        "q=%25_%5C",
        "page=2&page=x",
    ],
)
def test_bad_query_parameters_are_ignored_never_an_error(
    client: FlaskClient, session: Session, org: OrgWithKeys, query: str
) -> None:
    make_task(session, org)
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    assert element(response.get_data(as_text=True), "form", role="search")


def test_a_page_past_the_last_says_so_and_links_the_first(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    make_task(session, org)
    html = _html(client, "/?locale=en&page=7&category=translation")
    assert "This page is past the last one." in html
    first = element(html, "a", href="/?locale=en&category=translation&page=1")
    assert first


def test_a_page_runs_the_same_statements_for_one_task_or_ten(
    app: Flask, client: FlaskClient, session: Session
) -> None:
    owner = make_org(session)
    make_task(session, owner)
    client.get("/")  # warm up: assets, the engine's first connection
    with counting_queries(app) as one:
        _html(client, "/")
    for _ in range(9):
        make_task(session, make_org(session))
    with counting_queries(app) as ten:
        html = _html(client, "/")
    assert len(elements(html, "article")) == 10
    assert len(one) == len(ten) == 3, ten


def test_with_the_directory_off_the_root_only_names_the_server(
    app: Flask, client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    make_task(session, org)
    app.config["DIRECTORY"] = False
    response = client.get("/?locale=en")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert len(elements(html, "h1")) == 1 and "widgets.test" in html
    assert elements(html, "article") == [] and org.organization.name not in html
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]


def test_the_demo_guide_is_served_by_the_demo_only(app: Flask, client: FlaskClient) -> None:
    assert client.get("/demo").status_code == 404
    assert "/demo" not in client.get("/").get_data(as_text=True)
    app.config["DEMO"] = True
    html = _html(client, "/demo?locale=fr")
    assert element(html, "html", lang="fr")
    assert element(_html(client, "/?locale=fr"), "a", href="/demo?locale=fr")
