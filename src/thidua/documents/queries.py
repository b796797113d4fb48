"""Which generated documents and jobs a user may see (paired with ``rules``): those whose
decision the user may see, or whose movement the user may see for documents without a decision.
And the public facts of a document for its verification page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import translation

from thidua.awards.models import DecisionState
from thidua.awards.queries_decisions import visible_decisions
from thidua.awards.queries_nominations import HEAD_ROLES
from thidua.awards.rules_councils import visible_sessions
from thidua.core.codes import AwardCode
from thidua.documents.models import GeneratedDocument, GenerationJob
from thidua.movements.queries import visible_movements
from thidua.org.enums import ORG_EDITOR_ROLES
from thidua.org.queries import scope_paths


def _proposal_units_q(user: Any) -> Q:
    """Proposals (TTr) the user may see: those of units where the user may propose (head or
    officer of the unit or above), and every proposal of the movements the user runs; the same
    scope as ``awards.queries_nominations.visible_nominations``."""
    heads = scope_paths(user, HEAD_ROLES)
    officers = scope_paths(user, ORG_EDITOR_ROLES)
    q = Q(pk__in=[])
    if "" in heads or "" in officers:
        return Q()
    for path in heads:
        q |= Q(unit__path__startswith=path)
    for path in officers:
        q |= Q(movement__organizer__path__startswith=path)
    return q


def visible_documents(user: Any) -> QuerySet[GeneratedDocument]:
    """Documents of a decision: for who may see the decision; minutes (BB): for who may see the
    council session; a proposal (TTr): for who may see the unit's nominations; the plan and the
    report (KH, BC): for who may see the movement."""
    if not getattr(user, "is_authenticated", False):
        return GeneratedDocument.objects.none()
    return GeneratedDocument.objects.filter(
        Q(decision__in=visible_decisions(user))
        | Q(decision__isnull=True, session__in=visible_sessions(user))
        | (
            Q(decision__isnull=True, session__isnull=True, unit__isnull=False)
            & _proposal_units_q(user)
            & Q(movement__in=visible_movements(user))
        )
        | Q(
            decision__isnull=True,
            session__isnull=True,
            unit__isnull=True,
            movement__in=visible_movements(user),
        )
    )


def visible_jobs(user: Any) -> QuerySet[GenerationJob]:
    return GenerationJob.objects.filter(decision__in=visible_decisions(user))


@dataclass(frozen=True)
class VerificationFacts:
    title: str
    kind_label: str
    number_symbol: str
    decided_on: dt.date | None
    issuer_name: str
    recipient: str
    award: str
    golden_book: str
    in_force: bool
    status: str
    docx_sha256: str
    pdf_sha256: str
    created_at: dt.datetime


def verification_facts(token: str) -> VerificationFacts | None:
    """What the verification page shows for a token; None for an unknown token."""
    document = (
        GeneratedDocument.objects.filter(token=token)
        .select_related("decision", "recipient__person", "recipient__unit", "recipient__award")
        .first()
    )
    if document is None:
        return None
    decision, line = document.decision, document.recipient
    recipient = award = golden_book = ""
    in_force = True
    status = "Còn hiệu lực"
    with translation.override("vi"):
        if line is not None:
            person, unit = line.person, line.unit
            recipient = person.full_name if person is not None else unit.name if unit else ""
            award = str(dict(AwardCode.choices).get(line.award_code, line.award_code))
            golden_book = f"{line.serial:02d}"
            if line.award is not None and line.award.revoked_at is not None:
                in_force, status = False, "Đã bị thu hồi"
        if decision is not None and decision.state != DecisionState.ISSUED:
            in_force, status = False, "Dự thảo, chưa ban hành"
        return VerificationFacts(
            title=document.title,
            kind_label=str(document.get_kind_display()),
            number_symbol=decision.number_symbol if decision else "",
            decided_on=decision.decided_on if decision else None,
            issuer_name=decision.issuer_name if decision else "",
            recipient=recipient,
            award=award,
            golden_book=golden_book,
            in_force=in_force,
            status=status,
            docx_sha256=document.docx_sha256,
            pdf_sha256=document.pdf_sha256,
            created_at=document.created_at,
        )
