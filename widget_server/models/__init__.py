"""Typed SQLAlchemy models, one module per aggregate."""

from widget_server.models.admin_access import AdminSession, Invitation, PasswordReset
from widget_server.models.alert import AlertFrequency, AlertSubscription, PendingAlertRequest
from widget_server.models.api_key import ApiKey, KeyKind
from widget_server.models.audit_entry import AuditEntry
from widget_server.models.certificate import Certificate
from widget_server.models.consent_text import ConsentText
from widget_server.models.idempotency_record import IdempotencyRecord
from widget_server.models.message import Direction, Message, SavedReply
from widget_server.models.organization import Membership, Organization, Role, SignupNotice, User
from widget_server.models.outbox_message import MessageKind, MessageStatus, OutboxMessage
from widget_server.models.signup import (
    ADMIN_TRANSITIONS,
    SLOT_HOLDING_STATUSES,
    Signup,
    SignupStatus,
)
from widget_server.models.signup_note import SignupNote
from widget_server.models.slot_offer import OfferState, SlotOffer
from widget_server.models.task import (
    CATEGORIES,
    Commitment,
    Schedule,
    Task,
    TaskStatus,
    TaskTranslation,
)
from widget_server.models.volunteer_sign_in import VolunteerSession, VolunteerSignInLink
from widget_server.models.webhook import WebhookDelivery, WebhookEndpoint
from widget_server.models.widget_view import WidgetViewCount

__all__ = [
    "AdminSession",
    "Invitation",
    "PasswordReset",
    "AlertFrequency",
    "AlertSubscription",
    "PendingAlertRequest",
    "ADMIN_TRANSITIONS",
    "CATEGORIES",
    "SLOT_HOLDING_STATUSES",
    "ApiKey",
    "AuditEntry",
    "Certificate",
    "Commitment",
    "ConsentText",
    "Direction",
    "IdempotencyRecord",
    "KeyKind",
    "Membership",
    "Message",
    "MessageKind",
    "MessageStatus",
    "OfferState",
    "Organization",
    "OutboxMessage",
    "Role",
    "SavedReply",
    "Schedule",
    "Signup",
    "SignupNote",
    "SignupNotice",
    "SignupStatus",
    "SlotOffer",
    "VolunteerSession",
    "VolunteerSignInLink",
    "Task",
    "TaskStatus",
    "TaskTranslation",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WidgetViewCount",
]
