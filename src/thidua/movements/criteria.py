"""The criteria table: validation in Vietnamese, saving from plain data, copying from another
movement, and the plain-data form the API and the editor use."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.audit import record_event
from thidua.movements.enums import ScoringMethod
from thidua.movements.models import (
    Band,
    BonusItem,
    CriteriaSection,
    CriteriaTable,
    Criterion,
    Movement,
    PenaltyItem,
)
from thidua.movements.phases import criteria_editable


def _fmt(value: Decimal) -> str:
    """1 decimal place at most, Vietnamese decimal comma: 12,5; 100."""
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}".rstrip("0")
    return text.replace(".", ",")


def _dec(value: Any, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError(
            _("%(where)s: “%(v)s” không phải là số.") % {"where": where, "v": value}
        ) from exc
    if number < 0:
        raise ValidationError(_("%(where)s: điểm không được âm.") % {"where": where})
    return number


def problems_of(data: dict[str, Any]) -> list[str]:
    """Everything wrong with a criteria table given as plain data, in Vietnamese."""
    scale = Decimal(str(data.get("scale", 100)))
    cap = Decimal(str(data.get("bonus_cap", 0)))
    sections = data.get("sections") or []
    problems: list[str] = []
    if not sections:
        problems.append(_("Bảng tiêu chí chưa có nhóm tiêu chí nào."))
    total = sum((Decimal(str(s["max_points"])) for s in sections), Decimal(0))
    if sections and total != scale:
        problems.append(
            _(
                "Tổng điểm tối đa của các nhóm tiêu chí là %(total)s, "
                "không bằng thang điểm %(scale)s."
            )
            % {"total": _fmt(total), "scale": _fmt(scale)}
        )
    codes: set[str] = set()
    for section in sections:
        problems.extend(_section_problems(section, codes))
    for b in data.get("bonus_items") or []:
        points = Decimal(str(b["max_points"]))
        if points > cap:
            problems.append(
                _("Điểm thưởng “%(t)s” (%(p)s điểm) vượt mức trần điểm thưởng %(cap)s.")
                % {"t": b["title"], "p": _fmt(points), "cap": _fmt(cap)}
            )
    problems.extend(_band_problems(data.get("bands") or [], scale + cap))
    return problems


def _section_problems(section: dict[str, Any], codes: set[str]) -> list[str]:
    problems: list[str] = []
    criteria = section.get("criteria") or []
    label = f"{section.get('order')}. {section.get('title')}"
    if not criteria:
        return [_("Nhóm “%(s)s” chưa có tiêu chí nào.") % {"s": label}]
    subtotal = sum((Decimal(str(c["max_points"])) for c in criteria), Decimal(0))
    maximum = Decimal(str(section["max_points"]))
    if subtotal != maximum:
        problems.append(
            _("Nhóm “%(s)s”: tổng điểm các tiêu chí là %(sub)s, khác điểm tối đa của nhóm %(max)s.")
            % {"s": label, "sub": _fmt(subtotal), "max": _fmt(maximum)}
        )
    for c in criteria:
        code = str(c.get("code", "")).strip()
        if not code:
            problems.append(_("Nhóm “%(s)s”: có tiêu chí chưa có mã.") % {"s": label})
        elif code in codes:
            problems.append(_("Mã tiêu chí “%(c)s” bị trùng.") % {"c": code})
        codes.add(code)
        method = c.get("method", ScoringMethod.MANUAL)
        if method not in ScoringMethod.values:
            problems.append(_("Tiêu chí %(c)s: cách chấm không hợp lệ.") % {"c": code})
        target = c.get("target_value")
        if method == ScoringMethod.COUNTED and (
            not c.get("indicator") or target in (None, "") or Decimal(str(target)) <= 0
        ):
            problems.append(
                _("Tiêu chí %(c)s tính từ hoạt động cần có mã chỉ số và chỉ tiêu lớn hơn 0.")
                % {"c": code}
            )
    return problems


def _band_problems(bands: list[dict[str, Any]], reachable: Decimal) -> list[str]:
    if not bands:
        return [_("Chưa có mức xếp loại nào.")]
    problems: list[str] = []
    band_codes = [b["code"] for b in bands]
    if len(set(band_codes)) != len(band_codes):
        problems.append(_("Mã mức xếp loại bị trùng."))
    for b in bands:
        if Decimal(str(b["min_score"])) > reachable:
            problems.append(
                _("Mức “%(l)s”: điểm tối thiểu %(m)s vượt quá điểm tối đa có thể đạt.")
                % {"l": b["label"], "m": _fmt(Decimal(str(b["min_score"])))}
            )
        share = b.get("min_share")
        if share not in (None, "") and not 0 <= Decimal(str(share)) <= 1:
            problems.append(
                _("Mức “%(l)s”: tỷ lệ tối thiểu mỗi tiêu chí phải từ 0 đến 1.") % {"l": b["label"]}
            )
    return problems


def table_as_data(table: CriteriaTable) -> dict[str, Any]:
    """The criteria table as plain data (the API's and the editor's form)."""
    sections = list(table.sections.prefetch_related("criteria"))
    return {
        "scale": table.scale,
        "bonus_cap": table.bonus_cap,
        "notes": table.notes,
        "sections": [
            {
                "order": s.order,
                "title": s.title,
                "max_points": s.max_points,
                "criteria": [
                    {
                        "code": c.code,
                        "title": c.title,
                        "max_points": c.max_points,
                        "method": c.method,
                        "indicator": c.indicator,
                        "target_value": c.target_value,
                        "guidance": c.guidance,
                    }
                    for c in s.criteria.all()
                ],
            }
            for s in sections
        ],
        "bonus_items": [
            {"title": b.title, "max_points": b.max_points} for b in table.bonus_items.all()
        ],
        "penalty_items": [
            {"title": p.title, "points_each": p.points_each} for p in table.penalty_items.all()
        ],
        "bands": [
            {"code": b.code, "label": b.label, "min_score": b.min_score, "min_share": b.min_share}
            for b in table.bands.all()
        ],
    }


def criteria_problems(table: CriteriaTable) -> list[str]:
    return problems_of(table_as_data(table))


@transaction.atomic
def save_criteria_table(
    movement: Movement, data: dict[str, Any], *, actor: Any = None
) -> CriteriaTable:
    """Replace the movement's criteria table with ``data`` after validating all of it; a table
    with problems is refused whole with every problem listed."""
    if not criteria_editable(movement):
        raise ValidationError(_("Phong trào đã sang giai đoạn tổng kết: bảng tiêu chí đã cố định."))
    problems = problems_of(data)
    if problems:
        raise ValidationError(problems)
    table, _created = CriteriaTable.objects.select_for_update().get_or_create(movement=movement)
    before = table_as_data(table) if not _created else None
    table.scale = _dec(data.get("scale", 100), _("Thang điểm"))
    table.bonus_cap = _dec(data.get("bonus_cap", 0), _("Điểm thưởng tối đa"))
    table.notes = str(data.get("notes", "")).strip()
    table.save()
    table.sections.all().delete()
    table.bonus_items.all().delete()
    table.penalty_items.all().delete()
    table.bands.all().delete()
    criteria = []
    for i, s in enumerate(data["sections"], 1):
        section = CriteriaSection.objects.create(
            table=table,
            order=int(s.get("order") or i),
            title=str(s["title"]).strip(),
            max_points=_dec(s["max_points"], str(s["title"])),
        )
        for j, c in enumerate(s["criteria"], 1):
            target = c.get("target_value")
            criteria.append(
                Criterion(
                    section=section,
                    order=j,
                    code=str(c["code"]).strip(),
                    title=str(c["title"]).strip(),
                    max_points=_dec(c["max_points"], str(c["code"])),
                    method=c.get("method", ScoringMethod.MANUAL),
                    indicator=str(c.get("indicator", "")).strip(),
                    target_value=None if target in (None, "") else Decimal(str(target)),
                    guidance=str(c.get("guidance", "")).strip(),
                )
            )
    Criterion.objects.bulk_create(criteria)
    BonusItem.objects.bulk_create(
        BonusItem(table=table, order=i, title=b["title"], max_points=Decimal(str(b["max_points"])))
        for i, b in enumerate(data.get("bonus_items") or [], 1)
    )
    PenaltyItem.objects.bulk_create(
        PenaltyItem(
            table=table, order=i, title=p["title"], points_each=Decimal(str(p["points_each"]))
        )
        for i, p in enumerate(data.get("penalty_items") or [], 1)
    )
    Band.objects.bulk_create(
        Band(
            table=table,
            order=i,
            code=b["code"],
            label=b["label"],
            min_score=Decimal(str(b["min_score"])),
            min_share=None if b.get("min_share") in (None, "") else Decimal(str(b["min_share"])),
        )
        for i, b in enumerate(data.get("bands") or [], 1)
    )
    after = table_as_data(table)
    record_event(
        "movements.criteria.saved",
        movement,
        actor=actor,
        before=_jsonable(before) if before else None,
        after=_jsonable(after),
    )
    return table


def copy_criteria_table(source: Movement, target: Movement, *, actor: Any = None) -> CriteriaTable:
    """Copy another movement's criteria table onto ``target`` (replacing target's)."""
    table = getattr(source, "criteria_table", None)
    if table is None:
        raise ValidationError(_("Phong trào nguồn chưa có bảng tiêu chí."))
    return save_criteria_table(target, table_as_data(table), actor=actor)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value
