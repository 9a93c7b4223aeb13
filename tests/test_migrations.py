"""The Alembic migrations build the whole schema the models describe."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from widget_server import migrate
from widget_server.settings import normalise_database_url


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    pg_url = os.environ.get("WIDGET_SERVER_TEST_DATABASE_URL")
    if not pg_url:
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    # A schema of its own, so the shared test schema is left alone.
    url = normalise_database_url(pg_url)
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
