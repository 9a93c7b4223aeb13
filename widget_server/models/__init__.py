"""Typed SQLAlchemy models, one module per aggregate."""

from widget_server.models.api_key import ApiKey, KeyKind
from widget_server.models.idempotency import IdempotencyRecord
from widget_server.models.organization import Membership, Organization, Role, SignupNotice, User
from widget_server.models.outbox import MessageKind, MessageStatus, OutboxMessage
from widget_server.models.signup import (
    ADMIN_TRANSITIONS,
    SLOT_HOLDING_STATUSES,
    Signup,
    SignupStatus,
)
from widget_server.models.task import (
    CATEGORIES,
    Commitment,
    Schedule,
    Task,
    TaskStatus,
    TaskTranslation,
)

__all__ = [
    "ADMIN_TRANSITIONS",
    "CATEGORIES",
    "SLOT_HOLDING_STATUSES",
    "ApiKey",
    "Commitment",
    "IdempotencyRecord",
    "KeyKind",
    "Membership",
    "MessageKind",
    "MessageStatus",
    "Organization",
    "OutboxMessage",
    "Role",
    "Schedule",
    "Signup",
    "SignupNotice",
    "SignupStatus",
    "Task",
    "TaskStatus",
    "TaskTranslation",
    "User",
]
