"""The Alembic migrations build the whole schema the models describe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.databases import worker_postgres_url
from widget_server import migrate


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    url = worker_postgres_url()
    if not url:
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    # A schema of its own, so the suite's own schema is left alone.
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA IF EXISTS migration_check CASCADE")
        connection.exec_driver_sql("CREATE SCHEMA migration_check")
    sep = "&" if "?" in url else "?"
    yield f"{url}{sep}options=-csearch_path%3Dmigration_check"
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP SCHEMA IF EXISTS migration_check CASCADE")
    engine.dispose()


def test_empty_database_upgrades_to_head_and_matches_the_models(empty_database: str) -> None:
    migrate.upgrade(empty_database)
    migrate.check(empty_database)  # raises if autogenerate would find any difference
    engine = sa.create_engine(empty_database)
    tables = set(sa.inspect(engine).get_table_names())
    engine.dispose()
    assert {"organization", "api_key", "task", "task_translation", "signup"} <= tables


def test_stored_addresses_are_rewritten_in_their_normal_form_keeping_duplicates(
    empty_database: str,
) -> None:
    migrate.upgrade(empty_database, "0011_certificates")
    engine = sa.create_engine(empty_database)
    now = "2026-12-01 10:00:00"
    with engine.begin() as db:
        db.execute(
            sa.text(
                "INSERT INTO organization (id, slug, name, default_locale, timezone,"
                " working_days, allowed_origins, content_version, retention_days,"
                " response_days, close_after_days, created_at, updated_at)"
                " VALUES (1, 'ngo', 'NGO', 'en', 'UTC', '[]', '[]', 1, 730, 3, 14, :t, :t)"
            ),
            {"t": now},
        )
        for id_, email in (
            (1, "Owner@example.org"),
            (2, "ｌａｙｌａ@example.org"),
            (3, "layla@example.org"),
        ):
            db.execute(
                sa.text(
                    "INSERT INTO user_account (id, email, name, locale, created_at)"
                    " VALUES (:id, :email, '', 'en', :t)"
                ),
                {"id": id_, "email": email, "t": now},
            )
    migrate.upgrade(empty_database)
    with engine.connect() as db:
        emails = db.execute(sa.text("SELECT email FROM user_account ORDER BY id")).scalars().all()
    engine.dispose()
    # The third account already held the second's normal form: both are kept as they were.
    assert emails == ["owner@example.org", "ｌａｙｌａ@example.org", "layla@example.org"]
