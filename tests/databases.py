"""The PostgreSQL database a test process owns, when the suite runs on PostgreSQL."""

from __future__ import annotations

import os

import sqlalchemy as sa

from widget_server.settings import normalise_database_url


def worker_postgres_url() -> str | None:
    """WIDGET_SERVER_TEST_DATABASE_URL, or None on SQLite. Under pytest-xdist each worker
    gets a database of its own, named after the suite's with the worker's id ("test_gw0"),
    made when missing: workers never reset each other's tables."""
    url = os.environ.get("WIDGET_SERVER_TEST_DATABASE_URL")
    if not url:
        return None
    url = normalise_database_url(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    suite = sa.make_url(url)
    name = f"{suite.database}_{worker}"
    admin = sa.create_engine(suite.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        found = connection.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not found:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    admin.dispose()
    return suite.set(database=name).render_as_string(hide_password=False)
