"""What each error and field-problem code says to a person, in their language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l

from widget_server.services.errors import FieldProblem

FIELD_MESSAGES = {
    "required": _l("This field is required."),
    "out_of_range": _l("Enter a number from %(min)s to %(max)s."),
    "not_a_choice": _l("Choose one of: %(choices)s."),
    "unknown_field": _l("This field is not recognised."),
    "invalid_characters": _l("This field contains characters that are not allowed."),
    "not_single_line": _l("Write this on one line, without line breaks or control characters."),
    "invalid_email": _l("Enter a valid email address, like name@example.org."),
    "invalid_phone": _l("Enter a valid phone number with its country code, like +961 1 234 567."),
    "invalid_url": _l("Enter a web address starting with http:// or https://."),
    "url_not_public": _l(
        "This address does not lead to a public server on the internet; use a public one."
    ),
    "invalid_date": _l("Enter a date as YYYY-MM-DD."),
    "invalid_datetime": _l("Enter a date and time as YYYY-MM-DDTHH:MM:SS+HH:MM."),
    "datetime_needs_offset": _l("Add a time zone offset, like +03:00 or Z."),
    "invalid_timezone": _l("Choose a time zone such as Asia/Beirut."),
    "time_skipped": _l(
        "This time does not exist in %(zone)s: the clocks go forward then. Choose another time."
    ),
    "time_repeated": _l(
        "This time happens twice in %(zone)s: the clocks go back then. Choose a time an hour "
        "earlier or later."
    ),
    "invalid_weekdays": _l("Choose at least one day."),
    "invalid_clock": _l("Enter a time as HH:MM, like 18:30."),
    "same_clock": _l("The end time must differ from the start time."),
    "invalid_language": _l("Use two- or three-letter language codes, like ar or en."),
    "invalid_identifier": _l(
        "Use lowercase letters, digits and underscores, starting with a letter."
    ),
    "invalid_origin": _l("%(value)s is not a web origin like https://ngo.example."),
    "invalid_slug": _l("Use lowercase letters, digits and hyphens."),
    "invalid_cursor": _l("This page cursor is not valid; start again from the first page."),
    "invalid_idempotency_key": _l("Use a printable key of at most 255 characters."),
    "consent_required": _l("Please agree to the privacy notice to sign up."),
    "duplicate": _l("This value is used twice."),
    "invalid_translations": _l("Give the text as an object keyed by language: %(choices)s."),
    "invalid_questions": _l("Give at most 20 questions, each with an id, a type and a label."),
    "invalid_labels": _l("Give a label per language, as text of at most 300 characters."),
    "invalid_options": _l("Give from 1 to 50 options, each with a value and a label."),
    "ends_before_start": _l("The end must come after the start."),
    "no_translation": _l("The default language needs a title and text."),
    "invalid_colour": _l("Enter a colour as # and six hexadecimal digits, like #0b57d0."),
    "invalid_number": _l("Enter a number, like 2 or 2.5."),
    "not_utf8": _l("Save the file as CSV UTF-8 and upload it again."),
    "unknown_column": _l("This column is not one of the template's columns."),
    "extra_cells": _l("This row has more cells than the header has columns."),
    "empty_file": _l("The file has no tasks in it."),
    "wrong_password": _l("This is not the password of this account."),
    "passwords_differ": _l("The two passwords are not the same."),
    "recipients_one_way": _l("Name the volunteers either by signup_ids or by task, not both."),
    "no_recipients": _l(
        "No one to write to: choose volunteers who confirmed their address and are still signed up."
    ),
}

# Messages with a count use ngettext, so Arabic gets all six of its plural forms.
COUNTED_MESSAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "too_long": lambda p: ngettext(
        "This field must be at most %(num)s character long.",
        "This field must be at most %(num)s characters long.",
        p["max"],
    ),
    "too_short": lambda p: ngettext(
        "This field must be at least %(num)s character long.",
        "This field must be at least %(num)s characters long.",
        p["min"],
    ),
    "too_many": lambda p: ngettext(
        "At most %(num)s item is allowed.", "At most %(num)s items are allowed.", p["max"]
    ),
    "below_taken": lambda p: ngettext(
        "%(num)s place is already taken; the capacity cannot be lower.",
        "%(num)s places are already taken; the capacity cannot be lower.",
        p["taken"],
    ),
}

WRONG_TYPE_MESSAGES = {
    "string": _l("This field must be text."),
    "integer": _l("This field must be a whole number."),
    "boolean": _l("This field must be true or false."),
    "object": _l("This field must be a JSON object."),
    "array of strings": _l("This field must be a list of texts."),
    "array": _l("This field must be a list."),
}

ERROR_MESSAGES = {
    "bad_request": _l("The request could not be understood."),
    "invalid_json": _l("The request body is not valid JSON."),
    "unsupported_media_type": _l("Send the request body as application/json."),
    "validation_failed": _l("Some fields need attention."),
    "invalid_key": _l("The API key is missing, malformed, revoked or expired."),
    "wrong_key_kind": _l("This endpoint does not accept this kind of key."),
    "secret_key_in_browser": _l("Secret keys may not be used from a browser."),
    "origin_not_allowed": _l("This website is not allowed to use this key."),
    "not_found": _l("Nothing was found at this address."),
    "task_not_found": _l("This task does not exist or is not open."),
    "signup_not_found": _l("This sign-up does not exist."),
    "key_not_found": _l("This key does not exist."),
    "endpoint_not_found": _l("This webhook endpoint does not exist."),
    "too_many_endpoints": _l("An organization may have at most %(max)s webhook endpoints."),
    "organization_not_found": _l("This organization does not exist."),
    "member_not_found": _l("This person is not a member of this organization."),
    "invitation_not_found": _l("This invitation does not exist or is no longer open."),
    "message_not_found": _l("This outbox message does not exist."),
    "message_not_retryable": _l("Only failed or dead messages can be retried."),
    "method_not_allowed": _l("This method is not allowed here."),
    "task_full": _l("This task is full and has no waitlist."),
    "task_has_signups": _l("This task has sign-ups; archive it instead of deleting it."),
    "invalid_transition": _l("A sign-up that is %(current)s cannot become %(requested)s."),
    "signup_conflict": _l("Another request changed this sign-up; try again."),
    "idempotency_key_reused": _l("This Idempotency-Key was already used for a different request."),
    "slug_taken": _l("This slug is already taken."),
    "key_inactive": _l("This key is revoked or expired."),
    "last_owner": _l("An organization needs at least one owner: make someone else owner first."),
    "invalid_grace_period": _l("The grace period must be at most 30 days."),
    "payload_too_large": _l("The request body is larger than %(limit)s bytes."),
    "rate_limited": _l("Too many requests; try again later."),
    "service_unavailable": _l("The service is briefly unavailable; try again shortly."),
    "storage_full": _l(
        "The server has no room left to save this, so nothing was saved; try again later."
    ),
    "internal_error": _l("Something went wrong on our side; it has been logged."),
    "link_invalid": _l(
        "This link is not valid: it may have been changed or cut short. Nothing was changed."
    ),
    "link_expired": _l("This link has expired. Nothing was changed."),
    "form_invalid": _l("This form could not be checked. Please send it again."),
    "form_expired": _l("This form has expired. Please check your answers and send it again."),
    "admin_link_invalid": _l(
        "This link is not valid: it may have been copied incompletely or changed. "
        "Ask for a new one."
    ),
    "admin_link_expired": _l("This link has expired. Ask for a new one."),
    "admin_link_used": _l("This link was already used. Ask for a new one if you need it."),
    "admin_link_revoked": _l("This invitation was withdrawn. Ask the organization for a new one."),
    "captcha_failed": _l(
        "Please complete the check that shows you are a person, then send the form again."
    ),
    "form_too_fast": _l("That was very quick. Please check your answers and send the form again."),
    "my_link_invalid": _l(
        "This sign-in link is not valid: it may have been copied incompletely or changed. "
        "Ask for a new one below."
    ),
    "my_link_expired": _l("This sign-in link has expired. Ask for a new one below."),
    "my_link_used": _l(
        "This sign-in link was already used: each link works once. Ask for a new one below."
    ),
    "my_session_ended": _l("You are signed out. Ask for a new sign-in link to continue."),
    "signup_closed": _l(
        "This sign-up is closed, so its conversation takes no new message. Nothing was sent."
    ),
    "messages_rate_limited": _l(
        "Your organization has sent many messages in the last hour. Nothing was sent; "
        "try again later."
    ),
    "answers_rate_limited": _l(
        "You have sent many messages in the last hour. Nothing was sent; try again later."
    ),
    "recipients_changed": _l(
        "Who gets this message changed while you wrote it. Nothing was sent: check the list "
        "and send again."
    ),
    "reply_not_found": _l("This saved reply does not exist."),
    "too_many_replies": _l("An organization may keep at most %(max)s saved replies."),
    "my_erase_unconfirmed": _l("Tick the box to confirm that you want everything erased."),
}

CATEGORY_LABELS = {
    "web_design": _l("Website design"),
    "data_entry": _l("Data entry"),
    "social_media": _l("Social media"),
    "app_development": _l("App development"),
    "volunteer_coordination": _l("Following up with volunteers"),
    "writing": _l("Writing and blogging"),
    "graphic_design": _l("Graphic design and photography"),
    "marketing": _l("Marketing"),
    "video": _l("Video production"),
    "expert_advice": _l("Expert advice"),
    "translation": _l("Translation"),
    "research": _l("Research"),
    "other": _l("Other"),
}

STATUS_LABELS = {
    "pending": _l("waiting for email confirmation"),
    "confirmed": _l("confirmed"),
    "accepted": _l("accepted"),
    "declined": _l("declined"),
    "waitlisted": _l("waitlisted"),
    "withdrawn": _l("withdrawn"),
    "completed": _l("completed"),
    "expired": _l("closed without a reply"),
}


ROLE_LABELS = {"owner": _l("Owner"), "editor": _l("Editor"), "viewer": _l("Viewer")}


def labeller(labels: Mapping[str, Any]) -> Callable[[str], str]:
    """The function that names a code as people read it; an unknown code is shown as is."""
    return lambda code: str(labels.get(str(code), code))


role_label = labeller(ROLE_LABELS)
status_label = labeller(STATUS_LABELS)
category_label = labeller(CATEGORY_LABELS)


def field_messages(problems: Mapping[str, FieldProblem], prefix: str = "") -> dict[str, str]:
    """Each bad field's message, keyed by its name (after prefix)."""
    return {prefix + name: field_message(problem) for name, problem in problems.items()}


def field_message(problem: FieldProblem) -> str:
    if problem.code in COUNTED_MESSAGES:
        return COUNTED_MESSAGES[problem.code](problem.params)
    if problem.code == "wrong_type":
        typed = WRONG_TYPE_MESSAGES.get(problem.params.get("expected", ""))
        return str(typed) if typed else gettext("This field has the wrong type.")
    template = FIELD_MESSAGES.get(problem.code)
    if template is None:
        return gettext("This field is not valid.")
    return _format(str(template), problem.params)


def error_message(code: str, params: dict[str, Any] | None = None) -> str:
    template = ERROR_MESSAGES.get(code) or ERROR_MESSAGES["bad_request"]
    params = dict(params or {})
    for name in ("current", "requested"):
        if name in params:
            params[name] = status_label(params[name])
    return _format(str(template), params)


def _format(template: str, params: dict[str, Any]) -> str:
    try:
        return template % params if params else template.replace("%%", "%")
    except (KeyError, TypeError, ValueError):
        return template
