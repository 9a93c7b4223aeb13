"""Health endpoints."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from widget_server import create_app


def test_healthz_and_readyz_answer_ok(client: FlaskClient) -> None:
    assert client.get("/healthz").json == {"status": "ok"}
    assert client.get("/readyz").json == {"status": "ok", "database": "ok"}


def test_readyz_is_503_when_the_database_is_unreachable(app: Flask, tmp_path) -> None:  # noqa: ANN001
    broken = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
        }
    )
    response = broken.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"
    assert broken.test_client().get("/healthz").status_code == 200
