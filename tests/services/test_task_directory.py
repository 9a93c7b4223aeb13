"""The server's directory: open tasks of every listed organization, filtered as in the widget."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import event
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_org, make_task
from widget_server.services.access import organizations
from widget_server.services.catalog.task_directory import DirectoryFilters, list_directory
from widget_server.services.catalog.tasks import PublicFilters

TODAY = date.today()


def _ids(session: Session, **filters: object) -> set[str]:
    language = filters.pop("language", None)
    found = list_directory(
        session,
        DirectoryFilters(PublicFilters(**filters), language),
        TODAY,  # type: ignore[arg-type]
    )
    return {task.public_id for task in found.items}


def test_open_tasks_of_every_organization_are_listed_and_no_others(
    session: Session, org: OrgWithKeys
) -> None:
    other = make_org(session)
    mine = make_task(session, org)
    theirs = make_task(session, other)
    make_task(session, org, status="draft")
    make_task(session, org, status="paused")
    make_task(session, other, status="closed")
    make_task(session, other, apply_by=(TODAY - timedelta(days=1)).isoformat())
    assert _ids(session) == {mine.public_id, theirs.public_id}


def test_an_organization_that_left_the_directory_is_not_listed(
    session: Session, org: OrgWithKeys
) -> None:
    other = make_org(session)
    make_task(session, org)
    kept = make_task(session, other)
    organizations.set_in_directory(session, org.organization, False, user_id=None)
    assert _ids(session) == {kept.public_id}
    organizations.set_in_directory(session, org.organization, True, user_id=None)
    assert len(_ids(session)) == 2


def test_arabic_search_ignores_diacritics_hamza_and_taa_marbuta(
    session: Session, org: OrgWithKeys
) -> None:
    translation = make_task(session, org)  # "ترجمة نشرتنا الإخبارية"
    make_task(
        session,
        make_org(session),
        category="data_entry",
        skills=["Excel"],
        translations={"ar": {"title": "إدخال بيانات المستفيدين"}},
        default_locale="ar",
    )
    assert _ids(session, q="ترجمه الاخباريه") == {translation.public_id}
    assert _ids(session, q="تَرْجَمَة") == {translation.public_id}
    assert len(_ids(session, q="ادخال")) == 1
    assert _ids(session, q="newsletter translate") == {translation.public_id}
    assert _ids(session, q="ترجمة غائبة") == set()


def test_category_skill_hours_and_language_filters_narrow_the_list(
    session: Session, org: OrgWithKeys
) -> None:
    other = make_org(session)
    design = make_task(
        session,
        other,
        category="graphic_design",
        skills=["Canva"],
        languages=["fr"],
        hours_per_week=8,
    )
    translation = make_task(session, org, hours_per_week=2)  # ar, en; skills Arabic, English
    assert _ids(session, category="graphic_design") == {design.public_id}
    assert _ids(session, skill="canva") == {design.public_id}
    assert _ids(session, skill="Can") == set()  # a skill matches whole
    assert _ids(session, max_hours=4) == {translation.public_id}
    assert _ids(session, language="fr") == {design.public_id}
    assert _ids(session, language="ar") == {translation.public_id}
    assert _ids(session, language="ar", category="graphic_design") == set()


def test_pages_are_newest_first_and_count_every_match(session: Session, org: OrgWithKeys) -> None:
    made = [make_task(session, org if n % 2 else make_org(session)) for n in range(5)]
    first = list_directory(session, DirectoryFilters(PublicFilters(per_page=2)), TODAY)
    third = list_directory(session, DirectoryFilters(PublicFilters(page=3, per_page=2)), TODAY)
    assert first.total == 5 and first.total_pages == 3
    assert [t.public_id for t in first.items] == [made[4].public_id, made[3].public_id]
    assert [t.public_id for t in third.items] == [made[0].public_id]


def test_a_page_costs_three_statements_however_many_tasks_and_organizations(
    session: Session,
) -> None:
    for _ in range(6):
        owner = make_org(session)
        make_task(session, owner)
        make_task(session, owner, category="writing")
    session.expunge_all()
    statements: list[str] = []
    engine = session.get_bind()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        page = list_directory(session, DirectoryFilters(PublicFilters(per_page=10)), TODAY)
        shown = [(t.text_for("ar").title, t.organization.name) for t in page.items]
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert page.total == 12 and len(shown) == 10
    assert len({name for _, name in shown}) == 5
    # the count, the tasks joined with their organizations, the tasks' translations
    assert len(statements) == 3, statements
