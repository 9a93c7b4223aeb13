"""The OpenAPI 3.1 document at /api/v1/openapi.json, built from the models.

Request bodies and query parameters are the input models that validate them, response
bodies the response models; what cannot be derived (each operation's text, its answers
and their error codes) is the table in api_operations.py.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from flask import Blueprint, Response, jsonify
from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from widget_server.api import openapi_shared as shared
from widget_server.api.api_operations import OPERATIONS
from widget_server.api.openapi_shared import Answer, Operation
from widget_server.api.response_models import Error

bp = Blueprint("openapi", __name__)

Schema = dict[str, Any]
REF = "#/components/schemas/{model}"
_RETRY = {
    "headers": {
        "Retry-After": {
            "description": "Seconds to wait.",
            "required": True,
            "schema": {"type": "integer", "minimum": 0},
        }
    }
}


class DocumentSchema(GenerateJsonSchema):
    """pydantic's JSON schema without titles or null defaults (a field that may be left out)."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False

    def default_schema(self, schema: Any) -> Schema:
        json_schema = super().default_schema(schema)
        if json_schema.get("default", 0) is None:
            del json_schema["default"]
        return json_schema


def model_schemas(models: list[type[BaseModel]]) -> dict[str, Schema]:
    """The models' schemas, and those they refer to, by name."""
    refs, top = models_json_schema(
        [(model, "validation") for model in models],
        ref_template=REF,
        schema_generator=DocumentSchema,
    )
    schemas = top.get("$defs", {})
    # pydantic files Document[AdminTask] as Document_AdminTask_; the document uses the name
    # the class gives itself, AdminTaskDocument. (Wrappers are only ever answers' tops.)
    for (model, _), ref in refs.items():
        schemas[model.__name__] = schemas.pop(ref["$ref"].removeprefix(REF.format(model="")))
    for schema in schemas.values():
        schema.pop("title", None)
    return schemas


def _query_parameters(model: type[BaseModel]) -> list[Schema]:
    schema = model_schemas([model])[model.__name__]
    return [
        shared.parameter("query", name, field.pop("description", ""), field)
        for name, field in schema["properties"].items()
    ]


def _json(schema: Schema) -> Schema:
    return {"application/json": {"schema": schema}}


def _response(answer: Answer) -> Schema:
    """ "#Name" is a shared response; "code: ..." an error; (text, model, ...) a body."""
    if isinstance(answer, dict):
        return answer
    if isinstance(answer, tuple):
        text, model, *more = answer
        body = {"$ref": REF.format(model=model.__name__)}
        return {"description": text, "content": _json(body), **(more[0] if more else {})}
    if answer.startswith("#"):
        return {"$ref": f"#/components/responses/{answer[1:]}"}
    return {"description": answer, "content": _json({"$ref": REF.format(model="Error")})}


def _operation(path: str, spec: Operation) -> Schema:
    audience = spec.tag
    answers: dict[str, Answer] = dict(shared.AUDIENCE_ANSWERS.get(audience, {}))
    if spec.body is not None:
        answers.update(shared.BODY_ANSWERS)
    if spec.query is not None:
        answers["422"] = "#InvalidQuery"
    path_names = re.findall(r"{(\w+)}", path)
    for name in path_names:
        if (audience, name) in shared.NOT_FOUND:
            answers["404"] = shared.NOT_FOUND[audience, name]
    answers.update(spec.answers)
    operation: Schema = {"operationId": spec.id, "summary": spec.summary, "tags": [audience]}
    if spec.description:
        operation["description"] = spec.description
    operation["security"] = shared.SECURITY[audience]
    parameters = [shared.PATH_PARAMETERS[name] for name in path_names] + spec.parameters
    if spec.query is not None:
        parameters += _query_parameters(spec.query)
    if parameters:
        operation["parameters"] = parameters
    if spec.body is not None:
        operation["requestBody"] = {
            "required": spec.body_required,
            "description": spec.body_text,
            "content": _json({"$ref": REF.format(model=spec.body.__name__)}),
        }
    operation["responses"] = {
        status: _response(answer) for status, answer in sorted(answers.items())
    }
    return operation


def _build() -> Schema:
    paths: dict[str, Schema] = {}
    models: list[type[BaseModel]] = [Error]  # those the document's schemas describe
    for method, path, spec in OPERATIONS:
        paths.setdefault(path, {})[method] = _operation(path, spec)
        models += [spec.body] if spec.body else []
        models += [answer[1] for answer in spec.answers.values() if isinstance(answer, tuple)]
    return {
        "openapi": "3.1.0",
        "info": shared.INFO,
        "servers": [{"url": "/"}],
        "tags": shared.TAGS,
        "paths": paths,
        "components": {
            "securitySchemes": shared.SECURITY_SCHEMES,
            "schemas": model_schemas(list(dict.fromkeys(models))),
            "responses": {
                name: _response(text) | (_RETRY if name in shared.RETRY_AFTER else {})
                for name, text in shared.SHARED_RESPONSES.items()
            },
            "parameters": {"Locale": shared.LOCALE},
        },
    }


_DOCUMENT = _build()


def openapi_document() -> dict[str, Any]:
    """The document (a copy: callers may change it freely)."""
    return copy.deepcopy(_DOCUMENT)


@bp.get("/openapi.json")
def document() -> Response:
    response = jsonify(openapi_document())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
