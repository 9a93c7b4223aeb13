"""What the task and sign-up API answers, as models: the document shows them, and the
serializers give each answer their fields; the webhook and privacy answers are described
next to their routes. Document[X] and Page[X] wrap them as the answers do.

Every field is required, as the answers always carry them (null where the type says so).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, Field

from widget_server.locales import LOCALES
from widget_server.models import CATEGORIES, Commitment, Schedule, SignupStatus, TaskStatus
from widget_server.services.catalog.task_input import QUESTION_TYPES, CustomQuestion
from widget_server.services.inputs.field_rules import Choice, Whole
from widget_server.services.times.availability import AvailabilityWindow

Locale = Annotated[str, Choice(LOCALES)]
Direction = Annotated[str, Choice(("ltr", "rtl"))]
NextCursor = Annotated[
    str | None, Field(description="Pass it as cursor for the next page; null on the last page.")
]
Count = Annotated[int, Field(ge=0)]
Item = TypeVar("Item", bound=BaseModel)


class Document(BaseModel, Generic[Item]):
    """The answer about one thing: {"data": thing}."""

    data: Item

    @classmethod
    def model_parametrized_name(cls, params: tuple[Any, ...]) -> str:
        return f"{params[0].__name__}Document"  # its name in the OpenAPI document


class Page(BaseModel, Generic[Item]):
    """Things, newest first, a page at a time."""

    data: list[Item]
    next_cursor: NextCursor

    @classmethod
    def model_parametrized_name(cls, params: tuple[Any, ...]) -> str:
        return f"{params[0].__name__}List"


class _TaskFacts(BaseModel):
    """What public and admin task representations share."""

    id: str = Field(description="Public id, e.g. tsk_...")
    category: Annotated[str, Choice(CATEGORIES)]
    skills: list[str]
    languages: list[str]
    hours_per_week: Annotated[int, Whole(1, 80)]
    commitment: Annotated[str, Choice.of(Commitment)]
    duration_weeks: Annotated[int, Whole(1, 104, nullable=True)]
    schedule: Annotated[str, Choice.of(Schedule)]
    timezone: str
    starts_at: datetime | None
    ends_at: datetime | None
    apply_by: date | None
    capacity: Annotated[int, Whole(1, 100000, nullable=True)] = Field(description="null: unlimited")
    spots_left: Count | None = Field(description="null when capacity is unlimited")
    waitlist: bool
    published_at: datetime | None = Field(description="When the task first opened.")


class PublicOption(BaseModel):
    value: str
    label: str


class PublicCustomQuestion(BaseModel):
    """A custom question, its labels in the visitor's locale."""

    id: str
    type: Annotated[str, Choice(QUESTION_TYPES)]
    required: bool
    label: str
    options: list[PublicOption]


class Task(_TaskFacts):
    """An open task as visitors see it, in their locale or a fallback."""

    published_at: datetime = Field(description="When the task first opened.")
    locale: Locale = Field(description="The language of the text below.")
    title: str
    summary: str
    description_html: str = Field(description="Sanitised HTML.")
    accessibility_notes: str
    category_label: str = Field(description="The category's name in the locale.")
    timezone_label: str = Field(
        description="The task's time zone as a city name in the locale, like Kolkata."
    )
    custom_questions: list[PublicCustomQuestion]


class NextHours(BaseModel):
    """Today's or the next working day's hours."""

    start: datetime
    end: datetime


class WorkingHours(BaseModel):
    """When the organization works, in its own time zone; null when it has not said."""

    days: list[Annotated[int, Field(ge=1, le=7)]] = Field(description="1 is Monday.")
    start: str = Field(alias="from", max_length=5, description="HH:MM")
    end: str = Field(alias="to", max_length=5, description="HH:MM; before from: overnight.")
    timezone: str = Field(description="IANA time zone.")
    timezone_label: str = Field(None, description="The zone's city in the request's language.")  # type: ignore[assignment]
    next: NextHours = None  # type: ignore[assignment]


class WidgetDefaults(BaseModel):
    """The organization's widget defaults; a data- attribute on the snippet wins over each."""

    accent: str = Field(None, max_length=7, description="#rrggbb")  # type: ignore[assignment]
    on_accent: str = Field(None, max_length=7, description="Text colour on accent.")  # type: ignore[assignment]
    theme: Annotated[str, Choice(("light", "dark", "auto"))] = None  # type: ignore[assignment]
    layout: Annotated[str, Choice(("list", "grid", "compact"))] = None  # type: ignore[assignment]
    locale: Locale = None  # type: ignore[assignment]


class PublicOrganization(BaseModel):
    name: str
    slug: str
    working_hours: WorkingHours | None
    widget: WidgetDefaults


class PublicTaskPage(BaseModel):
    """One page of an organization's open tasks, newest first."""

    data: list[Task]
    page: Annotated[int, Whole(1, 10000)]
    per_page: Annotated[int, Whole(1, 100)]
    total: Count
    total_pages: Count
    locale: Locale
    direction: Direction
    organization: PublicOrganization


class PublicTaskDocument(Document[Task]):
    locale: Locale
    direction: Direction


class AdminTranslation(BaseModel):
    title: str
    summary: str
    description: str = Field(description="Markdown as written.")
    description_html: str = Field(description="Rendered and sanitised.")
    accessibility_notes: str


class AdminTask(_TaskFacts):
    """A task with every field the organization manages."""

    status: Annotated[str, Choice.of(TaskStatus)]
    default_locale: Locale
    taken: Count = Field(description="Slots held by sign-ups.")
    translations: dict[Locale, AdminTranslation]
    custom_questions: list[CustomQuestion]
    created_at: datetime
    updated_at: datetime


class SignupReceipt(BaseModel):
    """What the volunteer's browser is told: no personal data."""

    id: str = Field(description="Public id, e.g. sgn_...")
    task_id: str
    status: Annotated[str, Choice.of(SignupStatus)]
    holds_slot: bool
    created_at: datetime
    respond_by: datetime | None = Field(
        description=(
            "The organization's follow-up promise: the volunteer will hear from it by this "
            "time. Null once nothing is promised (answered, or on the waitlist)."
        )
    )


class SignupReceiptDocument(BaseModel):
    signup: SignupReceipt


class Consent(BaseModel):
    """The consent text's version and when it was given."""

    version: str
    at: datetime


class AdminSignup(BaseModel):
    """A sign-up with the volunteer's details."""

    id: str
    task_id: str
    status: Annotated[str, Choice.of(SignupStatus)]
    holds_slot: bool
    name: str
    email: str
    phone: str | None = Field(description="E.164")
    skills: list[str]
    availability: str
    timezone: str | None = Field(description="The volunteer's IANA time zone.")
    availability_windows: list[AvailabilityWindow]
    message: str
    answers: dict[str, str | bool]
    consent: Consent
    locale: Locale
    origin: str | None = Field(description="The website the sign-up came from.")
    page_url: str | None
    created_at: datetime
    updated_at: datetime
    status_changed_at: datetime
    hours_contributed: float | None = Field(description="Recorded when the sign-up was completed.")
    certificate_url: str | None = Field(
        description="The public page verifying the certificate in force."
    )
    first_response_at: datetime | None = Field(
        description=(
            "The organization's first status change (its answer); null while unanswered. "
            "Status expired: closed by the server, unanswered past the organization's "
            "closing limit."
        )
    )


class Message(BaseModel):
    """One message of a sign-up's conversation."""

    id: str = Field(description="Public id, e.g. msg_...")
    signup_id: str
    direction: Annotated[str, Choice(("out", "in"))] = Field(
        description="out: written by the organization; in: the volunteer's answer."
    )
    body: str = Field(description="As the volunteer reads it (merge fields filled in).")
    batch_id: str = Field(description="Shared by the messages of one sending.")
    created_at: datetime
    read_at: datetime | None = Field(description="When a member opened an answer; null if not.")


class SentMessages(BaseModel):
    """One stored message per volunteer written to, each queued for delivery by email."""

    data: list[Message]


class ErrorBody(BaseModel):
    code: str = Field(description="Stable, machine-readable.")
    message: str = Field(description="For people, in the request's locale.")
    fields: dict[str, str] = Field(
        None,  # type: ignore[arg-type]
        description=(
            "For validation_failed: a message per bad field, keyed by its name or dotted "
            "path (translations.en.title, answers.q1, body)."
        ),
    )


class Error(BaseModel):
    error: ErrorBody


class Health(BaseModel):
    status: Annotated[str, Choice(("ok",))]


class Readiness(BaseModel):
    status: Annotated[str, Choice(("ok", "unavailable"))]
    database: Annotated[str, Choice(("ok", "unreachable"))]
