"""Business logic of the organisation: every change to units, people, ratings, discipline and
roles goes through these functions, which validate, write and record the audit event.

Validation failures raise ``django.core.exceptions.ValidationError`` with a message per field,
in Vietnamese; the API answers them as 422 and forms show them beside the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import record_event, snapshot
from thidua.core.text import normalize_name, normalize_search
from thidua.org.enums import (
    DisciplineLevel,
    DisciplineStatus,
    Gender,
    Rating,
    Role,
    StaffType,
    UnitKind,
)
from thidua.org.models import (
    DisciplineRecord,
    Membership,
    Person,
    PersonRating,
    Place,
    RoleAssignment,
    Unit,
    UnitRating,
    User,
)


class _Keep:
    """Marker for an optional argument that was not given: an update keeps the stored value,
    a creation takes the model's default."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


def _resolve(values: dict[str, Any], existing: Any, defaults: dict[str, Any]) -> dict[str, Any]:
    """Replace KEEP markers with the stored value (update) or the default (creation)."""
    return {
        field: (
            (getattr(existing, field) if existing is not None else defaults[field])
            if value is KEEP
            else value
        )
        for field, value in values.items()
    }


UNIT_FIELDS = ("name", "short_name", "kind", "parent", "place", "valid_from", "valid_to")
PERSON_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "staff_type",
    "unit",
    "position",
    "is_leader",
    "is_frontline",
    "joined_on",
    "left_on",
    "email",
)
DISCIPLINE_FIELDS = (
    "status",
    "level",
    "decided_on",
    "effective_from",
    "effective_to",
    "decision_number",
    "note",
)


def _segment(pk: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    n = pk
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out.rjust(Unit.SEGMENT_WIDTH, "0") + "."


def unit_path(parent_path: str, pk: int) -> str:
    """The materialized path of unit ``pk`` under a parent with ``parent_path``."""
    return parent_path + _segment(pk)


def _check_choice(errors: dict[str, str], field: str, value: Any, choices: Any, label: str) -> None:
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        errors[field] = _("%(label)s “%(value)s” không hợp lệ; chọn một trong: %(allowed)s.") % {
            "label": label,
            "value": value,
            "allowed": allowed,
        }


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def validate_unit_data(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None,
    valid_from: dt.date,
    valid_to: dt.date | None,
    existing: Unit | None = None,
) -> None:
    errors: dict[str, str] = {}
    if not code.strip():
        errors["code"] = _("Mã đơn vị không được để trống.")
    if not normalize_name(name):
        errors["name"] = _("Tên đơn vị không được để trống.")
    _check_choice(errors, "kind", kind, UnitKind, _("Loại đơn vị"))
    if valid_to is not None and valid_to < valid_from:
        errors["valid_to"] = _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")
    if existing is not None and parent is not None and parent.path.startswith(existing.path):
        errors["parent"] = _(
            "Đơn vị cấp trên không thể là chính đơn vị này hoặc đơn vị cấp dưới của nó."
        )
    _raise(errors)


def _move_subtree(unit: Unit, new_parent: Unit | None) -> None:
    """Re-root the subtree of ``unit`` under ``new_parent`` in two set-based updates."""
    old_path = unit.path
    new_path = unit_path(new_parent.path if new_parent else "", unit.pk)
    depth_delta = new_path.count(".") - old_path.count(".")
    Unit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        depth=F("depth") + depth_delta,
    )
    unit.path = new_path
    unit.depth = new_path.count(".") - 1


@transaction.atomic
def upsert_unit(
    code: str,
    *,
    name: str,
    kind: str,
    parent: Unit | None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    place: Place | None = KEEP,
    short_name: str = KEEP,
    actor: Any = None,
) -> tuple[Unit, bool, bool]:
    """Create or update the unit with ``code``. Returns (unit, created, changed).

    ``place`` and ``short_name`` keep their stored values when not given."""
    code = code.strip()
    existing = Unit.objects.select_for_update().filter(code=code).first()
    start = valid_from or (existing.valid_from if existing else dt.date(2000, 1, 1))
    validate_unit_data(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        valid_from=start,
        valid_to=valid_to,
        existing=existing,
    )
    values = _resolve(
        {
            "name": normalize_name(name),
            "short_name": short_name if short_name is KEEP else short_name.strip(),
            "kind": kind,
            "parent": parent,
            "place": place,
            "valid_from": start,
            "valid_to": valid_to,
        },
        existing,
        {"short_name": "", "place": None},
    )
    if existing is None:
        unit = Unit.objects.create(code=code, search=normalize_search(f"{code} {name}"), **values)
        unit.path = unit_path(parent.path if parent else "", unit.pk)
        unit.depth = unit.path.count(".") - 1
        unit.save(update_fields=["path", "depth"])
        record_event("org.unit.created", unit, actor=actor, after=snapshot(unit, UNIT_FIELDS))
        return unit, True, True
    before = snapshot(existing, UNIT_FIELDS)
    parent_changed = existing.parent_id != (parent.pk if parent else None)
    for field, value in values.items():
        setattr(existing, field, value)
    after = snapshot(existing, UNIT_FIELDS)
    if before == after:
        return existing, False, False
    if parent_changed:
        _move_subtree(existing, parent)
    existing.search = normalize_search(f"{code} {existing.name}")
    existing.save(update_fields=[*values.keys(), "search", "path", "depth"])
    record_event("org.unit.updated", existing, actor=actor, before=before, after=after)
    return existing, False, True


@transaction.atomic
def close_unit(unit: Unit, *, on: dt.date, actor: Any = None) -> Unit:
    """Close a unit on a date (it stays in history). A renamed unit is closed and a new opened."""
    if on < unit.valid_from:
        raise ValidationError({"valid_to": _("Ngày đóng đơn vị phải sau ngày bắt đầu hiệu lực.")})
    before = snapshot(unit, ("valid_to",))
    unit.valid_to = on
    unit.save(update_fields=["valid_to"])
    record_event("org.unit.closed", unit, actor=actor, before=before, after={"valid_to": on})
    return unit


def validate_person_data(
    *,
    code: str,
    full_name: str,
    gender: str,
    staff_type: str,
    joined_on: dt.date | None = None,
    left_on: dt.date | None = None,
    birth_date: dt.date | None = None,
) -> None:
    errors: dict[str, str] = {}
    if not code.strip():
        errors["code"] = _("Mã cán bộ không được để trống.")
    if not normalize_name(full_name):
        errors["full_name"] = _("Họ và tên không được để trống.")
    _check_choice(errors, "gender", gender, Gender, _("Giới tính"))
    _check_choice(errors, "staff_type", staff_type, StaffType, _("Loại cán bộ"))
    if joined_on and left_on and left_on < joined_on:
        errors["left_on"] = _("Ngày thôi việc phải sau ngày vào cơ quan.")
    if birth_date and birth_date > timezone.localdate():
        errors["birth_date"] = _("Ngày sinh không thể ở tương lai.")
    _raise(errors)


@transaction.atomic
def upsert_person(
    code: str,
    *,
    full_name: str,
    gender: str,
    staff_type: str,
    unit: Unit,
    position: str = "",
    is_leader: bool = False,
    is_frontline: bool = True,
    joined_on: dt.date | None = None,
    left_on: dt.date | None = KEEP,
    birth_date: dt.date | None = KEEP,
    email: str = KEEP,
    moved_on: dt.date | None = None,
    actor: Any = None,
) -> tuple[Person, bool, bool]:
    """Create or update the person with ``code``. A change of unit closes the open membership
    the day before ``moved_on`` (today by default) and opens a new one. ``left_on``,
    ``birth_date`` and ``email`` keep their stored values when not given."""
    code = code.strip()
    existing = Person.objects.select_for_update().filter(code=code).first()
    values = _resolve(
        {
            "full_name": normalize_name(full_name),
            "gender": gender,
            "staff_type": staff_type,
            "unit": unit,
            "position": position.strip(),
            "is_leader": is_leader,
            "is_frontline": is_frontline,
            "joined_on": joined_on,
            "left_on": left_on,
            "birth_date": birth_date,
            "email": email if email is KEEP else email.strip(),
        },
        existing,
        {"left_on": None, "birth_date": None, "email": ""},
    )
    validate_person_data(
        code=code,
        full_name=full_name,
        gender=gender,
        staff_type=staff_type,
        joined_on=joined_on,
        left_on=values["left_on"],
        birth_date=values["birth_date"],
    )
    if existing is None:
        person = Person.objects.create(
            code=code, search=normalize_search(f"{values['full_name']} {code}"), **values
        )
        Membership.objects.create(
            person=person,
            unit=unit,
            position=person.position,
            start=joined_on or moved_on or timezone.localdate(),
        )
        record_event(
            "org.person.created", person, actor=actor, after=snapshot(person, PERSON_FIELDS)
        )
        return person, True, True
    before = snapshot(existing, PERSON_FIELDS)
    old_unit_id = existing.unit_id
    for field, value in values.items():
        setattr(existing, field, value)
    after = snapshot(existing, PERSON_FIELDS)
    if before == after:
        return existing, False, False
    existing.search = normalize_search(f"{existing.full_name} {code}")
    existing.save(update_fields=[*values.keys(), "search"])
    if old_unit_id != unit.pk:
        day = moved_on or timezone.localdate()
        Membership.objects.filter(person=existing, end__isnull=True).update(
            end=day - dt.timedelta(days=1)
        )
        Membership.objects.create(person=existing, unit=unit, position=existing.position, start=day)
    record_event("org.person.updated", existing, actor=actor, before=before, after=after)
    return existing, False, True


def _check_year(year: int) -> None:
    if not 1945 <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": _("Năm %(year)s không hợp lệ.") % {"year": year}})


def _check_rating(rating: str) -> None:
    errors: dict[str, str] = {}
    _check_choice(errors, "rating", rating, Rating, _("Xếp loại"))
    _raise(errors)


@transaction.atomic
def set_person_rating(
    person: Person, year: int, rating: str, *, actor: Any = None
) -> tuple[PersonRating, bool, bool]:
    _check_year(year)
    _check_rating(rating)
    obj, created = PersonRating.objects.select_for_update().get_or_create(
        person=person, year=year, defaults={"rating": rating}
    )
    if created:
        record_event("org.rating.set", person, actor=actor, after={"year": year, "rating": rating})
        return obj, True, True
    if obj.rating == rating:
        return obj, False, False
    before = {"year": year, "rating": obj.rating}
    obj.rating = rating
    obj.save(update_fields=["rating"])
    record_event(
        "org.rating.changed",
        person,
        actor=actor,
        before=before,
        after={"year": year, "rating": rating},
    )
    return obj, False, True


@transaction.atomic
def set_unit_rating(
    unit: Unit, year: int, rating: str, *, actor: Any = None
) -> tuple[UnitRating, bool, bool]:
    _check_year(year)
    _check_rating(rating)
    obj, created = UnitRating.objects.select_for_update().get_or_create(
        unit=unit, year=year, defaults={"rating": rating}
    )
    if created:
        record_event(
            "org.unit_rating.set", unit, actor=actor, after={"year": year, "rating": rating}
        )
        return obj, True, True
    if obj.rating == rating:
        return obj, False, False
    before = {"year": year, "rating": obj.rating}
    obj.rating = rating
    obj.save(update_fields=["rating"])
    record_event(
        "org.unit_rating.changed",
        unit,
        actor=actor,
        before=before,
        after={"year": year, "rating": rating},
    )
    return obj, False, True


def validate_discipline(
    *,
    status: str,
    level: str | None,
    decided_on: dt.date | None,
    effective_from: dt.date | None,
    effective_to: dt.date | None,
) -> None:
    errors: dict[str, str] = {}
    _check_choice(errors, "status", status, DisciplineStatus, _("Trạng thái kỷ luật"))
    if level is not None:
        _check_choice(errors, "level", level, DisciplineLevel, _("Hình thức kỷ luật"))
    if status == DisciplineStatus.DECIDED:
        if level is None:
            errors["level"] = _("Kỷ luật đã quyết định phải có hình thức kỷ luật.")
        if decided_on is None:
            errors["decided_on"] = _("Kỷ luật đã quyết định phải có ngày quyết định.")
    if effective_from and effective_to and effective_to < effective_from:
        errors["effective_to"] = _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")
    _raise(errors)


@transaction.atomic
def record_discipline(
    person: Person,
    *,
    status: str,
    level: str | None = None,
    decided_on: dt.date | None = None,
    effective_from: dt.date | None = None,
    effective_to: dt.date | None = None,
    decision_number: str = "",
    note: str = "",
    actor: Any = None,
) -> tuple[DisciplineRecord, bool]:
    """Record a discipline case. The same case again (same person, status, level and dates)
    returns the existing record, so imports and API retries do not duplicate it."""
    validate_discipline(
        status=status,
        level=level,
        decided_on=decided_on,
        effective_from=effective_from,
        effective_to=effective_to,
    )
    # Lock the person so two identical submissions at the same moment record one case.
    Person.objects.select_for_update().filter(pk=person.pk).first()
    key = {
        "person": person,
        "status": status,
        "level": level,
        "decided_on": decided_on,
        "effective_from": effective_from,
        "effective_to": effective_to,
    }
    existing = DisciplineRecord.objects.filter(**key).first()
    if existing is not None:
        return existing, False
    record = DisciplineRecord.objects.create(
        **key, decision_number=decision_number.strip(), note=note.strip()
    )
    record_event(
        "org.discipline.recorded", person, actor=actor, after=snapshot(record, DISCIPLINE_FIELDS)
    )
    return record, True


@transaction.atomic
def decide_discipline(
    record: DisciplineRecord,
    *,
    level: str,
    decided_on: dt.date,
    effective_from: dt.date | None,
    effective_to: dt.date | None,
    decision_number: str = "",
    actor: Any = None,
) -> DisciplineRecord:
    """Close a review with a decision (the only allowed move: UNDER_REVIEW -> DECIDED)."""
    if record.status != DisciplineStatus.UNDER_REVIEW:
        raise ValidationError({"status": _("Chỉ vụ việc đang xem xét mới có thể được quyết định.")})
    validate_discipline(
        status=DisciplineStatus.DECIDED,
        level=level,
        decided_on=decided_on,
        effective_from=effective_from,
        effective_to=effective_to,
    )
    before = snapshot(record, DISCIPLINE_FIELDS)
    record.status = DisciplineStatus.DECIDED
    record.level = level
    record.decided_on = decided_on
    record.effective_from = effective_from
    record.effective_to = effective_to
    record.decision_number = decision_number.strip() or record.decision_number
    record.save(update_fields=list(DISCIPLINE_FIELDS))
    record_event(
        "org.discipline.decided",
        record.person,
        actor=actor,
        before=before,
        after=snapshot(record, DISCIPLINE_FIELDS),
    )
    return record


@transaction.atomic
def assign_role(
    user: User,
    role: str,
    unit: Unit,
    *,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    actor: Any = None,
) -> tuple[RoleAssignment, bool]:
    errors: dict[str, str] = {}
    _check_choice(errors, "role", role, Role, _("Vai trò"))
    _raise(errors)
    start = valid_from or dt.date(2000, 1, 1)
    if valid_to is not None and valid_to < start:
        raise ValidationError({"valid_to": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    obj, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, unit=unit, valid_from=start, defaults={"valid_to": valid_to}
    )
    if created:
        record_event(
            "org.role.assigned",
            user,
            actor=actor,
            after={"role": role, "unit": unit.code, "valid_from": start, "valid_to": valid_to},
        )
    return obj, created


@transaction.atomic
def end_role(assignment: RoleAssignment, *, on: dt.date, actor: Any = None) -> RoleAssignment:
    if on < assignment.valid_from:
        raise ValidationError({"valid_to": _("Ngày kết thúc phải sau ngày bắt đầu.")})
    before = {"valid_to": assignment.valid_to}
    assignment.valid_to = on
    assignment.save(update_fields=["valid_to"])
    record_event(
        "org.role.ended", assignment.user, actor=actor, before=before, after={"valid_to": on}
    )
    return assignment


@transaction.atomic
def create_login(person: Person, *, username: str, password: str, actor: Any = None) -> User:
    """Create the login of a person (the password already checked by Django's validators),
    link it to the person and record both."""
    if person.user_id is not None:
        raise ValidationError({"username": _("Cán bộ này đã có tài khoản.")})
    if User.objects.filter(username__iexact=username.strip()).exists():
        raise ValidationError({"username": _("Tên đăng nhập này đã được dùng.")})
    family, _sep, given = person.full_name.rpartition(" ")
    user = User(
        username=username.strip(),
        email=person.email,
        first_name=family[:150],
        last_name=given[:150],
    )
    user.set_password(password)
    user.save()
    record_event(
        "org.user.created",
        user,
        actor=actor,
        after={"username": user.username, "person": person.code},
    )
    link_user(person, user, actor=actor)
    return user


@transaction.atomic
def link_user(person: Person, user: User, *, actor: Any = None) -> Person:
    before = {"user": person.user_id}
    person.user = user
    person.save(update_fields=["user"])
    record_event(
        "org.person.user_linked", person, actor=actor, before=before, after={"user": user.pk}
    )
    return person
