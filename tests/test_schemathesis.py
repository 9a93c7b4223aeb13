"""Schemathesis fuzzes every operation of /api/v1/openapi.json on a live server.

Each operation gets schema-valid requests (positive) and schema-violating ones (negative),
with the organization's real publishable and secret keys. The server must never answer
5xx, every answer must match the document (status, content type, headers, body), and
every schema-violating request must be refused with a 4xx.

One check is left out: positive_data_acceptance, which expects every schema-valid
request to succeed. The document cannot say everything the server checks (an IANA time
zone name, duration_weeks required for fixed-term tasks, no control characters in
text), and the server refuses those with a documented 422 naming the field.
Schemathesis is also told not to add unknown query parameters: the API ignores them on
purpose (see the document's description).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_task

# Examples per operation and mode: 20 to 40 s for the whole document.
MAX_EXAMPLES = 30
# The operations are dealt out to this many tests, which pytest-xdist runs side by side:
# one test for the whole document would be the suite's longest by far.
SHARDS = 6


@pytest.fixture
def api_schema(live_server: str) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_url(f"{live_server}/api/v1/openapi.json")
    schema.config.generation.update(allow_extra_parameters=False, with_security_parameters=False)
    return schema


def _operations(schema: schemathesis.BaseSchema, shard: int) -> Iterator[object]:
    """This shard's operations: every SHARDS-th of the document's, in its order."""
    for index, result in enumerate(schema.get_all_operations()):
        if index % SHARDS == shard:
            yield result.ok()


def _fuzz(operation: object, mode: GenerationMode, base: str, org: OrgWithKeys) -> None:
    auth = {
        "headers": {"Authorization": f"Bearer {org.secret}"},
        "params": {"key": org.publishable},
    }

    @given(case=operation.as_strategy(generation_mode=mode))  # type: ignore[attr-defined]
    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(
            base_url=base, excluded_checks=[positive_data_acceptance], timeout=30, **auth
        )

    run()


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_operation_answers_as_documented_to_valid_and_invalid_requests(
    api_schema: schemathesis.BaseSchema,
    live_server: str,
    session: Session,
    org: OrgWithKeys,
    shard: int,
) -> None:
    make_task(session, org, capacity=2, waitlist=True)
    make_task(session, org, status="draft")
    operations = list(_operations(api_schema, shard))
    assert operations, f"shard {shard} has no operation: the document has fewer than {SHARDS}"
    for operation in operations:
        _fuzz(operation, GenerationMode.POSITIVE, live_server, org)
        try:
            _fuzz(operation, GenerationMode.NEGATIVE, live_server, org)
        except Unsatisfiable:
            # Nothing to break: no parameters or body, or only free strings (a task id).
            continue
