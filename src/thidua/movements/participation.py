"""Unit plans (S13), briefings (S13) and registrations (S14), with their transitions and the
per-unit completion figures, computed set-based."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import record_event
from thidua.core.codes import AWARDS
from thidua.movements.enums import (
    REGISTRATION_TRANSITIONS,
    UNIT_PLAN_TRANSITIONS,
    RegistrationState,
    UnitPlanState,
)
from thidua.movements.models import (
    Briefing,
    ContentSection,
    Movement,
    ParentPlanTask,
    Registration,
    UnitPlan,
    UnitPlanTarget,
)
from thidua.movements.phases import (
    briefing_open,
    registration_deadline,
    registration_open,
    unit_plans_open,
)
from thidua.movements.queries import participant_units
from thidua.org.models import Person, Unit


def _require_participant(movement: Movement, unit: Unit) -> None:
    if not participant_units(movement).filter(pk=unit.pk).exists():
        raise ValidationError(
            _("Đơn vị “%(unit)s” không tham gia phong trào này.") % {"unit": unit.name}
        )


# --- Unit plans -------------------------------------------------------------------------


@transaction.atomic
def save_unit_plan(
    movement: Movement,
    unit: Unit,
    *,
    summary: str,
    targets: Iterable[dict[str, Any]],
    actor: Any = None,
) -> UnitPlan:
    """Write a unit's plan and replace its targets. Each target: ``section`` (number),
    ``description``, optional ``parent_task`` (code), ``indicator``, ``target_value``,
    ``measure_unit``, ``due_on``. Only a draft or returned plan can be edited."""
    if not unit_plans_open(movement):
        raise ValidationError(_("Phong trào chưa phát động hoặc đã sang giai đoạn tổng kết."))
    _require_participant(movement, unit)
    plan, _created = UnitPlan.objects.select_for_update().get_or_create(
        movement=movement, unit=unit
    )
    if plan.state not in {UnitPlanState.DRAFT, UnitPlanState.RETURNED}:
        raise ValidationError(_("Kế hoạch đã gửi hoặc đã duyệt, không thể sửa."))
    sections = {s.number: s for s in ContentSection.objects.filter(movement=movement)}
    tasks: dict[str, ParentPlanTask] = {}
    if movement.parent_plan_id:
        tasks = {t.code: t for t in ParentPlanTask.objects.filter(plan_id=movement.parent_plan_id)}
    rows = []
    errors = []
    for i, item in enumerate(targets, 1):
        section = sections.get(int(item.get("section") or 0))
        if section is None:
            errors.append(_("Chỉ tiêu %(i)s: chưa chọn nội dung thi đua hợp lệ.") % {"i": i})
            continue
        task_code = item.get("parent_task") or ""
        if task_code and task_code not in tasks:
            errors.append(
                _("Chỉ tiêu %(i)s: nhiệm vụ “%(code)s” không có trong kế hoạch cấp trên.")
                % {"i": i, "code": task_code}
            )
            continue
        if not str(item.get("description", "")).strip():
            errors.append(_("Chỉ tiêu %(i)s: chưa ghi nội dung.") % {"i": i})
            continue
        rows.append(
            UnitPlanTarget(
                plan=plan,
                section=section,
                parent_task=tasks.get(task_code),
                description=str(item["description"]).strip(),
                indicator=str(item.get("indicator", "")).strip(),
                target_value=item.get("target_value"),
                measure_unit=str(item.get("measure_unit", "")).strip(),
                due_on=item.get("due_on"),
            )
        )
    if errors:
        raise ValidationError(errors)
    before = {"summary": plan.summary, "targets": plan.targets.count()}
    plan.summary = summary.strip()
    plan.save(update_fields=["summary", "updated_at"])
    plan.targets.all().delete()
    UnitPlanTarget.objects.bulk_create(rows)
    record_event(
        "movements.unit_plan.saved",
        plan,
        actor=actor,
        before=before,
        after={"summary": plan.summary, "targets": len(rows)},
    )
    return plan


@transaction.atomic
def set_unit_plan_state(
    plan: UnitPlan, new_state: str, *, actor: Any = None, comment: str = ""
) -> UnitPlan:
    """The one way a unit plan changes state: submit, approve, return with a comment."""
    plan.state = (
        UnitPlan.objects.select_for_update().values_list("state", flat=True).get(pk=plan.pk)
    )
    if new_state not in UNIT_PLAN_TRANSITIONS[plan.state]:
        raise ValidationError(
            _("Không thể chuyển kế hoạch từ “%(old)s” sang “%(new)s”.")
            % {"old": plan.get_state_display(), "new": UnitPlanState(new_state).label}
        )
    if new_state == UnitPlanState.SUBMITTED and not plan.targets.exists():
        raise ValidationError(_("Kế hoạch chưa có chỉ tiêu nào."))
    if new_state == UnitPlanState.RETURNED and not comment.strip():
        raise ValidationError({"comment": _("Khi trả lại cần ghi rõ ý kiến để đơn vị sửa.")})
    before = {"state": plan.state}
    plan.state = new_state
    fields = ["state", "updated_at"]
    if new_state == UnitPlanState.SUBMITTED:
        plan.submitted_at = timezone.now()
        fields.append("submitted_at")
    else:
        plan.reviewed_at = timezone.now()
        plan.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
        plan.review_comment = comment.strip()
        fields += ["reviewed_at", "reviewed_by", "review_comment"]
    plan.save(update_fields=fields)
    record_event(
        "movements.unit_plan.state",
        plan,
        actor=actor,
        before=before,
        after={"state": new_state},
        note=comment.strip(),
    )
    return plan


# --- Briefings ---------------------------------------------------------------------------


@transaction.atomic
def confirm_briefing(movement: Movement, person: Person, *, actor: Any = None) -> Briefing:
    """One click: the person confirms they were briefed. Confirming twice changes nothing."""
    if not briefing_open(movement):
        raise ValidationError(_("Phong trào chưa phát động."))
    _require_participant(movement, person.unit)
    existing = Briefing.objects.filter(movement=movement, person=person).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            briefing = Briefing.objects.create(movement=movement, person=person, unit=person.unit)
    except IntegrityError:
        return Briefing.objects.get(movement=movement, person=person)
    record_event("movements.briefing.confirmed", briefing, actor=actor)
    return briefing


@dataclass(frozen=True)
class UnitCompletion:
    unit_id: int
    code: str
    name: str
    staff: int
    briefed: int
    registered: int
    plan_state: str | None

    @property
    def briefed_share(self) -> float:
        return self.briefed / self.staff if self.staff else 0.0

    @property
    def registered_share(self) -> float:
        return self.registered / self.staff if self.staff else 0.0


def unit_completion(
    movement: Movement, units: Iterable[Unit] | None = None
) -> list[UnitCompletion]:
    """Per participating unit: staff in post, how many confirmed the briefing, how many
    registered, and the state of the unit plan. Three aggregate queries, whatever the size.
    ``units`` may be a queryset (a visibility query): it is then used as a subquery."""
    scope = participant_units(movement)
    if isinstance(units, QuerySet):
        scope = scope.filter(pk__in=units.values("pk"))
    elif units is not None:
        scope = scope.filter(pk__in=[u.pk for u in units])
    active = Q(people__left_on__isnull=True)
    rows = scope.annotate(
        staff=Count("people", filter=active, distinct=True),
        briefed=Count(
            "people",
            filter=active & Q(people__briefings__movement=movement),
            distinct=True,
        ),
        registered=Count(
            "people",
            filter=active
            & Q(people__registrations__movement=movement)
            & ~Q(people__registrations__state=RegistrationState.WITHDRAWN),
            distinct=True,
        ),
    ).values_list("pk", "code", "name", "staff", "briefed", "registered")
    plans = dict(UnitPlan.objects.filter(movement=movement).values_list("unit_id", "state"))
    return [
        UnitCompletion(pk, code, name, staff, briefed, registered, plans.get(pk))
        for pk, code, name, staff, briefed, registered in rows.order_by("path")
    ]


# --- Registrations -----------------------------------------------------------------------


def _check_award_for(award_code: str, *, collective: bool) -> None:
    info = AWARDS.get(award_code)
    if info is None:
        raise ValidationError({"award_code": _("Mã danh hiệu không hợp lệ.")})
    if collective and not info.for_unit:
        raise ValidationError(
            {"award_code": _("Danh hiệu này dành cho cá nhân, không cho tập thể.")}
        )
    if not collective and not info.for_person:
        raise ValidationError(
            {"award_code": _("Danh hiệu này dành cho tập thể, không cho cá nhân.")}
        )


@transaction.atomic
def register(
    movement: Movement,
    *,
    unit: Unit,
    person: Person | None = None,
    award_code: str,
    targets: str = "",
    actor: Any = None,
    on: dt.date | None = None,
) -> Registration:
    """A unit (person=None) or a person registers for a title with targets. Only while
    registration is open; after the deadline nobody registers. ``on`` is the day the
    registration is made (default today); only the demo loader passes it, to enter the
    historical registrations of 2018."""
    if not registration_open(movement, on):
        deadline = registration_deadline(movement)
        raise ValidationError(
            _("Đã hết hạn đăng ký thi đua (hạn cuối %(date)s).")
            % {"date": deadline.strftime("%d/%m/%Y")}
            if deadline and (on or timezone.localdate()) > deadline
            else _("Phong trào chưa mở đăng ký thi đua.")
        )
    if person is not None and person.unit_id != unit.pk:
        raise ValidationError({"unit": _("Cá nhân đăng ký theo đơn vị hiện tại của mình.")})
    _require_participant(movement, unit)
    _check_award_for(award_code, collective=person is None)
    lookup = (
        {"movement": movement, "person": person}
        if person
        else {"movement": movement, "unit": unit, "person__isnull": True}
    )
    # order_by("pk"): the default ordering joins the nullable person, and PostgreSQL refuses
    # FOR UPDATE on the nullable side of an outer join.
    existing = Registration.objects.select_for_update().filter(**lookup).order_by("pk").first()
    if existing is not None and existing.state not in {
        RegistrationState.WITHDRAWN,
        RegistrationState.REJECTED,
    }:
        raise ValidationError(_("Đã đăng ký thi đua trong phong trào này."))
    if existing is not None:
        before = {"state": existing.state, "award_code": existing.award_code}
        existing.award_code = award_code
        existing.targets = targets.strip()
        existing.state = RegistrationState.SUBMITTED
        existing.submitted_at = timezone.now()
        existing.save(update_fields=["award_code", "targets", "state", "submitted_at"])
        record_event(
            "movements.registration.resubmitted",
            existing,
            actor=actor,
            before=before,
            after={"state": existing.state, "award_code": award_code},
        )
        return existing
    registration = Registration.objects.create(
        movement=movement, unit=unit, person=person, award_code=award_code, targets=targets.strip()
    )
    record_event(
        "movements.registration.submitted",
        registration,
        actor=actor,
        after={"award_code": award_code, "unit": unit.code, "person": person and person.code},
    )
    return registration


@transaction.atomic
def set_registration_state(
    registration: Registration, new_state: str, *, actor: Any = None, comment: str = ""
) -> Registration:
    """The one way a registration changes state: the unit head confirms or rejects; the
    registrant withdraws."""
    registration.state = (
        Registration.objects.select_for_update()
        .values_list("state", flat=True)
        .get(pk=registration.pk)
    )
    if new_state not in REGISTRATION_TRANSITIONS[registration.state]:
        raise ValidationError(
            _("Không thể chuyển đăng ký từ “%(old)s” sang “%(new)s”.")
            % {"old": registration.get_state_display(), "new": RegistrationState(new_state).label}
        )
    if new_state == RegistrationState.REJECTED and not comment.strip():
        raise ValidationError({"comment": _("Khi không xác nhận cần ghi rõ lý do.")})
    before = {"state": registration.state}
    registration.state = new_state
    registration.comment = comment.strip()
    fields = ["state", "comment"]
    if new_state in {RegistrationState.CONFIRMED, RegistrationState.REJECTED}:
        registration.decided_at = timezone.now()
        registration.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        fields += ["decided_at", "decided_by"]
    registration.save(update_fields=fields)
    record_event(
        "movements.registration.state",
        registration,
        actor=actor,
        before=before,
        after={"state": new_state},
        note=comment.strip(),
    )
    return registration
