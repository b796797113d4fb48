"""Decisions on commendation (quyết định khen thưởng): drafting, the annex of recipients with
their money, issuing (number, register), the ad hoc fast path, and revocation with the
re-examination of the awards that relied on the revoked one.

* ``create_decision``: a draft of an issuer unit; ``period_end`` defaults to the end of the
  movement's implementation phase (or the movement's end).
* ``add_recipients_from_nominations`` / ``add_recipient`` / ``remove_recipient``: lines of the
  annex while the decision is a draft; serials 1..n, individuals first, then collectives
  (the serial is the golden-book number).
* ``issue_decision``: THE one transition (DRAFT -> ISSUED). In one transaction it checks every
  blocker (no recipients, no signer, disclosure not done), takes the next number of the
  issuer's counter for the year (row locked; numbers restart each 1 January), computes the
  money on the decision date and writes one award per line to the register. A duplicate award
  rolls everything back: no number consumed, no award written.
* ``issue_adhoc_award``: the fast path for ad hoc (đột xuất) awards: a decision with
  ``adhoc=True``, recipients entered directly, no nomination, council or disclosure, issued at
  once.
* ``revoke_award_with_review``: the one revocation path (pages and API): revokes the award and
  opens a ``Reexamination`` for every active award that relied on it;
  ``resolve_reexamination``: the one transition of a re-examination (UPHELD with a note, or
  REVOKED, which revokes that award too and cascades).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards import register, rules_decisions  # noqa: F401  (awards.issue_decision, ...)
from thidua.awards.enums import AwardKind, AwardSource, AwardStatus, NominationState, RecipientType
from thidua.awards.models import (
    Award,
    Decision,
    DecisionRecipient,
    DecisionState,
    Nomination,
    NumberCounter,
    Reexamination,
    ReexaminationState,
)
from thidua.awards.money import award_amount
from thidua.core.audit import record_event, snapshot
from thidua.core.codes import AWARDS
from thidua.movements.enums import PhaseKind
from thidua.movements.models import Movement, Phase
from thidua.org.models import Person, Unit

DOC_TYPE = "QĐ"
DECISION_FIELDS = (
    "issuer",
    "issuer_name",
    "symbol",
    "subject",
    "kind",
    "adhoc",
    "movement",
    "period_end",
    "signer_name",
    "signer_title",
    "signer_authority",
    "legal_bases",
    "proposal_ref",
    "money_source",
    "place",
)
SIGNER_AUTHORITIES = ("", "TM.", "KT.", "Q.", "TL.", "TUQ.")


def _recipient_name(line: DecisionRecipient) -> str:
    if line.person_id is not None:
        return line.person.full_name  # type: ignore[union-attr]
    return line.unit.name  # type: ignore[union-attr]


def default_period_end(movement: Movement | None) -> dt.date | None:
    """The end of the assessed period: the end of the movement's implementation phase (the
    period whose results are assessed; later phases review and commend it), else the
    movement's own end."""
    if movement is None:
        return None
    implementation = (
        Phase.objects.filter(movement=movement, kind=PhaseKind.IMPLEMENTATION)
        .values_list("end", flat=True)
        .first()
    )
    return implementation or movement.period_end


def _check_draft(decision: Decision) -> None:
    if decision.state != DecisionState.DRAFT:
        raise ValidationError(
            _("Quyết định %(number)s đã ban hành; không sửa được danh sách.")
            % {"number": decision.number_symbol}
        )


def _locked(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().get(pk=decision.pk)


# Drafting ------------------------------------------------------------------------------------


@transaction.atomic
def create_decision(
    *,
    issuer: Unit,
    symbol: str,
    subject: str,
    actor: Any,
    issuer_name: str = "",
    kind: str = AwardKind.MOVEMENT,
    movement: Movement | None = None,
    adhoc: bool = False,
    period_end: dt.date | None = None,
    signer_name: str = "",
    signer_title: str = "",
    signer_authority: str = "",
    legal_bases: str = "",
    proposal_ref: str = "",
    money_source: str = "",
    place: str = "Lạng Sơn",
) -> Decision:
    """A draft decision of ``issuer``; the number is given when it is issued."""
    errors: dict[str, str] = {}
    if not symbol.strip():
        errors["symbol"] = _("Ký hiệu quyết định không được để trống (ví dụ: QĐ-STTTT).")
    elif "/" in symbol:
        errors["symbol"] = _(
            "Ký hiệu “%(symbol)s” không được chứa dấu “/”: số được cấp khi ban hành."
        ) % {"symbol": symbol}
    if not subject.strip():
        errors["subject"] = _("Trích yếu quyết định không được để trống.")
    if kind not in AwardKind.values:
        errors["kind"] = _("Loại hình khen thưởng “%(value)s” không hợp lệ.") % {"value": kind}
    if signer_authority.strip() not in SIGNER_AUTHORITIES:
        errors["signer_authority"] = _(
            "Thẩm quyền ký “%(value)s” không hợp lệ; chọn một trong: %(allowed)s."
        ) % {"value": signer_authority, "allowed": ", ".join(a for a in SIGNER_AUTHORITIES if a)}
    if errors:
        raise ValidationError(errors)
    decision = Decision.objects.create(
        issuer=issuer,
        issuer_name=(issuer_name.strip() or issuer.name),
        symbol=symbol.strip(),
        subject=subject.strip(),
        kind=kind,
        adhoc=adhoc,
        movement=movement,
        period_end=period_end or default_period_end(movement),
        signer_name=signer_name.strip(),
        signer_title=signer_title.strip(),
        signer_authority=signer_authority.strip(),
        legal_bases=legal_bases.strip(),
        proposal_ref=proposal_ref.strip(),
        money_source=money_source.strip(),
        place=place.strip() or "Lạng Sơn",
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_event(
        "awards.decision.created", decision, actor=actor, after=snapshot(decision, DECISION_FIELDS)
    )
    return decision


def _renumber(decision: Decision) -> None:
    """Serials 1..n, individuals first, then collectives, each in the order they were added."""
    lines = list(decision.recipients.order_by("id"))
    ordered = [x for x in lines if x.recipient_type == RecipientType.PERSON] + [
        x for x in lines if x.recipient_type == RecipientType.UNIT
    ]
    changed = [x for n, x in enumerate(ordered, start=1) if x.serial != n]
    if not changed:
        return
    offset = len(lines) + max(x.serial for x in lines)
    for x in changed:  # two passes: the (decision, serial) pair is unique
        x.serial += offset
    DecisionRecipient.objects.bulk_update(changed, ["serial"])
    for n, x in enumerate(ordered, start=1):
        x.serial = n
    DecisionRecipient.objects.bulk_update(changed, ["serial"])


def _line_for(
    decision: Decision,
    *,
    recipient: Person | Unit,
    award_code: str,
    year: int,
    achievement: str,
    nomination: Nomination | None,
    serial: int,
    on_date: dt.date,
) -> DecisionRecipient:
    person = recipient if isinstance(recipient, Person) else None
    unit = recipient if isinstance(recipient, Unit) else None
    rtype = RecipientType.PERSON if person is not None else RecipientType.UNIT
    money = award_amount(award_code, rtype, on_date)
    return DecisionRecipient(
        decision=decision,
        serial=serial,
        recipient_type=rtype,
        person=person,
        unit=unit,
        award_code=award_code,
        year=year,
        nomination=nomination,
        position=recipient.position if isinstance(recipient, Person) else "",
        unit_name=recipient.unit.name if isinstance(recipient, Person) else recipient.name,
        achievement=achievement.strip(),
        is_leader=recipient.is_leader if isinstance(recipient, Person) else False,
        coefficient=money.coefficient,
        base_salary=money.base,
        amount=money.amount,
    )


def _line_errors(
    decision: Decision, recipient: Any, award_code: str, year: int | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    info = AWARDS.get(award_code)
    code_error = register.award_code_error(recipient, award_code)
    if code_error:
        errors["award_code"] = code_error
    if not isinstance(year, int) or not (register.FIRST_YEAR <= year <= 2100):
        errors["year"] = _("Năm thành tích %(year)s không hợp lệ.") % {"year": year}
    elif isinstance(recipient, Person | Unit) and info is not None:
        lookup: dict[str, Any] = (
            {"person": recipient} if isinstance(recipient, Person) else {"unit": recipient}
        )
        if decision.recipients.filter(**lookup, award_code=award_code, year=year).exists():
            name = recipient.full_name if isinstance(recipient, Person) else recipient.name
            errors["recipient"] = _(
                "“%(name)s” đã có trong danh sách với %(award)s năm %(year)s."
            ) % {"name": name, "award": register.award_label(award_code), "year": year}
    return errors


@transaction.atomic
def add_recipient(
    decision: Decision,
    *,
    recipient: Person | Unit,
    award_code: str,
    year: int,
    actor: Any,
    achievement: str = "",
    nomination: Nomination | None = None,
) -> DecisionRecipient:
    """One line of the annex entered by hand (or from a nomination)."""
    decision = _locked(decision)
    _check_draft(decision)
    errors = _line_errors(decision, recipient, award_code, year)
    if errors:
        raise ValidationError(errors)
    last = decision.recipients.aggregate(m=Max("serial"))["m"] or 0
    line = _line_for(
        decision,
        recipient=recipient,
        award_code=award_code,
        year=year,
        achievement=achievement,
        nomination=nomination,
        serial=last + 1,
        on_date=decision.decided_on or timezone.localdate(),
    )
    line.save()
    _renumber(decision)
    line.refresh_from_db()
    record_event(
        "awards.decision.recipient_added",
        decision,
        actor=actor,
        after={
            "line": line.pk,
            "recipient_type": line.recipient_type,
            "person": line.person_id,
            "unit": line.unit_id,
            "award_code": award_code,
            "year": year,
            "nomination": nomination.pk if nomination else None,
        },
    )
    return line


def candidate_nominations(decision: Decision, nominations: QuerySet[Nomination]):
    """Nominations of the decision's movement passed by the council and on no decision yet."""
    if decision.movement_id is None:
        return nominations.none()
    return (
        nominations.filter(
            movement_id=decision.movement_id,
            state=NominationState.COUNCIL_PASSED,
            decision_lines__isnull=True,
        )
        .select_related("person__unit", "unit")
        .order_by("award_code", "id")
    )


@transaction.atomic
def add_recipients_from_nominations(
    decision: Decision, *, nominations: QuerySet[Nomination], actor: Any
) -> list[DecisionRecipient]:
    """Add every nomination of ``nominations`` (the caller passes those visible to the officer)
    that the council passed for the decision's movement and that is on no decision yet."""
    decision = _locked(decision)
    _check_draft(decision)
    if decision.movement_id is None:
        raise ValidationError(
            {"movement": _("Quyết định chưa gắn với phong trào thi đua nào: không có đề nghị.")}
        )
    candidates = list(candidate_nominations(decision, nominations))
    last = decision.recipients.aggregate(m=Max("serial"))["m"] or 0
    on_date = decision.decided_on or timezone.localdate()
    lines = [
        _line_for(
            decision,
            recipient=n.recipient,
            award_code=n.award_code,
            year=n.year,
            achievement=n.achievement,
            nomination=n,
            serial=last + i,
            on_date=on_date,
        )
        for i, n in enumerate(candidates, start=1)
    ]
    DecisionRecipient.objects.bulk_create(lines)
    if candidates and decision.period_end is None:
        decision.period_end = dt.date(max(n.year for n in candidates), 12, 31)
        decision.save(update_fields=["period_end"])
    _renumber(decision)
    if lines:
        record_event(
            "awards.decision.recipients_added",
            decision,
            actor=actor,
            after={"nominations": [n.pk for n in candidates]},
        )
    return list(decision.recipients.filter(nomination__in=candidates).order_by("serial"))


@transaction.atomic
def remove_recipient(line: DecisionRecipient, *, actor: Any) -> None:
    decision = _locked(line.decision)
    _check_draft(decision)
    before = {
        "line": line.pk,
        "serial": line.serial,
        "person": line.person_id,
        "unit": line.unit_id,
        "award_code": line.award_code,
        "year": line.year,
    }
    line.delete()  # a draft line: no award, no decision relies on it
    _renumber(decision)
    record_event("awards.decision.recipient_removed", decision, actor=actor, before=before)


# Issuing ---------------------------------------------------------------------------------------


def _disclosure_blockers(nominations: Sequence[Nomination], *, require_disclosure: bool) -> list:
    """``thidua.awards.disclosure.disclosure_blockers`` (imported here: it belongs to another
    part of the app and must not be imported at module load)."""
    from thidua.awards.disclosure import disclosure_blockers

    return list(disclosure_blockers(nominations, require_disclosure=require_disclosure))


def issue_blockers(decision: Decision, *, decided_on: dt.date | None = None) -> list[str]:
    """Every reason the decision cannot be issued now (empty: it can)."""
    problems: list[str] = []
    if decision.state != DecisionState.DRAFT:
        problems.append(
            _("Quyết định đã ban hành với số %(number)s.") % {"number": decision.number_symbol}
        )
        return problems
    lines = list(decision.recipients.select_related("nomination"))
    if not lines:
        problems.append(_("Danh sách kèm theo quyết định chưa có cá nhân, tập thể nào."))
    if not decision.signer_name.strip():
        problems.append(_("Chưa ghi người ký quyết định."))
    if not decision.signer_title.strip():
        problems.append(_("Chưa ghi chức vụ người ký quyết định."))
    if decided_on is not None:
        if decided_on > timezone.localdate():
            problems.append(
                _("Ngày quyết định %(date)s ở tương lai.")
                % {"date": decided_on.strftime("%d/%m/%Y")}
            )
        late = sorted({x.year for x in lines if decided_on.year < x.year})
        if late:
            problems.append(
                _("Ngày quyết định %(date)s trước năm thành tích %(years)s của danh sách.")
                % {
                    "date": decided_on.strftime("%d/%m/%Y"),
                    "years": ", ".join(str(y) for y in late),
                }
            )
    nominations = [x.nomination for x in lines if x.nomination is not None]
    problems.extend(
        str(reason)
        for reason in _disclosure_blockers(nominations, require_disclosure=not decision.adhoc)
    )
    return problems


def _take_number(issuer: Unit, year: int) -> int:
    """The next number of the issuer's decisions in ``year`` (the counter row locked until the
    transaction ends, so concurrent issues wait and get consecutive numbers)."""
    NumberCounter.objects.get_or_create(issuer=issuer, year=year, doc_type=DOC_TYPE)
    counter = NumberCounter.objects.select_for_update().get(
        issuer=issuer, year=year, doc_type=DOC_TYPE
    )
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def format_number_symbol(number: int, symbol: str) -> str:
    return f"{number:02d}/{symbol}"


@transaction.atomic
def issue_decision(decision: Decision, *, decided_on: dt.date, actor: Any) -> Decision:
    """Issue the decision (DRAFT -> ISSUED): number, date, money, one award per line in the
    register. Raises ``ValidationError`` listing every blocker, or ``register.DuplicateAward``
    naming the line; either way nothing is written and no number is consumed."""
    decision = _locked(decision)
    problems = issue_blockers(decision, decided_on=decided_on)
    if problems:
        raise ValidationError(problems)
    number = _take_number(decision.issuer, decided_on.year)
    decision.year = decided_on.year
    decision.number = number
    decision.number_symbol = format_number_symbol(number, decision.symbol)
    decision.decided_on = decided_on
    decision.state = DecisionState.ISSUED
    decision.issued_at = timezone.now()
    decision.issued_by = actor if getattr(actor, "is_authenticated", False) else None
    decision.save(
        update_fields=[
            "year",
            "number",
            "number_symbol",
            "decided_on",
            "state",
            "issued_at",
            "issued_by",
        ]
    )
    lines = list(decision.recipients.select_related("person__unit", "unit").order_by("serial"))
    for line in lines:
        money = award_amount(line.award_code, line.recipient_type, decided_on)
        line.coefficient, line.base_salary, line.amount = money
        recipient: Person | Unit = line.person if line.person_id else line.unit  # type: ignore[assignment]
        try:
            line.award = register.record_award(
                recipient=recipient,
                award_code=line.award_code,
                year=line.year,
                kind=decision.kind,
                decision_number=decision.number_symbol,
                decision_date=decided_on,
                issuer=decision.issuer_name,
                movement=decision.movement,
                achievement=line.achievement,
                source=AwardSource.DECISION,
                actor=actor,
            )
        except register.DuplicateAward as exc:
            message = _("Dòng %(serial)s (%(name)s): %(reason)s") % {
                "serial": line.serial,
                "name": _recipient_name(line),
                "reason": exc.message,
            }
            raise register.DuplicateAward(message, exc.existing) from None
        except ValidationError as exc:
            raise ValidationError(
                [
                    _("Dòng %(serial)s (%(name)s): %(reason)s")
                    % {"serial": line.serial, "name": _recipient_name(line), "reason": m}
                    for m in exc.messages
                ]
            ) from None
    DecisionRecipient.objects.bulk_update(lines, ["coefficient", "base_salary", "amount", "award"])
    record_event(
        "awards.decision.issued",
        decision,
        actor=actor,
        after={
            "number_symbol": decision.number_symbol,
            "decided_on": decided_on,
            "awards": [x.award.pk for x in lines if x.award is not None],
            "total_amount": sum(x.amount for x in lines),
        },
    )
    return decision


@dataclass(frozen=True)
class AdhocLine:
    recipient: Person | Unit
    award_code: str
    achievement: str = ""


@transaction.atomic
def issue_adhoc_award(
    *,
    issuer: Unit,
    symbol: str,
    subject: str,
    lines: Iterable[AdhocLine],
    year: int,
    decided_on: dt.date,
    signer_name: str,
    signer_title: str,
    actor: Any,
    issuer_name: str = "",
    signer_authority: str = "",
    legal_bases: str = "",
    movement: Movement | None = None,
) -> Decision:
    """The fast path for ad hoc awards (khen thưởng đột xuất): a decision with ``adhoc=True``
    and kind ADHOC, the recipients entered directly (no nomination, council or disclosure),
    issued at once. All or nothing."""
    wanted = list(lines)
    if not wanted:
        raise ValidationError(
            {"lines": _("Cần ít nhất một cá nhân hoặc tập thể được khen thưởng.")}
        )
    decision = create_decision(
        issuer=issuer,
        issuer_name=issuer_name,
        symbol=symbol,
        subject=subject,
        kind=AwardKind.ADHOC,
        adhoc=True,
        movement=movement,
        period_end=decided_on,
        signer_name=signer_name,
        signer_title=signer_title,
        signer_authority=signer_authority,
        legal_bases=legal_bases,
        actor=actor,
    )
    for line in wanted:
        add_recipient(
            decision,
            recipient=line.recipient,
            award_code=line.award_code,
            year=year,
            achievement=line.achievement,
            actor=actor,
        )
    return issue_decision(decision, decided_on=decided_on, actor=actor)


# Revocation and re-examination ---------------------------------------------------------------


@transaction.atomic
def revoke_award_with_review(
    award: Award, *, reason: str, actor: Any
) -> tuple[list[Award], list[Reexamination]]:
    """Revoke ``award`` (``register.revoke_award``) and open a re-examination for each active
    award that relied on it. Returns (dependents, re-examinations opened)."""
    dependents = register.revoke_award(award, reason=reason, actor=actor)
    opened = [
        Reexamination.objects.get_or_create(revoked_award=award, dependent_award=d)[0]
        for d in dependents
    ]
    if opened:
        record_event(
            "awards.reexamination.opened",
            award,
            actor=actor,
            after={
                "reexaminations": [r.pk for r in opened],
                "dependents": [d.pk for d in dependents],
            },
        )
    return dependents, opened


@transaction.atomic
def resolve_reexamination(
    reexamination: Reexamination, *, outcome: str, note: str, actor: Any
) -> Reexamination:
    """OPEN -> UPHELD (the award stands; the note says why) or REVOKED (the dependent award is
    revoked with the note as reason, opening re-examinations of its own dependents)."""
    locked = (
        Reexamination.objects.select_for_update()
        .select_related("dependent_award")
        .get(pk=reexamination.pk)
    )
    errors: dict[str, str] = {}
    if locked.state != ReexaminationState.OPEN:
        errors["state"] = _("Việc xem xét lại này đã có kết quả: %(state)s.") % {
            "state": locked.get_state_display()
        }
    if outcome not in (ReexaminationState.UPHELD, ReexaminationState.REVOKED):
        errors["outcome"] = _("Kết quả “%(value)s” không hợp lệ; chọn UPHELD hoặc REVOKED.") % {
            "value": outcome
        }
    if not (note or "").strip():
        errors["note"] = _("Cần ghi kết quả xem xét (lý do giữ nguyên hoặc thu hồi).")
    if errors:
        raise ValidationError(errors)
    dependent = locked.dependent_award
    if outcome == ReexaminationState.REVOKED and dependent.status == AwardStatus.ACTIVE:
        revoke_award_with_review(dependent, reason=note, actor=actor)
    before = {"state": locked.state}
    locked.state = outcome
    locked.note = note.strip()
    locked.resolved_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.resolved_at = timezone.now()
    locked.save(update_fields=["state", "note", "resolved_by", "resolved_at"])
    record_event(
        "awards.reexamination.resolved",
        locked,
        actor=actor,
        before=before,
        after={"state": outcome, "note": locked.note, "dependent_award": dependent.pk},
    )
    return locked
