"""Creating an organization (what `widget-server org create` and the demo call)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from widget_server.models import Organization
from widget_server.services.access import organizations
from widget_server.services.errors import ValidationFailed


@pytest.mark.parametrize("name", ["Sawa\nBcc: all@example.org", "Sawa\rAid", "Sawa\u2028Aid"])
def test_an_organization_name_on_two_lines_is_refused_by_name(session: Session, name: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        organizations.create_organization(
            session, name=name, slug="sawa-aid", origins=["https://sawa.example"]
        )
    assert refused.value.fields["name"].code == "not_single_line"
    assert session.scalar(select(func.count()).select_from(Organization)) == 0
