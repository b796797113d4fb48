"""Generation of a movement's own documents besides the plan (KH, in ``services``): a unit's
proposal (TTr), the minutes of a council session (BB) and the final report (BC). Each goes
through ``services.generate_document`` (active template version, DOCX and PDF with their
SHA-256, audit event) and is linked to the records that decide who may see it: the movement,
plus the proposing unit (TTr) or the council session (BB). Permission checks are the caller's:
KH and BC need ``movements.manage_movement``, TTr ``awards.propose`` on the unit, BB
``awards.manage_council`` on the session."""

from __future__ import annotations

from typing import Any

from thidua.awards.models import CouncilSession
from thidua.documents.contexts_common import short_date
from thidua.documents.models import DocumentKind, GeneratedDocument
from thidua.documents.services import generate_document, generate_plan_document
from thidua.movements.models import Movement
from thidua.org.models import Unit

__all__ = [
    "generate_minutes_document",
    "generate_plan_document",
    "generate_proposal_document",
    "generate_report_document",
]


def generate_proposal_document(
    movement: Movement,
    unit: Unit,
    *,
    actor: Any,
    number: int | str | None = None,
    pdf: bool = True,
) -> GeneratedDocument:
    """The proposal letter (Tờ trình) of ``unit`` for ``movement``: its submitted nominations."""
    from thidua.documents.contexts_proposal import build_proposal_context

    return generate_document(
        kind=DocumentKind.TTR,
        source=unit,
        title=f"Tờ trình đề nghị khen thưởng của {unit.name} ({movement.code})",
        build_context=lambda _url: build_proposal_context(movement, unit, number=number),
        actor=actor,
        pdf=pdf,
        movement=movement,
        unit=unit,
    )


def generate_minutes_document(
    session: CouncilSession,
    *,
    actor: Any,
    caps: dict[str, int] | None = None,
    pdf: bool = True,
) -> GeneratedDocument:
    """The minutes (Biên bản) of a council session; ``caps`` per award code as in
    ``contexts_minutes.build_minutes_context``."""
    from thidua.documents.contexts_minutes import build_minutes_context

    council_name = session.council.name
    return generate_document(
        kind=DocumentKind.BB,
        source=session,
        title=f"Biên bản họp {council_name} ngày {short_date(session.held_on)}",
        build_context=lambda _url: build_minutes_context(session, caps=caps),
        actor=actor,
        pdf=pdf,
        movement=session.movement,
        session=session,
    )


def generate_report_document(
    movement: Movement, *, actor: Any, pdf: bool = True
) -> GeneratedDocument:
    """The final report (Báo cáo tổng kết) of ``movement``."""
    from thidua.documents.contexts_report import build_report_context

    return generate_document(
        kind=DocumentKind.BC,
        source=movement,
        title=f"Báo cáo tổng kết {movement.code}",
        build_context=lambda _url: build_report_context(movement),
        actor=actor,
        pdf=pdf,
        movement=movement,
    )
