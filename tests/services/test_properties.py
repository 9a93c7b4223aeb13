"""Property tests (Hypothesis) for the pieces that take arbitrary input from anyone."""

from __future__ import annotations

import csv
import io
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from widget_server.models import KeyKind
from widget_server.services.access import keys
from widget_server.services.catalog.search import normalise, terms
from widget_server.services.catalog.task_input import read_task
from widget_server.services.errors import ValidationFailed
from widget_server.services.inputs.control_chars import without_control_chars
from widget_server.services.volunteering.export import neutralise
from widget_server.services.volunteering.signup_input import read_signup

ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=20,
)


class _Task:
    custom_questions: list = []


@given(st.text(alphabet=string.ascii_letters + string.digits + "_", max_size=60))
def test_only_generated_tokens_parse(token: str) -> None:
    assert keys.parse_token(token) is None or token.startswith(("vw_pk_", "vw_sk_"))


@given(
    st.sampled_from(list(KeyKind)),
    st.integers(min_value=6, max_value=41),
    st.sampled_from(string.ascii_letters + string.digits),
)
def test_any_one_character_change_breaks_a_token(kind: KeyKind, where: int, new: str) -> None:
    token = keys.generate_token(kind)
    changed = token[:where] + new + token[where + 1 :]
    assert keys.parse_token(token) is kind
    assert changed == token or keys.parse_token(changed) is None


@given(ANY_TEXT)
def test_normalise_is_idempotent_and_lowercase(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert once == once.casefold()
    assert "  " not in once


@given(st.text(ARABIC, min_size=1, max_size=30))
def test_arabic_text_is_found_by_its_own_normalised_terms(text: str) -> None:
    haystack = normalise(text)
    for term in terms(text):
        assert term in haystack


@given(JSON)
@settings(max_examples=300)
def test_any_json_gives_a_signup_or_field_problems_never_a_crash(payload: object) -> None:
    try:
        read_signup(payload, _Task(), default_locale="en")  # type: ignore[arg-type]
    except ValidationFailed as failure:
        assert failure.fields
        assert all(isinstance(name, str) for name in failure.fields)


@given(JSON, st.booleans())
def test_any_json_gives_a_task_or_field_problems_never_a_crash(
    payload: object, partial: bool
) -> None:
    try:
        read_task(payload, partial=partial)
    except ValidationFailed as failure:
        assert failure.fields
        assert all(isinstance(name, str) for name in failure.fields)


@given(st.lists(ANY_TEXT, min_size=1, max_size=6))
def test_csv_cells_round_trip_and_never_start_a_formula(cells: list[str]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([neutralise(c) for c in cells])
    (row,) = list(csv.reader(io.StringIO(buffer.getvalue())))
    for original, written in zip(cells, row, strict=True):
        assert not written.startswith(("=", "+", "-", "@", "\t", "\r"))
        clean = without_control_chars(original)
        assert written in (clean, "'" + clean) or "\r" in original or "\n" in original
