"""Nominations tied to movement results, with caps enforced at submission.

* ``create_nomination``: a proposing unit nominates one of its people or units for one of the
  movement's foreseen titles or forms.
* ``cite_results``: the results the nomination rests on (S9): the candidate's assessment in the
  movement, activities, initiatives and evidence files; each must belong to the candidate.
* ``override_eligibility``: the officer running the movement writes why a NOT_ELIGIBLE
  candidate is proposed anyway (recorded, with who and when).
* ``set_nomination_state``: THE one transition function. Submitting (a) refuses a nomination
  citing no results, (b) screens the candidate with ``eligibility.screen`` and stores the
  verdict and checks (NOT_ELIGIBLE goes forward only with an override; ON_HOLD never;
  NEEDS_REVIEW goes forward, for the council to decide), (c) takes a slot of the cap inside the
  same transaction, the counter row locked with SELECT ... FOR UPDATE. Leaving a holding state
  (withdrawn, returned) releases the slot.

Caps implemented (``cap_limit``): every parameter of the award's rules in the regime of the
year carrying ``max_share_of_ldtt`` (ND91_2017 ``CSTDCS_CAP`` 0.15: "Số Chiến sĩ thi đua cơ sở
không quá 15% số Lao động tiên tiến của đơn vị", Nghị định 91/2017/NĐ-CP, Điều 9.3; under
ND98_2023 / ND152_2025 ``CSTDCS_LOCAL_CAP`` is null, no cap, unless set locally with a
``RuleOverride``, which ``load_regime`` applies). The limit is
``floor(share × LĐTT of the proposing unit in the year)``, where the LĐTT are the distinct
people of the proposing unit's subtree holding an active LĐTT award of that year in the
register, or named in a submitted LĐTT nomination of that year (verdict ELIGIBLE, or
overridden) of the same proposing unit. The counter is per movement, proposing unit, code and
year.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards.eligibility import screen
from thidua.awards.enums import (
    COUNCIL_STATES,
    NOMINATION_TRANSITIONS,
    QUOTA_HOLDING_STATES,
    AwardKind,
    AwardStatus,
    NominationState,
    Verdict,
)
from thidua.awards.models import Award, Initiative, Nomination, QuotaCounter
from thidua.awards.regimes import Regime, load_regime, regime_for_year
from thidua.core.audit import record_event
from thidua.core.codes import AWARDS, AwardCode
from thidua.movements.models import Movement
from thidua.org.models import Person, Unit
from thidua.results.models import Activity, Assessment, EvidenceFile

CAP_SHARE_PARAM = "max_share_of_ldtt"
EDITABLE_STATES = (NominationState.DRAFT, NominationState.RETURNED)


def _label(code: str) -> str:
    return str(AwardCode(code).label) if code in AwardCode.values else code


def _pk(item: Any) -> int:
    return int(getattr(item, "pk", item))


def _snapshot(n: Nomination) -> dict[str, Any]:
    return {
        "state": n.state,
        "verdict": n.verdict,
        "award_code": n.award_code,
        "year": n.year,
        "person": n.person_id,
        "unit": n.unit_id,
        "proposing_unit": n.proposing_unit_id,
    }


# --- creation ---------------------------------------------------------------------------


def _recipient_errors(
    award_code: str, proposing_unit: Unit, person: Person | None, unit: Unit | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if (person is None) == (unit is None):
        errors["recipient"] = _("Chọn đúng một cá nhân hoặc một tập thể được đề nghị.")
    elif award_code in AWARDS:
        info = AWARDS[award_code]
        if person is not None and not info.for_person:
            errors["recipient"] = _("“%(award)s” không dành cho cá nhân.") % {
                "award": _label(award_code)
            }
        elif unit is not None and not info.for_unit:
            errors["recipient"] = _("“%(award)s” không dành cho tập thể.") % {
                "award": _label(award_code)
            }
    if "recipient" not in errors:
        path = person.unit.path if person is not None else unit.path  # type: ignore[union-attr]
        if not path.startswith(proposing_unit.path):
            errors["recipient"] = _("%(who)s không thuộc đơn vị đề nghị %(unit)s.") % {
                "who": person or unit,
                "unit": proposing_unit.name,
            }
    return errors


def create_nomination(
    movement: Movement,
    *,
    award_code: str,
    year: int,
    proposing_unit: Unit,
    person: Person | None = None,
    unit: Unit | None = None,
    kind: str = AwardKind.MOVEMENT,
    achievement: str = "",
    actor: Any = None,
) -> Nomination:
    """A draft nomination of ``person`` or ``unit`` (exactly one), who must belong to the
    proposing unit's subtree, for one of the movement's foreseen titles or forms."""
    errors: dict[str, str] = {}
    foreseen = set(movement.foreseen_awards.values_list("award_code", flat=True))
    if award_code not in AWARDS:
        errors["award_code"] = _("Không có danh hiệu, hình thức mã “%(code)s”.") % {
            "code": award_code
        }
    elif award_code not in foreseen:
        errors["award_code"] = _(
            "“%(award)s” không thuộc các hình thức khen thưởng dự kiến của phong trào %(mv)s."
        ) % {"award": _label(award_code), "mv": movement.code}
    if kind not in AwardKind.values:
        errors["kind"] = _("Loại hình khen thưởng “%(kind)s” không hợp lệ.") % {"kind": kind}
    errors.update(_recipient_errors(award_code, proposing_unit, person, unit))
    if not isinstance(year, int) or year < 2000 or year > 2100:
        errors["year"] = _("Năm thành tích không hợp lệ.")
    if not errors:
        open_ = Nomination.objects.filter(award_code=award_code, year=year).exclude(
            state=NominationState.WITHDRAWN
        )
        open_ = open_.filter(person=person) if person is not None else open_.filter(unit=unit)
        if open_.exists():
            errors["recipient"] = _("%(who)s đã có đề nghị “%(award)s” năm %(year)s chưa rút.") % {
                "who": person or unit,
                "award": _label(award_code),
                "year": year,
            }
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                movement=movement,
                award_code=award_code,
                kind=kind,
                year=year,
                proposing_unit=proposing_unit,
                person=person,
                unit=unit,
                achievement=achievement.strip(),
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            record_event(
                "awards.nomination_create", nomination, actor=actor, after=_snapshot(nomination)
            )
    except IntegrityError:
        raise ValidationError(
            {
                "recipient": _("%(who)s đã có đề nghị “%(award)s” năm %(year)s chưa rút.")
                % {"who": person or unit, "award": _label(award_code), "year": year}
            }
        ) from None
    return nomination


# --- citing results ---------------------------------------------------------------------


def candidate_assessments(nomination: Nomination):
    qs = Assessment.objects.filter(movement_id=nomination.movement_id)
    if nomination.person_id is not None:
        return qs.filter(person_id=nomination.person_id)
    return qs.filter(unit=nomination.unit, person__isnull=True)


def candidate_activities(nomination: Nomination):
    qs = Activity.objects.filter(movement_id=nomination.movement_id, withdrawn_at__isnull=True)
    if nomination.person_id is not None:
        return qs.filter(person_id=nomination.person_id)
    return qs.filter(unit=nomination.unit)


def candidate_initiatives(nomination: Nomination):
    if nomination.person_id is not None:
        return Initiative.objects.filter(authors=nomination.person_id)
    return Initiative.objects.filter(unit=nomination.unit)


def candidate_evidence(nomination: Nomination):
    return EvidenceFile.objects.filter(
        Q(activity__in=candidate_activities(nomination))
        | Q(assessment__in=candidate_assessments(nomination))
    )


def _foreign(qs: Any, wanted: set[int]) -> list[int]:
    return sorted(wanted - set(qs.filter(pk__in=wanted).values_list("pk", flat=True)))


@transaction.atomic
def cite_results(
    nomination: Nomination,
    *,
    assessment: Assessment | int | None = None,
    activities: Iterable[Any] = (),
    initiatives: Iterable[Any] = (),
    evidence: Iterable[Any] = (),
    actor: Any = None,
) -> Nomination:
    """Replace the results the nomination cites. Each item must belong to the candidate: the
    person's (or unit's) assessment in the movement, the person's (or unit's) activities in
    the movement, initiatives the person authored (or of the unit), evidence files of those
    activities or assessments."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if nomination.state not in EDITABLE_STATES:
        raise ValidationError(
            {
                "state": _("Đề nghị đang ở trạng thái “%(state)s”, không sửa được căn cứ.")
                % {"state": nomination.get_state_display()}
            }
        )
    who = str(nomination.recipient)
    errors: dict[str, str] = {}
    assessment_id = _pk(assessment) if assessment is not None else None
    if (
        assessment_id is not None
        and not candidate_assessments(nomination).filter(pk=assessment_id).exists()
    ):
        errors["assessment"] = _(
            "Kết quả chấm điểm số %(id)s không phải của %(who)s trong phong trào %(mv)s."
        ) % {"id": assessment_id, "who": who, "mv": nomination.movement.code}
    wanted = {
        "activities": ({_pk(a) for a in activities}, candidate_activities(nomination)),
        "initiatives": ({_pk(i) for i in initiatives}, candidate_initiatives(nomination)),
        "evidence": ({_pk(e) for e in evidence}, candidate_evidence(nomination)),
    }
    labels = {
        "activities": _("Hoạt động số %(ids)s không phải của %(who)s trong phong trào này."),
        "initiatives": _("Sáng kiến số %(ids)s không phải của %(who)s."),
        "evidence": _("Minh chứng số %(ids)s không thuộc hoạt động, kết quả của %(who)s."),
    }
    for field, (ids, qs) in wanted.items():
        bad = _foreign(qs, ids)
        if bad:
            errors[field] = labels[field] % {"ids": ", ".join(map(str, bad)), "who": who}
    if errors:
        raise ValidationError(errors)
    before = cited(nomination)
    nomination.assessment_id = assessment_id
    nomination.save(update_fields=["assessment"])
    nomination.activities.set(wanted["activities"][0])
    nomination.initiatives.set(wanted["initiatives"][0])
    nomination.evidence_files.set(wanted["evidence"][0])
    after = cited(nomination)
    if before != after:
        record_event("awards.nomination_cite", nomination, actor=actor, before=before, after=after)
    return nomination


def cited(nomination: Nomination) -> dict[str, Any]:
    return {
        "assessment": nomination.assessment_id,
        "activities": sorted(nomination.activities.values_list("pk", flat=True)),
        "initiatives": sorted(nomination.initiatives.values_list("pk", flat=True)),
        "evidence": sorted(nomination.evidence_files.values_list("pk", flat=True)),
    }


def has_results(nomination: Nomination) -> bool:
    return (
        nomination.assessment_id is not None
        or nomination.activities.exists()
        or nomination.initiatives.exists()
        or nomination.evidence_files.exists()
    )


# --- eligibility ------------------------------------------------------------------------


def screen_nomination(nomination: Nomination, *, regime: Regime | None = None) -> Nomination:
    """Screen the one candidate with the eligibility engine; store verdict and checks."""
    regime = regime or load_regime(regime_for_year(nomination.year))
    try:
        if nomination.person_id is not None:
            if regime.rules_for(nomination.award_code, "person") is None:
                raise ValidationError({"award_code": _("Hình thức này dành cho tập thể.")})
            screening = screen(
                nomination.award_code,
                nomination.year,
                people=Person.objects.filter(pk=nomination.person_id),
                regime=regime,
            )
        else:
            if regime.rules_for(nomination.award_code, "unit") is None:
                raise ValidationError({"award_code": _("Hình thức này dành cho cá nhân.")})
            screening = screen(
                nomination.award_code,
                nomination.year,
                units=Unit.objects.filter(pk=nomination.unit.pk if nomination.unit else 0),
                regime=regime,
            )
        result = screening.results[0]
        verdict = result.verdict
        checks = [dataclasses.asdict(c) for c in result.checks]
    except ValidationError as exc:
        # No rules for this code in the regime: the council reviews it by hand.
        verdict = Verdict.NEEDS_REVIEW
        checks = [
            {
                "rule": "NO_RULES",
                "passed": None,
                "message": " ".join(exc.messages),
                "citation": "",
                "confidence": "V",
                "required": True,
                "hold": False,
                "affirm": False,
                "facts": {},
            }
        ]
    nomination.verdict = verdict
    nomination.checks = checks
    nomination.regime = regime.code
    nomination.screened_at = timezone.now()
    nomination.save(update_fields=["verdict", "checks", "regime", "screened_at"])
    return nomination


def override_eligibility(nomination: Nomination, *, reason: str, actor: Any) -> Nomination:
    """The officer running the movement proposes a candidate screened NOT_ELIGIBLE anyway,
    with a written reason (recorded with who and when). Permission is checked by the caller
    (``awards.override_eligibility``); the actor is required."""
    reason = (reason or "").strip()
    if not getattr(actor, "is_authenticated", False):
        raise ValidationError({"actor": _("Cần cán bộ phụ trách phong trào ghi ý kiến.")})
    if not reason:
        raise ValidationError({"reason": _("Nhập lý do đề nghị dù chưa đủ điều kiện.")})
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if nomination.state not in EDITABLE_STATES:
            raise ValidationError(
                {
                    "state": _("Đề nghị đang ở trạng thái “%(state)s”.")
                    % {"state": nomination.get_state_display()}
                }
            )
        before = {"override_reason": nomination.override_reason}
        nomination.override_reason = reason
        nomination.override_by = actor
        nomination.override_at = timezone.now()
        nomination.save(update_fields=["override_reason", "override_by", "override_at"])
        record_event(
            "awards.nomination_override",
            nomination,
            actor=actor,
            before=before,
            after={"override_reason": reason, "verdict": nomination.verdict},
        )
    return nomination


# --- caps -------------------------------------------------------------------------------


def cap_share(regime: Regime, award_code: str) -> Decimal | None:
    """The share of LĐTT the award is capped at in the regime (local overrides applied)."""
    block = regime.rules_for(award_code)
    if block is None:
        return None
    for item in block.parameters:
        value = item.params.get(CAP_SHARE_PARAM)
        if CAP_SHARE_PARAM in item.params and value is not None:
            return Decimal(str(value))
    return None


def ldtt_count(unit: Unit, year: int) -> int:
    """Distinct people of the unit's subtree with LĐTT in ``year``: an active award in the
    register, or a submitted LĐTT nomination of the unit (ELIGIBLE, or overridden)."""
    awarded = Award.objects.filter(
        person_id=OuterRef("pk"), award_code=AwardCode.LDTT, year=year, status=AwardStatus.ACTIVE
    )
    nominated = Nomination.objects.filter(
        person_id=OuterRef("pk"),
        award_code=AwardCode.LDTT,
        year=year,
        proposing_unit_id=unit.pk,
        state__in=QUOTA_HOLDING_STATES,
    ).filter(Q(verdict=Verdict.ELIGIBLE) | ~Q(override_reason=""))
    return (
        Person.objects.filter(unit__path__startswith=unit.path)
        .filter(Exists(awarded) | Exists(nominated))
        .count()
    )


def cap_limit(nomination: Nomination, *, regime: Regime | None = None) -> int | None:
    """How many nominations of this code the proposing unit may submit in the year, or None
    when no cap applies."""
    regime = regime or load_regime(regime_for_year(nomination.year))
    share = cap_share(regime, nomination.award_code)
    if share is None:
        return None
    return math.floor(share * ldtt_count(nomination.proposing_unit, nomination.year))


def _locked_counter(nomination: Nomination, limit: int | None) -> QuotaCounter:
    """The counter row, created first in its own savepoint (a concurrent creator makes ours
    fail with IntegrityError, which is fine), then locked with SELECT ... FOR UPDATE."""
    key = {
        "movement_id": nomination.movement_id,
        "unit_id": nomination.proposing_unit_id,
        "award_code": nomination.award_code,
        "year": nomination.year,
    }
    try:
        with transaction.atomic():
            QuotaCounter.objects.create(**key, used=0, limit=limit)
    except IntegrityError:
        pass
    return QuotaCounter.objects.select_for_update().get(**key)


def _take_slot(nomination: Nomination, actor: Any) -> None:
    limit = cap_limit(nomination)
    counter = _locked_counter(nomination, limit)
    if limit is not None and counter.used >= limit:
        raise ValidationError(
            {
                "state": _(
                    "Đã đủ hạn mức “%(award)s” năm %(year)s của %(unit)s: %(used)s/%(limit)s "
                    "đề nghị (không quá %(share)s số Lao động tiên tiến của đơn vị)."
                )
                % {
                    "award": _label(nomination.award_code),
                    "year": nomination.year,
                    "unit": nomination.proposing_unit.name,
                    "used": counter.used,
                    "limit": limit,
                    "share": _share_text(nomination),
                }
            }
        )
    QuotaCounter.objects.filter(pk=counter.pk).update(used=F("used") + 1, limit=limit)
    record_event(
        "awards.quota_take",
        counter,
        actor=actor,
        before={"used": counter.used},
        after={"used": counter.used + 1, "limit": limit, "nomination": nomination.pk},
    )


def _share_text(nomination: Nomination) -> str:
    share = cap_share(load_regime(regime_for_year(nomination.year)), nomination.award_code)
    return f"{share * 100:.0f}%" if share is not None else "—"


def _release_slot(nomination: Nomination, actor: Any) -> None:
    counter = (
        QuotaCounter.objects.select_for_update()
        .filter(
            movement_id=nomination.movement_id,
            unit_id=nomination.proposing_unit_id,
            award_code=nomination.award_code,
            year=nomination.year,
        )
        .first()
    )
    if counter is None or counter.used == 0:
        return
    QuotaCounter.objects.filter(pk=counter.pk).update(used=F("used") - 1)
    record_event(
        "awards.quota_release",
        counter,
        actor=actor,
        before={"used": counter.used},
        after={"used": counter.used - 1, "nomination": nomination.pk},
    )


# --- the transition function ------------------------------------------------------------


def _check_transition(nomination: Nomination, new_state: str) -> None:
    if new_state not in NominationState.values:
        raise ValidationError({"state": _("Trạng thái “%(s)s” không hợp lệ.") % {"s": new_state}})
    if new_state not in NOMINATION_TRANSITIONS.get(nomination.state, ()):
        raise ValidationError(
            {
                "state": _("Không thể chuyển đề nghị từ “%(old)s” sang “%(new)s”.")
                % {
                    "old": nomination.get_state_display(),
                    "new": NominationState(new_state).label,
                }
            }
        )


def _check_verdict(nomination: Nomination) -> None:
    who = str(nomination.recipient)
    award = _label(nomination.award_code)
    if nomination.verdict == Verdict.ON_HOLD:
        raise ValidationError(
            {
                "state": _(
                    "%(who)s đang bị tạm dừng xét khen thưởng (đang xem xét kỷ luật, điều tra, "
                    "thanh tra, kiểm tra): không trình đề nghị “%(award)s”."
                )
                % {"who": who, "award": award}
            }
        )
    if nomination.verdict == Verdict.NOT_ELIGIBLE and not nomination.override_reason:
        failed = [
            c["message"]
            for c in nomination.checks
            if c.get("required") and not c.get("affirm") and c.get("passed") is False
        ]
        raise ValidationError(
            {
                "state": _(
                    "%(who)s chưa đủ điều kiện “%(award)s” năm %(year)s (%(failed)s); chỉ trình "
                    "được khi cán bộ phụ trách phong trào ghi lý do đề nghị."
                )
                % {"who": who, "award": award, "year": nomination.year, "failed": "; ".join(failed)}
            }
        )


def set_nomination_state(
    nomination: Nomination,
    new_state: str,
    *,
    actor: Any,
    comment: str = "",
    by_council: bool = False,
) -> Nomination:
    """Move the nomination to ``new_state`` (see the module docstring for submission).
    COUNCIL_PASSED / COUNCIL_FAILED only come from a closing ballot (``by_council=True``,
    passed by ``councils.close_ballot``)."""
    nomination = Nomination.objects.select_related("movement", "proposing_unit").get(
        pk=nomination.pk
    )
    _check_transition(nomination, new_state)
    if new_state in COUNCIL_STATES and not by_council:
        raise ValidationError(
            {
                "state": _(
                    "Chỉ kết quả bỏ phiếu kín của Hội đồng mới chuyển đề nghị sang trạng thái này."
                )
            }
        )
    if new_state == NominationState.SUBMITTED:
        if not has_results(nomination):
            raise ValidationError(
                {
                    "state": _(
                        "Đề nghị phải nêu kết quả thi đua làm căn cứ: điểm đánh giá, hoạt động, "
                        "minh chứng hoặc sáng kiến."
                    )
                }
            )
        screen_nomination(nomination)
        _check_verdict(nomination)
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        _check_transition(locked, new_state)
        before = _snapshot(locked)
        if new_state in QUOTA_HOLDING_STATES and locked.state not in QUOTA_HOLDING_STATES:
            _take_slot(locked, actor)
        elif locked.state in QUOTA_HOLDING_STATES and new_state not in QUOTA_HOLDING_STATES:
            _release_slot(locked, actor)
        locked.state = new_state
        fields = ["state"]
        if new_state == NominationState.SUBMITTED:
            locked.submitted_at = timezone.now()
            locked.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
            fields += ["submitted_at", "submitted_by"]
        locked.save(update_fields=fields)
        record_event(
            "awards.nomination_state",
            locked,
            actor=actor,
            before=before,
            after=_snapshot(locked),
            note=comment.strip(),
        )
    return locked
