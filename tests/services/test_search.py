"""Arabic-aware, accent- and case-insensitive search."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from tests.factories import OrgWithKeys, make_task
from widget_server.services.catalog import tasks
from widget_server.services.catalog.search import normalise

pytestmark = pytest.mark.usefixtures("app")


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("مُتَرْجِمٌ", "مترجم"),  # diacritics
        ("أحمد", "احمد"),  # hamza above alef
        ("إعلان", "اعلان"),  # hamza below alef
        ("آمال", "امال"),  # madda
        ("مدرسة", "مدرسه"),  # taa marbuta / haa
        ("مستشفى", "مستشفي"),  # alef maqsura / yaa
        ("مـــترجم", "مترجم"),  # tatweel
        ("Résumé", "resume"),  # Latin accents and case
        ("DESIGN", "design"),
    ],
)
def test_normalise_makes_written_and_typed_forms_equal(written: str, typed: str) -> None:
    assert normalise(written) == normalise(typed)


def _search(session: Session, org: OrgWithKeys, q: str) -> list[str]:
    page = tasks.list_public_tasks(
        session, org.organization, tasks.PublicFilters(q=q), today=_today()
    )
    return [t.public_id for t in page.items]


def _today():  # noqa: ANN202
    from datetime import date

    return date.today()


def test_arabic_query_finds_task_regardless_of_hamza_diacritics_and_taa_marbuta(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(
        session,
        org,
        translations={"ar": {"title": "تَصْمِيمُ إعلانات لحملة الشتاء", "summary": "مساعدة المدرسة"}},
    )
    make_task(session, org, translations={"en": {"title": "Data entry"}})

    assert _search(session, org, "تصميم اعلانات") == [task.public_id]
    assert _search(session, org, "المدرسه") == [task.public_id]
    assert _search(session, org, "حمله الشتاء") == [task.public_id]


def test_latin_query_is_case_and_accent_insensitive_and_matches_skills(
    session: Session, org: OrgWithKeys
) -> None:
    task = make_task(
        session,
        org,
        skills=["Vidéo editing"],
        translations={"fr": {"title": "Montage d'une vidéo"}},
        default_locale="fr",
    )
    assert _search(session, org, "VIDEO") == [task.public_id]
    assert _search(session, org, "editing") == [task.public_id]
    assert _search(session, org, "100%_") == []
