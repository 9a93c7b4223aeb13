"""A PostgreSQL database made anew for a benchmark run, by the benchmarks that recreate one."""

from __future__ import annotations

import sqlalchemy as sa


def recreate(url: str) -> None:
    """Drop the database the URL names (closing its connections) and create it empty."""
    server = sa.create_engine(url.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    name = url.rsplit("/", 1)[1]
    with server.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    server.dispose()
