"""The organization's widget defaults: checked, stored, logged and readable for contrast."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys
from widget_server.models import AuditEntry
from widget_server.services.catalog import widget_theme
from widget_server.services.catalog.widget_theme import WidgetTheme
from widget_server.services.errors import ValidationFailed


def test_text_on_the_accent_is_whichever_of_black_or_white_contrasts_more() -> None:
    assert widget_theme.on_accent("#0b57d0") == "#ffffff"
    assert widget_theme.on_accent("#ffd400") == "#111111"
    assert widget_theme.on_accent("#fff") == "#111111"


def test_bad_values_are_refused_field_by_field() -> None:
    with pytest.raises(ValidationFailed) as refused:
        widget_theme.read_theme("red; background:url(x)", "neon", "grid", "de")
    assert set(refused.value.fields) == {"accent", "theme", "locale"}
    assert widget_theme.read_theme("", "", "", "") == WidgetTheme()


def test_saving_a_theme_bumps_the_content_version_and_is_logged_once(
    session: Session, org: OrgWithKeys
) -> None:
    organization = org.organization
    version = organization.content_version
    chosen = widget_theme.read_theme("#B3261E", "dark", "grid", "ar")
    widget_theme.save_theme(session, organization, chosen, user_id=None)
    widget_theme.save_theme(session, organization, chosen, user_id=None)
    session.refresh(organization)
    assert organization.content_version == version + 1
    assert WidgetTheme.of(organization).as_json() == {
        "accent": "#b3261e",
        "on_accent": "#ffffff",
        "theme": "dark",
        "layout": "grid",
        "locale": "ar",
    }
    assert len(session.scalars(select(AuditEntry)).all()) == 1
