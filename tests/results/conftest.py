"""Fixtures and helpers of the results tests, in sections (one per part of the results app):
- Assessments, periodic reports and blocs.
- Activities and evidence files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from tests.movements.conftest import TODAY, MovementWorld, world  # noqa: F401
from thidua.movements import services as movement_services
from thidua.movements.models import BonusItem, Criterion, PenaltyItem
from thidua.org.models import Place, Unit
from thidua.results.models import Activity, ActivityIndicator, ActivityKind, ActivityValue

# == Assessments, periodic reports and blocs ================================================


@dataclass
class ScoringWorld:
    """The movement world of tests.movements, launched and under review (scoring open), with
    its criteria by code (1.1 and 1.2 scored by hand, 20 points each; 2.1 counted from
    FL_NEWS.items against a target of 50, 60 points), the bonus item (up to 10) and the
    penalty item (2 points each)."""

    world: MovementWorld
    criteria: dict[str, Criterion]
    bonus: BonusItem
    penalty: PenaltyItem

    def __getattr__(self, name: str) -> Any:
        return getattr(self.world, name)

    def ids(self, points: dict[str, Any]) -> dict[int, Any]:
        """{criterion code: value} -> {criterion id: value}."""
        return {self.criteria[code].pk: value for code, value in points.items()}


def launch(mw: MovementWorld, *, under_review: bool = True) -> None:
    movement_services.set_movement_state(mw.movement, "LAUNCHED", actor=mw.officer)
    if under_review:
        movement_services.set_movement_state(mw.movement, "UNDER_REVIEW", actor=mw.officer)


@pytest.fixture
def scoring(world: MovementWorld) -> ScoringWorld:  # noqa: F811
    launch(world)
    criteria = {
        c.code: c for c in Criterion.objects.filter(section__table__movement=world.movement)
    }
    bonus = BonusItem.objects.get(table__movement=world.movement)
    penalty = PenaltyItem.objects.get(table__movement=world.movement)
    return ScoringWorld(world, criteria, bonus, penalty)


def add_activity(
    mw: MovementWorld,
    unit: Unit,
    *,
    kind: str = "FL_NEWS",
    values: dict[str, Any] | None = None,
    title: str = "Tin bài đối ngoại",
    occurred_on: dt.date | None = None,
    place: Place | None = None,
    withdrawn: bool = False,
) -> Activity:
    """A reported activity with its indicator values ({indicator code: value}), written
    directly: these tests are about what is computed from activities, not about reporting."""
    activity = Activity.objects.create(
        movement=mw.movement,
        unit=unit,
        kind=ActivityKind.objects.get(code=kind),
        title=title,
        occurred_on=occurred_on or TODAY,
        place=place,
        withdrawn_at=dt.datetime.now(tz=dt.UTC) if withdrawn else None,
    )
    ActivityValue.objects.bulk_create(
        ActivityValue(
            activity=activity,
            indicator=ActivityIndicator.objects.get(kind__code=kind, code=code),
            value=Decimal(str(value)),
        )
        for code, value in (values or {}).items()
    )
    return activity


# == Activities and evidence files ==========================================================


@dataclass
class ReportingWorld:
    """The movement world, launched (activities are reported), serving the parent plan
    05/KH-UBND with two tasks; places: a border commune of a border district and a ward of the
    city. ``private`` is the temporary evidence storage (outside ``static``)."""

    world: MovementWorld
    border_place: Place
    other_place: Place
    private: Any
    static: Any

    def __getattr__(self, name: str) -> Any:
        return getattr(self.world, name)


@pytest.fixture
def evidence_storage(settings, tmp_path):
    """Evidence stored under a temporary PRIVATE_MEDIA_ROOT, beside (not inside) STATIC_ROOT."""
    private = tmp_path / "private"
    static = tmp_path / "static"
    private.mkdir()
    static.mkdir()
    settings.PRIVATE_MEDIA_ROOT = private
    settings.STATIC_ROOT = static
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private)},
        },
    }
    return private, static


@pytest.fixture
def reporting(world: MovementWorld, evidence_storage) -> ReportingWorld:  # noqa: F811
    from tests.factories import make_place
    from thidua.movements.services import upsert_movement, upsert_parent_plan

    plan = upsert_parent_plan(
        "KH05-2018",
        number="05/KH-UBND",
        issued_on=dt.date(2018, 1, 17),
        issuer="UBND tỉnh Lạng Sơn",
        title="Kế hoạch thông tin đối ngoại năm 2018",
        tasks=[("NV1", "Thông tin đối ngoại khu vực biên giới"), ("NV2", "Tin, bài đối ngoại")],
    )
    upsert_movement(world.movement.code, parent_plan=plan)
    world.movement.refresh_from_db()
    launch(world, under_review=False)
    province = make_place("LS", kind="PROVINCE", name="Tỉnh Lạng Sơn")
    van_lang = make_place(
        "LS-VANLANG", kind="DISTRICT", parent=province, name="Huyện Văn Lãng", is_border=True
    )
    city = make_place("LS-TP", kind="DISTRICT", parent=province, name="Thành phố Lạng Sơn")
    border = make_place("LS-TANTHANH", parent=van_lang, name="Xã Tân Thanh", is_border=True)
    other = make_place("LS-CHILANG", parent=city, name="Phường Chi Lăng")
    private, static = evidence_storage
    return ReportingWorld(world, border, other, private, static)
