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
