"""Business logic of movements: creation, the one transition function of a movement, and the
launch. Unit plans, briefings and registrations are in ``participation``; the criteria table in
``criteria``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import record_event, snapshot
from thidua.core.codes import AwardCode
from thidua.movements.enums import MOVEMENT_TRANSITIONS, MovementState, PhaseKind
from thidua.movements.models import (
    ContentSection,
    ForeseenAward,
    LegalBasis,
    Movement,
    ParentPlan,
    Participant,
    Phase,
)
from thidua.org.enums import Role
from thidua.org.models import RoleAssignment, Unit

MOVEMENT_FIELDS = (
    "kind",
    "name",
    "slogan",
    "organizer",
    "period_start",
    "period_end",
    "purposes",
    "requirements",
    "parent_plan",
    "doc_number",
    "doc_date",
    "doc_place",
    "doc_issuer",
    "signer_name",
    "signer_title",
    "signer_authority",
)


def validate_movement_fields(values: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    start, end = values.get("period_start"), values.get("period_end")
    if start and end and end < start:
        errors["period_end"] = _("Thời gian kết thúc phải sau thời gian bắt đầu.")
    if not str(values.get("name", "")).strip():
        errors["name"] = _("Tên phong trào không được để trống.")
    if not str(values.get("doc_number", "")).strip():
        errors["doc_number"] = _("Cần số, ký hiệu của kế hoạch phát động (ví dụ 456/KH-STTTT).")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def upsert_movement(code: str, *, actor: Any = None, **values: Any) -> tuple[Movement, bool, bool]:
    """Create or update a movement's own fields. A closed movement cannot change."""
    unknown = set(values) - set(MOVEMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown movement fields: {sorted(unknown)}")
    existing = Movement.objects.select_for_update().filter(code=code).first()
    if existing is None:
        validate_movement_fields(values)
        movement = Movement.objects.create(code=code, created_by=_user(actor), **values)
        record_event(
            "movements.movement.created",
            movement,
            actor=actor,
            after=snapshot(movement, MOVEMENT_FIELDS),
        )
        return movement, True, True
    if existing.state == MovementState.CLOSED:
        raise ValidationError(_("Phong trào đã kết thúc, không thể sửa."))
    before = snapshot(existing, MOVEMENT_FIELDS)
    for field, value in values.items():
        setattr(existing, field, value)
    validate_movement_fields(snapshot_values(existing))
    after = snapshot(existing, MOVEMENT_FIELDS)
    if before == after:
        return existing, False, False
    existing.save(update_fields=list(values))
    record_event("movements.movement.updated", existing, actor=actor, before=before, after=after)
    return existing, False, True


def snapshot_values(movement: Movement) -> dict[str, Any]:
    return {field: getattr(movement, field) for field in MOVEMENT_FIELDS}


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _ensure_editable(movement: Movement) -> None:
    if movement.state == MovementState.CLOSED:
        raise ValidationError(_("Phong trào đã kết thúc, không thể sửa."))


@transaction.atomic
def set_legal_bases(movement: Movement, texts: Iterable[str], *, actor: Any = None) -> None:
    _ensure_editable(movement)
    cleaned = [t.strip() for t in texts if t and t.strip()]
    before = list(movement.legal_bases.values_list("text", flat=True))
    if before == cleaned:
        return
    movement.legal_bases.all().delete()
    LegalBasis.objects.bulk_create(
        LegalBasis(movement=movement, order=i, text=text) for i, text in enumerate(cleaned, 1)
    )
    record_event(
        "movements.legal_bases.set",
        movement,
        actor=actor,
        before={"legal_bases": before},
        after={"legal_bases": cleaned},
    )


SectionKey = tuple[int, str, str, list[tuple[int | None, str]]]


def _sections_key(sections: Iterable[ContentSection]) -> list[SectionKey]:
    return sorted(
        (s.number, s.title, s.body, sorted((t.plan_id, t.code) for t in s.parent_tasks.all()))
        for s in sections
    )


def _wanted_sections_key(wanted: list[dict[str, Any]], plan_id: int | None) -> list[SectionKey]:
    return sorted(
        (
            int(s["number"]),
            str(s["title"]).strip(),
            str(s.get("body", "")).strip(),
            sorted((plan_id, c) for c in s.get("parent_task_codes") or []),
        )
        for s in wanted
    )


@transaction.atomic
def set_sections(
    movement: Movement, sections: Iterable[dict[str, Any]], *, actor: Any = None
) -> list[ContentSection]:
    """Replace the content sections: each ``{"number", "title", "body", "parent_task_codes"}``.
    Sections already targeted by a unit plan are updated in place, never deleted."""
    _ensure_editable(movement)
    wanted = list(sections)
    numbers = [int(s["number"]) for s in wanted]
    if len(set(numbers)) != len(numbers):
        raise ValidationError({"sections": _("Số thứ tự của các nội dung thi đua bị trùng.")})
    tasks = {}
    if movement.parent_plan_id:
        tasks = {t.code: t for t in movement.parent_plan.tasks.all()}  # type: ignore[union-attr]
    existing = {
        s.number: s
        for s in ContentSection.objects.filter(movement=movement).prefetch_related("parent_tasks")
    }
    if _sections_key(existing.values()) == _wanted_sections_key(wanted, movement.parent_plan_id):
        return sorted(existing.values(), key=lambda s: s.number)  # unchanged: no write, no event
    used = set(
        ContentSection.objects.filter(movement=movement, targets__isnull=False).values_list(
            "number", flat=True
        )
    )
    removed = set(existing) - set(numbers)
    blocked = removed & used
    if blocked:
        raise ValidationError(
            {
                "sections": _(
                    "Không thể xoá nội dung số %(n)s: đã có đơn vị đặt chỉ tiêu theo nội dung này."
                )
                % {"n": ", ".join(str(n) for n in sorted(blocked))}
            }
        )
    before = [(s.number, s.title) for s in existing.values()]
    ContentSection.objects.filter(movement=movement, number__in=removed).delete()
    result = []
    for item in wanted:
        codes = list(item.get("parent_task_codes") or [])
        missing = [c for c in codes if c not in tasks]
        if missing:
            raise ValidationError(
                {
                    "sections": _("Nhiệm vụ %(codes)s không có trong kế hoạch cấp trên.")
                    % {"codes": ", ".join(missing)}
                }
            )
        section, _created = ContentSection.objects.update_or_create(
            movement=movement,
            number=int(item["number"]),
            defaults={"title": item["title"].strip(), "body": item.get("body", "").strip()},
        )
        section.parent_tasks.set([tasks[c] for c in codes])
        result.append(section)
    record_event(
        "movements.sections.set",
        movement,
        actor=actor,
        before={"sections": before},
        after={"sections": [(s.number, s.title) for s in result]},
    )
    return result


@transaction.atomic
def set_phases(
    movement: Movement, phases: dict[str, tuple[dt.date, dt.date]], *, actor: Any = None
) -> None:
    """Replace the phases: ``{PhaseKind: (start, end)}``, each inside the movement's period."""
    _ensure_editable(movement)
    errors: dict[str, str] = {}
    for kind, (start, end) in phases.items():
        if kind not in PhaseKind.values:
            errors[kind] = _("Giai đoạn không hợp lệ.")
            continue
        label = PhaseKind(kind).label
        if end < start:
            errors[kind] = _("%(phase)s: ngày kết thúc phải sau ngày bắt đầu.") % {"phase": label}
        elif kind != PhaseKind.COMMENDATION and (
            start < movement.period_start or end > movement.period_end
        ):
            errors[kind] = _("%(phase)s phải nằm trong thời gian của phong trào.") % {
                "phase": label
            }
    if errors:
        raise ValidationError(errors)
    before = {p.kind: (p.start, p.end) for p in movement.phases.all()}
    if before == phases:
        return
    movement.phases.all().delete()
    Phase.objects.bulk_create(
        Phase(movement=movement, kind=kind, start=start, end=end)
        for kind, (start, end) in phases.items()
    )
    if hasattr(movement, "_phase_cache"):
        del movement._phase_cache
    record_event(
        "movements.phases.set",
        movement,
        actor=actor,
        before={k: [str(a), str(b)] for k, (a, b) in before.items()},
        after={k: [str(a), str(b)] for k, (a, b) in phases.items()},
    )


@transaction.atomic
def set_participants(
    movement: Movement,
    units: Iterable[Unit],
    *,
    lead: Unit | None = None,
    actor: Any = None,
) -> None:
    """Replace the participating units (each with its whole subtree)."""
    _ensure_editable(movement)
    wanted = {u.pk: u for u in units}
    if lead is not None:
        wanted[lead.pk] = lead
    before = sorted(movement.participants.values_list("unit__code", flat=True))
    movement.participants.exclude(unit_id__in=wanted).delete()
    have = set(movement.participants.values_list("unit_id", flat=True))
    Participant.objects.bulk_create(
        Participant(movement=movement, unit=u) for pk, u in wanted.items() if pk not in have
    )
    movement.participants.update(role="PARTICIPANT")
    if lead is not None:
        movement.participants.filter(unit=lead).update(role="LEAD")
    after = sorted(movement.participants.values_list("unit__code", flat=True))
    if before != after:
        record_event(
            "movements.participants.set",
            movement,
            actor=actor,
            before={"units": before},
            after={"units": after},
        )


@transaction.atomic
def set_foreseen_awards(movement: Movement, codes: Iterable[str], *, actor: Any = None) -> None:
    _ensure_editable(movement)
    wanted = list(dict.fromkeys(codes))
    bad = [c for c in wanted if c not in AwardCode.values]
    if bad:
        raise ValidationError(
            {
                "foreseen_awards": _("Mã khen thưởng không hợp lệ: %(codes)s.")
                % {"codes": ", ".join(bad)}
            }
        )
    before = sorted(movement.foreseen_awards.values_list("award_code", flat=True))
    movement.foreseen_awards.exclude(award_code__in=wanted).delete()
    have = set(movement.foreseen_awards.values_list("award_code", flat=True))
    ForeseenAward.objects.bulk_create(
        ForeseenAward(movement=movement, award_code=c) for c in wanted if c not in have
    )
    if before != sorted(wanted):
        record_event(
            "movements.foreseen_awards.set",
            movement,
            actor=actor,
            before={"codes": before},
            after={"codes": sorted(wanted)},
        )


@transaction.atomic
def upsert_parent_plan(
    code: str,
    *,
    number: str,
    issued_on: dt.date,
    issuer: str,
    title: str,
    tasks: Iterable[tuple[str, str]] = (),
    actor: Any = None,
) -> ParentPlan:
    """Create or update a parent plan with its tasks ``(code, title)`` in order."""
    plan, created = ParentPlan.objects.update_or_create(
        code=code,
        defaults={"number": number, "issued_on": issued_on, "issuer": issuer, "title": title},
    )
    for order, (task_code, task_title) in enumerate(tasks, 1):
        plan.tasks.update_or_create(code=task_code, defaults={"order": order, "title": task_title})
    if created:
        record_event("movements.parent_plan.created", plan, actor=actor)
    return plan


def launch_problems(movement: Movement) -> list[str]:
    """What stops a launch, in Vietnamese; empty when the movement can be launched."""
    from thidua.movements.criteria import criteria_problems

    problems = []
    if not movement.sections.exists():
        problems.append(_("Chưa có nội dung thi đua nào."))
    if not movement.participants.exists():
        problems.append(_("Chưa chọn đơn vị tham gia."))
    if not movement.phases.filter(kind=PhaseKind.REGISTRATION).exists():
        problems.append(_("Chưa đặt thời gian đăng ký thi đua."))
    table = getattr(movement, "criteria_table", None)
    if table is not None:
        problems.extend(criteria_problems(table))
    return problems


@transaction.atomic
def set_movement_state(
    movement: Movement, new_state: str, *, actor: Any = None, note: str = ""
) -> Movement:
    """The one way a movement changes state: checks the allowed moves, saves, records the
    audit event, and on launch notifies the heads of participating units after commit."""
    locked = Movement.objects.select_for_update().get(pk=movement.pk)
    movement.state, movement.launched_at = locked.state, locked.launched_at
    allowed = MOVEMENT_TRANSITIONS[movement.state]
    if new_state not in allowed:
        raise ValidationError(
            _("Không thể chuyển phong trào từ “%(old)s” sang “%(new)s”.")
            % {"old": movement.get_state_display(), "new": MovementState(new_state).label}
        )
    if new_state == MovementState.LAUNCHED and movement.state == MovementState.DRAFT:
        problems = launch_problems(movement)
        if problems:
            raise ValidationError(problems)
        movement.launched_at = timezone.now()
    before = {"state": movement.state}
    movement.state = new_state
    movement.save(update_fields=["state", "launched_at"])
    record_event(
        "movements.movement.state",
        movement,
        actor=actor,
        before=before,
        after={"state": new_state},
        note=note,
    )
    if new_state == MovementState.LAUNCHED and before["state"] == MovementState.DRAFT:
        movement_id = movement.pk
        transaction.on_commit(lambda: notify_launch(movement_id))
    return movement


def unit_heads_of(movement: Movement) -> list[tuple[str, str]]:
    """(email, name) of the current unit heads whose unit takes part in the movement."""
    from thidua.movements.queries import participant_units

    day = timezone.localdate()
    rows = (
        RoleAssignment.objects.filter(
            role=Role.UNIT_HEAD,
            unit__in=participant_units(movement),
            valid_from__lte=day,
        )
        .exclude(valid_to__lt=day)
        .exclude(user__email="")
        .values_list("user__email", "user__first_name", "user__last_name")
        .distinct()
    )
    return [(email, f"{first} {last}".strip()) for email, first, last in rows]


def notify_launch(movement_id: int) -> int:
    """Email the heads of participating units that the movement was launched."""
    movement = Movement.objects.select_related("doc_issuer").get(pk=movement_id)
    subject = _("Phát động phong trào: %(name)s") % {"name": movement.name}
    messages = []
    for email, name in unit_heads_of(movement):
        body = _(
            "Kính gửi %(who)s,\n\n%(issuer)s đã phát động phong trào “%(name)s” theo Kế hoạch số "
            "%(number)s. Đề nghị đồng chí quán triệt tới cán bộ của đơn vị, cụ thể hoá nội dung "
            "thi đua của đơn vị và tổ chức đăng ký thi đua đúng thời hạn."
        ) % {
            "who": name or email,
            "issuer": movement.doc_issuer.name,
            "name": movement.name,
            "number": movement.doc_number,
        }
        messages.append((subject, body, None, [email]))
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)
