"""Flat text fields (a form, a CSV row) become the payload read_task checks, and its
problem keys find their way back to the field that was typed."""

from __future__ import annotations

import pytest

from widget_server.services.catalog.task_fields import field_for_problem, payload_from_fields
from widget_server.services.catalog.task_input import read_task


def test_numbers_lists_and_flags_are_read_the_way_people_type_them() -> None:
    payload = payload_from_fields(
        {
            "title_ar": " ترجمة ",
            "category": "translation",
            "hours_per_week": "١٢",
            "commitment": "ongoing",
            "capacity": "",
            "waitlist": "نعم",
            "skills": "تحرير، تدقيق, Arabic",
            "languages": "AR; en",
        }
    )
    values = read_task(payload, partial=False)
    assert values["hours_per_week"] == 12
    assert values["capacity"] is None  # empty: no limit
    assert values["waitlist"] is True
    assert values["skills"] == ["تحرير", "تدقيق", "Arabic"]
    assert values["languages"] == ["ar", "en"]
    assert values["translations"]["ar"]["title"] == "ترجمة"


def test_text_that_is_not_a_number_is_left_for_the_validator_to_name() -> None:
    payload = payload_from_fields({"hours_per_week": "three", "waitlist": "maybe"})
    assert payload["hours_per_week"] == "three"
    assert payload["waitlist"] == "maybe"


def test_a_local_time_is_taken_in_the_tasks_time_zone() -> None:
    payload = payload_from_fields({"timezone": "Asia/Beirut", "starts_at": "2030-01-10T09:00"})
    assert payload["starts_at"] == "2030-01-10T09:00:00+02:00"


def test_blank_question_rows_are_skipped_and_options_line_up_by_language() -> None:
    payload = payload_from_fields(
        {
            "q0_type": "select",
            "q0_label_en": "Shift",
            "q0_options_en": "Morning\nEvening",
            "q0_options_fr": "Matin\nSoir",
            "q1_type": "text",
        }
    )
    [question] = payload["custom_questions"]
    assert question["id"] == "q1"
    assert question["options"][1] == {"value": "2", "label": {"en": "Evening", "fr": "Soir"}}


@pytest.mark.parametrize(
    ("key", "field"),
    [
        ("translations.fr.summary", "summary_fr"),
        ("translations", "title_ar"),
        ("custom_questions.2.label", "q2_label"),
        ("custom_questions.0.options.1.label", "q0_options"),
        ("hours_per_week", "hours_per_week"),
    ],
)
def test_problem_keys_point_at_the_field_typed(key: str, field: str) -> None:
    assert field_for_problem(key, default_locale="ar") == field
