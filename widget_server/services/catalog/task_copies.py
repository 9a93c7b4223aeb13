"""Duplicating a task: a new draft with the same settings, text and questions."""

from __future__ import annotations

import copy

from sqlalchemy.orm import Session

from widget_server.models import Organization, Task, TaskStatus, TaskTranslation
from widget_server.models.public_id import new_public_id
from widget_server.services import audit
from widget_server.services.access.organizations import bump_content_version
from widget_server.services.catalog.task_input import SCALAR_FIELDS
from widget_server.services.catalog.tasks import get_task


def duplicate_task(
    session: Session, organization: Organization, public_id: str, *, by: audit.Actor = audit.NOBODY
) -> Task:
    """A draft copy of the task (no sign-ups, no places taken), in the caller's transaction."""
    original = get_task(session, organization, public_id)
    task = Task(
        public_id=new_public_id("tsk"),
        organization_id=organization.id,
        taken=0,
        custom_questions=copy.deepcopy(original.custom_questions),
        skill_tags=original.skill_tags,
        search_text=original.search_text,
    )
    for name in SCALAR_FIELDS:
        setattr(task, name, copy.deepcopy(getattr(original, name)))
    task.status = TaskStatus.DRAFT
    for text in original.translations:
        task.translations.append(
            TaskTranslation(
                locale=text.locale,
                title=text.title,
                summary=text.summary,
                description=text.description,
                description_html=text.description_html,
                accessibility_notes=text.accessibility_notes,
            )
        )
    session.add(task)
    bump_content_version(session, organization)
    session.flush()
    audit.record(
        session,
        organization_id=organization.id,
        by=by,
        action="task.create",
        target=task.public_id,
        details={"copy_of": original.public_id},
    )
    return task
