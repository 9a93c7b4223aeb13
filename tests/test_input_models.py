"""One source of truth: the input models validate requests and are what the document shows.

The schemas in /api/v1/openapi.json are the models' own, and an error pydantic raises
keeps the field-problem code the API always answered, in the caller's language.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pydantic import BaseModel
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_task, task_payload
from widget_server.api.api_operations import OPERATIONS
from widget_server.api.openapi import model_schemas, openapi_document
from widget_server.api.request_models import PublicTaskQuery, SignupQuery, SignupStatusPatch
from widget_server.services.catalog.task_input import CustomQuestion, TaskInput, TaskPatch
from widget_server.services.errors import FieldProblem
from widget_server.services.hooks.webhooks import WebhookEndpointInput
from widget_server.services.volunteering.signup_input import SignupInput
from widget_server.web.error_texts import field_message

DOCUMENT = openapi_document()
LOCALES = ("ar", "fr", "en")


@pytest.mark.parametrize(
    "model",
    [TaskInput, TaskPatch, CustomQuestion, SignupInput, SignupStatusPatch, WebhookEndpointInput],
)
def test_a_body_schema_in_the_document_is_the_models_own(model: type[BaseModel]) -> None:
    assert (
        DOCUMENT["components"]["schemas"][model.__name__] == model_schemas([model])[model.__name__]
    )


def test_every_request_body_of_the_document_is_an_input_model() -> None:
    for method, path, spec in OPERATIONS:
        body = DOCUMENT["paths"][path][method].get("requestBody")
        assert (body is None) == (spec.body is None), (method, path)
        if spec.body is not None:
            ref = body["content"]["application/json"]["schema"]["$ref"]
            assert ref == f"#/components/schemas/{spec.body.__name__}"


@pytest.mark.parametrize(("path", "model"), [("/api/v1/public/tasks", PublicTaskQuery),
                                             ("/api/v1/signups", SignupQuery)])  # fmt: skip
def test_query_parameters_are_the_query_models_fields(path: str, model: type[BaseModel]) -> None:
    parameters = DOCUMENT["paths"][path]["get"]["parameters"]
    documented = {p["name"]: p for p in parameters if p.get("in") == "query"}
    assert set(model.model_fields) <= documented.keys()
    properties = model_schemas([model])[model.__name__]["properties"]
    for name, schema in properties.items():
        schema.pop("description", None)
        assert documented[name]["schema"] == schema


def _messages(app: Flask, problem: FieldProblem) -> dict[str, str]:
    texts = {}
    for locale in LOCALES:
        with app.test_request_context(f"/?locale={locale}"):
            texts[locale] = field_message(problem)
    return texts


# (what is sent, the field named, the code it keeps): one per pydantic error type we map,
# and rules of our own raised inside pydantic.
CASES: list[tuple[dict[str, Any], str, FieldProblem]] = [
    ({"hours_per_week": None, "category": "video"}, "translations",
     FieldProblem("required")),  # missing
    (task_payload(colour="red"), "colour", FieldProblem("unknown_field")),  # extra_forbidden
    (task_payload(translations={"en": "Hello"}), "translations.en",
     FieldProblem("wrong_type", {"expected": "object"})),  # model_type
    (task_payload(custom_questions=["q"]), "custom_questions.0",
     FieldProblem("wrong_type", {"expected": "object"})),  # model_type in a list
    (task_payload(translations={"de": {"title": "Hallo"}}), "translations.de",
     FieldProblem("not_a_choice", {"choices": "ar, en, fr"})),  # a dict key's own rule
    (task_payload(hours_per_week=81), "hours_per_week",
     FieldProblem("out_of_range", {"min": 1, "max": 80})),
    (task_payload(skills=["x" * 51]), "skills", FieldProblem("too_long", {"max": 50})),
    (task_payload(custom_questions=[{"id": "q", "type": "select", "label": {"en": "Q"}}]),
     "custom_questions.0.options", FieldProblem("required")),  # a model rule naming its field
]  # fmt: skip


@pytest.mark.parametrize(("payload", "field", "problem"), CASES)
def test_a_mapped_error_keeps_our_code_and_message_in_each_language(
    app: Flask,
    client: FlaskClient,
    org: OrgWithKeys,
    payload: dict[str, Any],
    field: str,
    problem: FieldProblem,
) -> None:
    expected = _messages(app, problem)
    assert len(set(expected.values())) == len(LOCALES)
    for locale in LOCALES:
        response = client.post(f"/api/v1/tasks?locale={locale}", json=payload, headers=org.auth)
        assert response.status_code == 422
        assert response.json["error"]["fields"][field] == expected[locale]


def test_a_body_that_is_no_object_is_named_body(
    client: FlaskClient, session: Session, org: OrgWithKeys
) -> None:
    task = make_task(session, org)
    response = client.post(
        f"/api/v1/public/tasks/{task.public_id}/signups?key={org.publishable}", json=[1]
    )
    assert response.status_code == 422
    assert response.json["error"]["fields"]["body"] == "This field must be a JSON object."
