"""Emulation blocs (khối, cụm thi đua): similar units of a movement, led by a leader unit with a
deputy, that score each other (peer scores) and are ranked together. The bloc score combines the
self-assessment, the mean of the peer scores and the reviewer's score with the bloc's weights
(``scoring.bloc_score``; docs/scoring.md)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.audit import record_event
from thidua.movements.enums import MovementState
from thidua.movements.models import CriteriaTable, Movement
from thidua.movements.phases import scoring_open
from thidua.movements.queries import participant_units
from thidua.org.models import Unit
from thidua.results.assessments import results_released
from thidua.results.computation import movement_results
from thidua.results.enums import ScoreStage
from thidua.results.models import Bloc, BlocMember, PeerScore
from thidua.results.reports import format_number
from thidua.results.scoring import Score, bloc_score, rank

ONE = Decimal(1)
WEIGHT_PLACES = Decimal("0.001")
# Codes the bloc pages' addresses use ("/khoi/moi/" creates a bloc).
RESERVED_CODES = frozenset({"moi"})
BLOC_FIELDS = ("name", "leader", "deputy", "weight_self", "weight_peer", "weight_review")


def _weight(value: Any, field: str, errors: dict[str, str]) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors[field] = _("Trọng số phải là một số từ 0 đến 1.")
        return Decimal(0)
    if not number.is_finite() or number < 0 or number > 1:
        errors[field] = _("Trọng số phải là một số từ 0 đến 1.")
    elif number != number.quantize(WEIGHT_PLACES):
        errors[field] = _("Trọng số chỉ lấy đến 3 chữ số thập phân.")
    return number


def check_weights(weight_self: Any, weight_peer: Any, weight_review: Any) -> tuple[Decimal, ...]:
    """The three weights as decimals, each within [0, 1] and adding up to exactly 1."""
    errors: dict[str, str] = {}
    weights = (
        _weight(weight_self, "weight_self", errors),
        _weight(weight_peer, "weight_peer", errors),
        _weight(weight_review, "weight_review", errors),
    )
    if not errors and sum(weights, Decimal(0)) != ONE:
        errors["weight_review"] = _(
            "Tổng ba trọng số (tự chấm, chấm chéo, thẩm định) phải bằng 1; hiện là %(sum)s."
        ) % {"sum": format_number(sum(weights, Decimal(0)))}
    if errors:
        raise ValidationError(errors)
    return weights


def _check_members(
    movement: Movement, bloc: Bloc | None, units: list[Unit], leader: Unit, deputy: Unit | None
) -> None:
    errors: dict[str, list[str]] = defaultdict(list)
    if deputy is not None and deputy.pk == leader.pk:
        errors["deputy"].append(_("Khối phó phải là đơn vị khác khối trưởng."))
    ids = {u.pk for u in units}
    taking_part = set(participant_units(movement).filter(pk__in=ids).values_list("pk", flat=True))
    for unit in units:
        if unit.pk not in taking_part:
            errors["members"].append(
                _("Đơn vị “%(unit)s” không tham gia phong trào này.") % {"unit": unit.name}
            )
    elsewhere = (
        BlocMember.objects.filter(bloc__movement=movement, unit_id__in=ids)
        .exclude(bloc=bloc)
        .values_list("unit__name", "bloc__name")
    )
    for unit_name, bloc_name in elsewhere:
        errors["members"].append(
            _("Đơn vị “%(unit)s” đã thuộc khối “%(bloc)s”.")
            % {"unit": unit_name, "bloc": bloc_name}
        )
    if errors:
        raise ValidationError(dict(errors))


@transaction.atomic
def upsert_bloc(
    movement: Movement,
    code: str,
    *,
    name: str,
    leader: Unit,
    deputy: Unit | None = None,
    members: Iterable[Unit] = (),
    weight_self: Any = Decimal("0.2"),
    weight_peer: Any = Decimal("0.3"),
    weight_review: Any = Decimal("0.5"),
    actor: Any = None,
) -> tuple[Bloc, bool, bool]:
    """Create or update a bloc of the movement by its code, with its members (the leader and
    the deputy are members too). Returns (bloc, created, changed). A unit belongs to one bloc
    of a movement; removing a member removes the peer scores it gave or received."""
    code = code.strip()
    errors: dict[str, str] = {}
    if not code or len(code) > 32:
        errors["code"] = _("Mã khối phải có từ 1 đến 32 ký tự.")
    elif code.lower() in RESERVED_CODES:
        errors["code"] = _(
            "Mã khối “%(code)s” trùng với đường dẫn của trang, hãy chọn mã khác."
        ) % {"code": code}
    if not name.strip():
        errors["name"] = _("Chưa nhập tên khối, cụm thi đua.")
    if movement.state == MovementState.CLOSED:
        errors["code"] = _("Phong trào đã kết thúc: không sửa khối thi đua.")
    if errors:
        raise ValidationError(errors)
    weights = check_weights(weight_self, weight_peer, weight_review)
    bloc = Bloc.objects.select_for_update().filter(movement=movement, code=code).first()
    units = {u.pk: u for u in members}
    units[leader.pk] = leader
    if deputy is not None:
        units[deputy.pk] = deputy
    _check_members(movement, bloc, list(units.values()), leader, deputy)
    values = dict(zip(BLOC_FIELDS, (name.strip(), leader, deputy, *weights), strict=True))
    created = bloc is None
    before: dict[str, Any] = {}
    if bloc is None:
        bloc = Bloc.objects.create(movement=movement, code=code, **values)
        old_members: set[int] = set()
    else:
        before = _snapshot(bloc)
        for key, value in values.items():
            setattr(bloc, key, value)
        bloc.save(update_fields=list(BLOC_FIELDS))
        old_members = set(bloc.members.values_list("unit_id", flat=True))
        before["members"] = sorted(old_members)
    removed = old_members - units.keys()
    if removed:
        PeerScore.objects.filter(bloc=bloc, scorer_id__in=removed).delete()
        PeerScore.objects.filter(bloc=bloc, subject_id__in=removed).delete()
        BlocMember.objects.filter(bloc=bloc, unit_id__in=removed).delete()
    BlocMember.objects.bulk_create(
        BlocMember(bloc=bloc, unit_id=pk) for pk in units.keys() - old_members
    )
    after = {**_snapshot(bloc), "members": sorted(units)}
    changed = created or before != after
    if changed:
        record_event(
            "results.bloc.created" if created else "results.bloc.changed",
            bloc,
            actor=actor,
            before=before or None,
            after=after,
        )
    return bloc, created, changed


def _snapshot(bloc: Bloc) -> dict[str, Any]:
    return {
        "name": bloc.name,
        "leader": bloc.leader_id,
        "deputy": bloc.deputy_id,
        "weight_self": str(Decimal(bloc.weight_self).quantize(WEIGHT_PLACES)),
        "weight_peer": str(Decimal(bloc.weight_peer).quantize(WEIGHT_PLACES)),
        "weight_review": str(Decimal(bloc.weight_review).quantize(WEIGHT_PLACES)),
    }


def peer_score_max(movement: Movement) -> Decimal:
    """The highest total a peer may give: the scale plus the bonus cap."""
    table = CriteriaTable.objects.filter(movement=movement).first()
    return (table.scale + table.bonus_cap) if table else Decimal(100)


@transaction.atomic
def save_peer_score(
    bloc: Bloc,
    *,
    scorer: Unit,
    subject: Unit,
    points: Any,
    comment: str = "",
    actor: Any = None,
) -> tuple[PeerScore, bool]:
    """The total the scoring unit gives another member of its bloc; one per scorer and subject,
    editable until the movement's results are released. Returns (score, created)."""
    movement = bloc.movement
    if results_released(movement):
        raise ValidationError(_("Kết quả đã công bố: không thể sửa điểm chấm chéo."))
    if not scoring_open(movement):
        raise ValidationError(
            _("Phong trào không ở giai đoạn sơ kết, tổng kết: chưa mở chấm điểm.")
        )
    members = set(bloc.members.values_list("unit_id", flat=True))
    if scorer.pk not in members:
        raise ValidationError(
            {
                "scorer": _("Đơn vị “%(unit)s” không phải thành viên khối “%(bloc)s”.")
                % {"unit": scorer.name, "bloc": bloc.name}
            }
        )
    if subject.pk not in members:
        raise ValidationError(
            {
                "subject": _("Đơn vị “%(unit)s” không phải thành viên khối “%(bloc)s”.")
                % {"unit": subject.name, "bloc": bloc.name}
            }
        )
    if scorer.pk == subject.pk:
        raise ValidationError({"subject": _("Đơn vị không tự chấm chéo cho chính mình.")})
    maximum = peer_score_max(movement)
    try:
        number = Decimal(str(points))
    except (InvalidOperation, ValueError):
        number = Decimal(-1)
    if not number.is_finite() or number < 0 or number > maximum:
        raise ValidationError(
            {
                "points": _("Điểm chấm chéo cho “%(unit)s” phải từ 0 đến %(max)s.")
                % {"unit": subject.name, "max": format_number(maximum)}
            }
        )
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError({"points": _("Điểm chỉ lấy đến 2 chữ số thập phân.")})
    number = number.quantize(Decimal("0.01"))
    existing = (
        PeerScore.objects.select_for_update()
        .filter(bloc=bloc, scorer=scorer, subject=subject)
        .first()
    )
    comment = comment.strip()
    if existing is not None:
        if existing.points == number and existing.comment == comment:
            return existing, False
        before = {"points": existing.points, "comment": existing.comment}
        existing.points, existing.comment = number, comment
        existing.save(update_fields=["points", "comment"])
        score, created = existing, False
    else:
        before = None
        score = PeerScore.objects.create(
            bloc=bloc, scorer=scorer, subject=subject, points=number, comment=comment
        )
        created = True
    record_event(
        "results.peer_score.saved",
        bloc,
        actor=actor,
        before={"scorer": scorer.code, "subject": subject.code, **before} if before else None,
        after={
            "scorer": scorer.code,
            "subject": subject.code,
            "points": number,
            "comment": comment,
        },
    )
    return score, created


# --- The bloc ranking ----------------------------------------------------------------------


@dataclass(frozen=True)
class BlocResult:
    unit_id: int
    code: str
    name: str
    self_total: Decimal | None
    peer_mean: Decimal | None
    peer_count: int
    review_total: Decimal | None
    combined: Decimal | None
    rank: int | None


def bloc_results(bloc: Bloc) -> list[BlocResult]:
    """Every member with its self total, the mean of the peer totals it received, the review
    total and the combined bloc score, ranked by the combined score (ties: the review's base
    score, then fewer penalty points; exact ties share a rank). Members not yet assessed come
    last, unranked. A handful of queries."""
    members = list(bloc.members.select_related("unit").order_by("unit__path"))
    results = {
        r.key.unit_id: r.key
        for r in movement_results(bloc.movement, stage=ScoreStage.REVIEW, collective=True)
    }
    peers: dict[int, list[Decimal]] = defaultdict(list)
    for subject_id, points in PeerScore.objects.filter(bloc=bloc).values_list(
        "subject_id", "points"
    ):
        peers[subject_id].append(points)
    weights = {
        "weight_self": bloc.weight_self,
        "weight_peer": bloc.weight_peer,
        "weight_review": bloc.weight_review,
    }
    combined: dict[int, Score] = {}
    for member in members:
        result = results.get(member.unit_id)
        if result is None:
            continue
        total = bloc_score(
            result.self_total, peers.get(member.unit_id, []), result.score.total, **weights
        )
        combined[member.unit_id] = Score(
            total=total,
            base=result.score.base,
            bonus=result.score.bonus,
            penalty=result.score.penalty,
            band=result.score.band,
            per_criterion={},
        )
    ranks = {r.key: r.rank for r in rank(combined)}
    rows = []
    for member in members:
        result = results.get(member.unit_id)
        received = peers.get(member.unit_id, [])
        rows.append(
            BlocResult(
                unit_id=member.unit_id,
                code=member.unit.code,
                name=member.unit.name,
                self_total=result.self_total if result else None,
                peer_mean=(
                    (sum(received, Decimal(0)) / len(received)).quantize(Decimal("0.01"))
                    if received
                    else None
                ),
                peer_count=len(received),
                review_total=result.score.total if result else None,
                combined=combined[member.unit_id].total if result else None,
                rank=ranks.get(member.unit_id),
            )
        )
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.code))
    return rows
