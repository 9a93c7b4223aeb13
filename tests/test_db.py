"""begin_write starts a writing transaction after a read, and refuses to commit by the way
changes its caller has not committed; insert_new_rows writes new objects as plain INSERTs."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys
from widget_server.db import PendingWriteError, begin_write, insert_new_rows
from widget_server.models import ApiKey, AuditEntry, Organization


def _audit_rows(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def _entry(org: OrgWithKeys) -> AuditEntry:
    return AuditEntry(organization_id=org.organization.id, action="task.update", target="t")


def test_a_transaction_that_only_read_is_ended_and_the_write_goes_ahead(
    session: Session, org: OrgWithKeys
) -> None:
    session.scalar(select(Organization.name))
    assert session.in_transaction()
    begin_write(session)
    session.add(_entry(org))
    session.commit()
    assert _audit_rows(session) == 1


def test_setting_a_value_to_what_it_already_is_is_no_pending_change(
    session: Session, org: OrgWithKeys
) -> None:
    org.organization.name = org.organization.name
    begin_write(session)
    session.rollback()


def test_an_object_added_but_not_flushed_is_refused_and_not_committed(
    session: Session, org: OrgWithKeys
) -> None:
    session.add(_entry(org))
    with pytest.raises(PendingWriteError, match="AuditEntry"):
        begin_write(session)
    session.rollback()
    assert _audit_rows(session) == 0


def test_a_changed_attribute_is_refused(session: Session, org: OrgWithKeys) -> None:
    org.organization.retention_days = 30
    with pytest.raises(PendingWriteError, match="Organization"):
        begin_write(session)
    session.rollback()
    organization = session.get(Organization, org.organization.id)
    assert organization is not None and organization.retention_days != 30


def test_a_deleted_object_is_refused(session: Session, org: OrgWithKeys) -> None:
    session.add(_entry(org))
    session.commit()
    session.delete(session.scalars(select(AuditEntry)).one())
    with pytest.raises(PendingWriteError):
        begin_write(session)
    session.rollback()
    assert _audit_rows(session) == 1


def test_a_flushed_but_uncommitted_write_is_refused(session: Session, org: OrgWithKeys) -> None:
    session.add(_entry(org))
    session.flush()
    with pytest.raises(PendingWriteError, match="flushed writes"):
        begin_write(session)
    session.rollback()
    assert _audit_rows(session) == 0


def test_an_update_statement_not_yet_committed_is_refused(
    session: Session, org: OrgWithKeys
) -> None:
    session.execute(update(Organization).values(retention_days=30))
    with pytest.raises(PendingWriteError):
        begin_write(session)
    session.rollback()


def test_after_a_commit_or_a_rollback_the_session_may_write_again(
    session: Session, org: OrgWithKeys
) -> None:
    session.add(_entry(org))
    session.flush()
    session.rollback()
    begin_write(session)
    session.add(_entry(org))
    session.flush()
    session.commit()
    begin_write(session)
    session.rollback()
    assert _audit_rows(session) == 1


def test_rows_written_as_plain_inserts_stay_uncommitted_until_the_caller_commits(
    session: Session, org: OrgWithKeys
) -> None:
    session.add_all([_entry(org), _entry(org)])
    insert_new_rows(session)
    assert not session.new
    assert _audit_rows(session) == 2
    with pytest.raises(PendingWriteError, match="flushed writes"):
        begin_write(session)
    session.rollback()
    assert _audit_rows(session) == 0
    session.add(_entry(org))
    insert_new_rows(session)
    session.commit()
    written = session.scalars(select(AuditEntry)).one()
    assert written.details == {} and written.created_at is not None  # the columns' defaults


def test_a_new_object_that_refers_to_another_is_refused_and_nothing_is_written(
    session: Session, org: OrgWithKeys
) -> None:
    keys = session.scalar(select(func.count()).select_from(ApiKey))
    session.add(ApiKey(organization=org.organization))
    with pytest.raises(ValueError, match="refers to objects"):
        insert_new_rows(session)
    session.rollback()
    assert session.scalar(select(func.count()).select_from(ApiKey)) == keys
