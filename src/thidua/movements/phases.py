"""Phase-dependent rights, stated once: what is open on a given day of a movement.

Every view, API endpoint and service asks these functions rather than comparing dates itself.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from thidua.movements.enums import MovementState, PhaseKind
from thidua.movements.models import Movement, Phase


def _phase(movement: Movement, kind: str) -> Phase | None:
    cache: dict[str, Phase] | None = getattr(movement, "_phase_cache", None)
    if cache is None:
        cache = {p.kind: p for p in movement.phases.all()}
        movement._phase_cache = cache  # type: ignore[attr-defined]
    return cache.get(kind)


def phase_window(movement: Movement, kind: str) -> tuple[dt.date, dt.date] | None:
    phase = _phase(movement, kind)
    return (phase.start, phase.end) if phase else None


def phase_open(movement: Movement, kind: str, on: dt.date | None = None) -> bool:
    day = on or timezone.localdate()
    window = phase_window(movement, kind)
    return window is not None and window[0] <= day <= window[1]


def registration_open(movement: Movement, on: dt.date | None = None) -> bool:
    """Units and people may register while the movement is launched and the registration
    phase covers the day."""
    return movement.state == MovementState.LAUNCHED and phase_open(
        movement, PhaseKind.REGISTRATION, on
    )


def registration_deadline(movement: Movement) -> dt.date | None:
    window = phase_window(movement, PhaseKind.REGISTRATION)
    return window[1] if window else None


def unit_plans_open(movement: Movement) -> bool:
    """Unit plans are written once the movement is launched and until its review starts."""
    return movement.state == MovementState.LAUNCHED


def briefing_open(movement: Movement) -> bool:
    return movement.state in {MovementState.LAUNCHED, MovementState.UNDER_REVIEW}


def criteria_editable(movement: Movement) -> bool:
    """The criteria table is fixed once the movement is under review: scores depend on it."""
    return movement.state in {MovementState.DRAFT, MovementState.LAUNCHED}


def reporting_open(movement: Movement) -> bool:
    """Activities (with their evidence) are reported, corrected and withdrawn while the
    movement is launched and during its review; a closed movement's record is final."""
    return movement.state in {MovementState.LAUNCHED, MovementState.UNDER_REVIEW}


def reports_open(movement: Movement) -> bool:
    """Units write periodic reports while the movement runs: launched or under review."""
    return movement.state in {MovementState.LAUNCHED, MovementState.UNDER_REVIEW}


def scoring_open(movement: Movement) -> bool:
    """Self-assessment, review, council scoring and peer scoring happen while the movement is
    under review (sơ kết, tổng kết): the criteria table is fixed then (``criteria_editable``)."""
    return movement.state == MovementState.UNDER_REVIEW
