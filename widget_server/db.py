"""The declarative base, the engine and a database session per request."""

from __future__ import annotations

import logging
from contextlib import suppress
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, cast

from flask import Flask, current_app, g
from sqlalchemy import (
    CursorResult,
    DateTime,
    Engine,
    Insert,
    MetaData,
    Result,
    Table,
    create_engine,
    event,
    insert,
    inspect,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Mapper, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Model(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every database (SQLite stores naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine tuned for the embedded SQLite default or for PostgreSQL."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)
        event.listen(engine, "connect", _sqlite_on_connect)
        return engine
    # A database that does not answer fails the request (503) rather than holding a worker.
    kwargs.setdefault("connect_args", {"connect_timeout": 5})
    kwargs.setdefault("pool_pre_ping", True)
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    return create_engine(url, **kwargs)


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers work while one writer commits; busy_timeout makes writers queue
    # instead of failing; secure_delete keeps erased personal data out of the file.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["db_engine"] = engine
    # Services read settings they need in any session from info (they never import Flask).
    info = {"waitlist_offer_hours": float(app.config["WAITLIST_OFFER_HOURS"])}
    app.extensions["db_sessionmaker"] = sessionmaker(engine, expire_on_commit=False, info=info)
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    return current_app.extensions["db_engine"]


def session() -> Session:
    """The session of the current app context, opened on first use."""
    if "db_session" not in g:
        g.db_session = current_app.extensions["db_sessionmaker"]()
    return g.db_session


def sessionmaker_() -> sessionmaker[Session]:
    """For work that outlives the request, such as a streamed response, in its own session."""
    return current_app.extensions["db_sessionmaker"]


def _close_session(_exc: BaseException | None) -> None:
    db_session = g.pop("db_session", None)
    if db_session is None:
        return
    try:
        db_session.close()
    except DBAPIError:
        # The database went away mid-request (the answer is already a 503): the rollback
        # that closing sends cannot reach it, so drop the connection instead.
        log.warning("database connection lost while closing the session")
        with suppress(DBAPIError):
            db_session.invalidate()


class PendingWriteError(RuntimeError):
    """begin_write was called while the session held changes not yet committed."""


# Set in Session.info from a write (a flush or an INSERT/UPDATE/DELETE statement) until
# the transaction ends: the changes begin_write would otherwise commit unseen.
_WROTE = "wrote_in_transaction"


@event.listens_for(Session, "after_flush")
def _note_flush(db_session: Session, _context: Any) -> None:
    db_session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _note_statement(state: Any) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _forget_writes(db_session: Session, transaction: Any) -> None:
    if transaction.parent is None:
        db_session.info.pop(_WROTE, None)


def has_pending_writes(db_session: Session) -> bool:
    """Whether the session holds changes, flushed or not, that no commit has ended."""
    return bool(
        db_session.new
        or db_session.deleted
        or db_session.info.get(_WROTE)
        or any(db_session.is_modified(instance) for instance in db_session.dirty)
    )


def begin_write(db_session: Session) -> None:
    """Start a transaction that may write, holding SQLite's write lock from its first statement.

    On SQLite a transaction that reads first and writes later fails with "database is
    locked" when another writer commits in between; taking the lock up front queues
    writers instead. PostgreSQL needs nothing here: conditional UPDATEs serialise there.

    A transaction that only read is ended first; one holding changes is refused
    (PendingWriteError), so that no caller's half-made change is committed by the way.
    """
    if has_pending_writes(db_session):
        pending = [*db_session.new, *db_session.dirty, *db_session.deleted]
        raise PendingWriteError(
            "begin_write() called with uncommitted changes in the session "
            f"({', '.join(type(o).__name__ for o in pending) or 'flushed writes'}): commit "
            "or roll them back first, or make them inside the write transaction"
        )
    if db_session.in_transaction():
        db_session.commit()  # nothing to write: this only ends the reading transaction
    if db_session.get_bind().dialect.name == "sqlite":
        db_session.connection().exec_driver_sql("BEGIN IMMEDIATE")


def rows_changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE matched: the rowcount of its cursor result."""
    return cast(CursorResult[Any], result).rowcount


def insert_new_rows(db_session: Session) -> None:
    """Write the session's new objects as plain INSERTs, one executemany per table.

    For a hot path whose new rows refer to nothing else new and whose caller needs none of
    the values the database makes (ids): it skips the unit of work's bookkeeping, which
    costs more than the statements themselves. The objects leave the session (they are
    never loaded back); changes to loaded objects are flushed as usual.
    """
    batches: dict[tuple[Any, tuple[str, ...]], list[dict[str, Any]]] = {}
    for obj in list(db_session.new):
        state = inspect(obj)
        columns = _column_keys(state.mapper)
        values = state.dict
        if any(key in values for key in _relationship_keys(state.mapper)):
            raise ValueError(f"insert_new_rows: a new {type(obj).__name__} refers to objects")
        row = {column: values[key] for key, column in columns if key in values}
        batches.setdefault((state.mapper.local_table, tuple(row)), []).append(row)
        db_session.expunge(obj)
    # Through the connection: the session's own execute adds its ORM bulk-insert path,
    # about a tenth of a sign-up's CPU for nothing this needs.
    connection = db_session.connection()
    for (table, _), rows in batches.items():
        connection.execute(_insert(table), rows)
    if batches:
        db_session.info[_WROTE] = True


@lru_cache
def _insert(table: Table) -> Insert:
    return insert(table)


@lru_cache
def _column_keys(mapper: Mapper[Any]) -> tuple[tuple[str, str], ...]:
    """(attribute, column) names of a mapper's columns."""
    return tuple((prop.key, prop.columns[0].key) for prop in mapper.column_attrs)


@lru_cache
def _relationship_keys(mapper: Mapper[Any]) -> tuple[str, ...]:
    return tuple(mapper.relationships.keys())
