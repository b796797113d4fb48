"""The award register and initiatives: every write goes through these functions, which
validate (Vietnamese ``ValidationError`` per field), write and record the audit event.

One achievement, one award (LEGAL-RULES.md, principle 2): a second ACTIVE award for the same
recipient, code and year raises ``DuplicateAward``. The database's partial unique constraints
back the check, so two concurrent writers cannot both succeed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards.enums import AwardKind, AwardSource, AwardStatus, InitiativeScope, RecipientType
from thidua.awards.models import Award, Initiative, InitiativeUse
from thidua.core.audit import record_event, snapshot
from thidua.core.codes import AWARDS, AwardCode
from thidua.movements.models import Movement
from thidua.org.models import Person, Unit

AWARD_FIELDS = (
    "recipient_type",
    "person",
    "unit",
    "award_code",
    "year",
    "kind",
    "decision_number",
    "decision_date",
    "issuer",
    "movement",
    "achievement",
    "status",
    "source",
)
INITIATIVE_FIELDS = ("title", "unit", "recognized_on", "scope")
FIRST_YEAR = 1945


class DuplicateAward(Exception):  # noqa: N818 (the name the API contract uses)
    """A second active award for the same recipient, code and year (one achievement, one
    award). ``existing`` is the award already in the register when it could be found."""

    def __init__(self, message: str, existing: Award | None = None) -> None:
        self.message = message
        self.existing = existing
        super().__init__(message)


def award_label(code: str) -> str:
    return str(dict(AwardCode.choices).get(code, code))


def award_code_error(recipient: Any, award_code: str) -> str | None:
    """Why ``award_code`` cannot be given to ``recipient`` (an unknown code, or an individual
    title for a unit and the reverse); ``None`` when it can."""
    info = AWARDS.get(award_code)
    if info is None:
        return _(
            "Mã danh hiệu, hình thức khen thưởng “%(code)s” không hợp lệ; chọn một trong: "
            "%(allowed)s."
        ) % {"code": award_code, "allowed": ", ".join(AWARDS)}
    if isinstance(recipient, Person) and not info.for_person:
        return _("“%(award)s” chỉ dành cho tập thể, không tặng cho cá nhân “%(name)s”.") % {
            "award": award_label(award_code),
            "name": recipient.full_name,
        }
    if isinstance(recipient, Unit) and not info.for_unit:
        return _("“%(award)s” chỉ dành cho cá nhân, không tặng cho tập thể “%(name)s”.") % {
            "award": award_label(award_code),
            "name": recipient.name,
        }
    return None


def _duplicate_message(recipient: Person | Unit, award_code: str, year: int) -> str:
    name = recipient.full_name if isinstance(recipient, Person) else recipient.name
    return _(
        "Một thành tích chỉ khen thưởng một lần: “%(name)s” (mã %(code)s) đã có %(award)s "
        "năm %(year)s trong sổ khen thưởng."
    ) % {"name": name, "code": recipient.code, "award": award_label(award_code), "year": year}


def validate_award_data(
    *,
    recipient: Any,
    award_code: str,
    year: int,
    kind: str,
    decision_number: str,
    decision_date: dt.date,
    source: str,
) -> None:
    errors: dict[str, str] = {}
    today = timezone.localdate()
    code_error = award_code_error(recipient, award_code)
    if code_error:
        errors["award_code"] = code_error
    if not isinstance(recipient, Person | Unit):
        errors["recipient"] = _("Đối tượng khen thưởng phải là một cán bộ hoặc một đơn vị.")
    if kind not in AwardKind.values:
        errors["kind"] = _(
            "Loại hình khen thưởng “%(value)s” không hợp lệ; chọn một trong: %(allowed)s."
        ) % {"value": kind, "allowed": ", ".join(AwardKind.values)}
    if source not in AwardSource.values:
        errors["source"] = _("Nguồn “%(value)s” không hợp lệ.") % {"value": source}
    year_ok = isinstance(year, int) and FIRST_YEAR <= year <= today.year
    if not year_ok:
        errors["year"] = _(
            "Năm thành tích %(year)s không hợp lệ: phải từ %(first)s đến %(last)s."
        ) % {
            "year": year,
            "first": FIRST_YEAR,
            "last": today.year,
        }
    if not decision_number.strip():
        errors["decision_number"] = _("Số quyết định khen thưởng không được để trống.")
    if decision_date > today:
        errors["decision_date"] = _("Ngày quyết định không thể ở tương lai.")
    elif year_ok and decision_date < dt.date(year, 1, 1):
        errors["decision_date"] = _(
            "Ngày quyết định %(date)s trước năm thành tích %(year)s: quyết định khen thưởng "
            "thành tích năm %(year)s phải ký từ năm %(year)s trở đi."
        ) % {"date": decision_date.strftime("%d/%m/%Y"), "year": year}
    if errors:
        raise ValidationError(errors)


def _active_duplicate(recipient: Person | Unit, award_code: str, year: int) -> Award | None:
    lookup: dict[str, Any] = (
        {"person": recipient} if isinstance(recipient, Person) else {"unit": recipient}
    )
    return Award.objects.filter(
        **lookup, award_code=award_code, year=year, status=AwardStatus.ACTIVE
    ).first()


@transaction.atomic
def record_award(
    *,
    recipient: Person | Unit,
    award_code: str,
    year: int,
    kind: str,
    decision_number: str,
    decision_date: dt.date,
    issuer: str = "",
    movement: Movement | None = None,
    achievement: str = "",
    based_on: Iterable[Award] = (),
    source: str = AwardSource.MANUAL,
    actor: Any = None,
) -> Award:
    """Write one award in the register. Raises ``ValidationError`` (per field) or
    ``DuplicateAward`` when the recipient already holds an active award of that code and
    year."""
    validate_award_data(
        recipient=recipient,
        award_code=award_code,
        year=year,
        kind=kind,
        decision_number=decision_number,
        decision_date=decision_date,
        source=source,
    )
    bases = list(based_on)
    if any(b.status != AwardStatus.ACTIVE for b in bases):
        raise ValidationError({"based_on": _("Không thể dựa trên một khen thưởng đã bị thu hồi.")})
    existing = _active_duplicate(recipient, award_code, year)
    if existing is not None:
        raise DuplicateAward(_duplicate_message(recipient, award_code, year), existing)
    person = recipient if isinstance(recipient, Person) else None
    unit = recipient if isinstance(recipient, Unit) else None
    is_person = person is not None
    try:
        with transaction.atomic():
            award = Award.objects.create(
                recipient_type=RecipientType.PERSON if is_person else RecipientType.UNIT,
                person=person,
                unit=unit,
                award_code=award_code,
                year=year,
                kind=kind,
                decision_number=decision_number.strip(),
                decision_date=decision_date,
                issuer=issuer.strip(),
                movement=movement,
                achievement=achievement.strip(),
                source=source,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        # A concurrent writer inserted the same active award first (the partial unique
        # constraints refused ours).
        raise DuplicateAward(
            _duplicate_message(recipient, award_code, year),
            _active_duplicate(recipient, award_code, year),
        ) from None
    if bases:
        award.based_on.set(bases)
    after = snapshot(award, AWARD_FIELDS)
    after["based_on"] = sorted(b.pk for b in bases)
    record_event("awards.award.recorded", award, actor=actor, after=after)
    return award


def dependent_awards(award: Award) -> list[Award]:
    """Active awards that relied on ``award``, directly or through other awards (one query per
    level of the chain, not per award)."""
    through = Award.based_on.through
    seen: set[int] = {award.pk}
    frontier = {award.pk}
    found: set[int] = set()
    while frontier:
        ids = set(
            through.objects.filter(to_award_id__in=frontier).values_list("from_award_id", flat=True)
        )
        frontier = ids - seen
        seen |= frontier
        found |= frontier
    return list(
        Award.objects.filter(pk__in=found, status=AwardStatus.ACTIVE)
        .select_related("person", "unit")
        .order_by("year", "award_code", "pk")
    )


@transaction.atomic
def revoke_award(award: Award, *, reason: str, actor: Any = None) -> list[Award]:
    """Revoke (thu hồi) an award: it stays in the register with status REVOKED, who, when and
    why. Returns the active awards that relied on it, to be re-examined."""
    errors: dict[str, str] = {}
    if not (reason or "").strip():
        errors["reason"] = _("Cần ghi lý do thu hồi khen thưởng.")
    locked = Award.objects.select_for_update().get(pk=award.pk)
    if locked.status == AwardStatus.REVOKED:
        errors["status"] = _("Khen thưởng này đã bị thu hồi ngày %(date)s.") % {
            "date": timezone.localtime(locked.revoked_at).strftime("%d/%m/%Y")
            if locked.revoked_at
            else ""
        }
    if errors:
        raise ValidationError(errors)
    before = snapshot(locked, ("status",))
    locked.status = AwardStatus.REVOKED
    locked.revoked_at = timezone.now()
    locked.revoked_reason = reason.strip()
    locked.revoked_by = actor if getattr(actor, "is_authenticated", False) else None
    locked.save(update_fields=["status", "revoked_at", "revoked_reason", "revoked_by"])
    for field in ("status", "revoked_at", "revoked_reason", "revoked_by"):
        setattr(award, field, getattr(locked, field))
    dependents = dependent_awards(locked)
    record_event(
        "awards.award.revoked",
        locked,
        actor=actor,
        before=before,
        after={
            "status": locked.status,
            "reason": locked.revoked_reason,
            "dependents": [d.pk for d in dependents],
        },
    )
    return dependents


# Initiatives ---------------------------------------------------------------------------------


def validate_initiative_data(
    *,
    code: str,
    title: str,
    authors: list[Person],
    recognized_on: dt.date,
    scope: str,
) -> None:
    errors: dict[str, str] = {}
    if not code.strip():
        errors["code"] = _("Mã sáng kiến không được để trống.")
    if not title.strip():
        errors["title"] = _("Tên sáng kiến không được để trống.")
    if not authors:
        errors["authors"] = _("Sáng kiến phải có ít nhất một tác giả.")
    if recognized_on > timezone.localdate():
        errors["recognized_on"] = _("Ngày công nhận sáng kiến không thể ở tương lai.")
    if scope not in InitiativeScope.values:
        errors["scope"] = _(
            "Phạm vi ảnh hưởng “%(value)s” không hợp lệ; chọn một trong: %(allowed)s."
        ) % {"value": scope, "allowed": ", ".join(InitiativeScope.values)}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def upsert_initiative(
    code: str,
    *,
    title: str,
    authors: Iterable[Person],
    unit: Unit,
    recognized_on: dt.date,
    scope: str,
    actor: Any = None,
) -> tuple[Initiative, bool, bool]:
    """Create or update the initiative with ``code``. Returns (initiative, created, changed);
    the same data twice changes nothing and records nothing."""
    code = code.strip()
    author_list = list({p.pk: p for p in authors}.values())
    validate_initiative_data(
        code=code, title=title, authors=author_list, recognized_on=recognized_on, scope=scope
    )
    values = {"title": title.strip(), "unit": unit, "recognized_on": recognized_on, "scope": scope}
    author_ids = sorted(p.pk for p in author_list)
    existing = Initiative.objects.select_for_update().filter(code=code).first()
    if existing is None:
        obj = Initiative.objects.create(code=code, **values)
        obj.authors.set(author_list)
        after = snapshot(obj, INITIATIVE_FIELDS) | {"authors": author_ids}
        record_event("awards.initiative.created", obj, actor=actor, after=after)
        return obj, True, True
    before = snapshot(existing, INITIATIVE_FIELDS) | {
        "authors": sorted(existing.authors.values_list("pk", flat=True))
    }
    for field, value in values.items():
        setattr(existing, field, value)
    after = snapshot(existing, INITIATIVE_FIELDS) | {"authors": author_ids}
    if before == after:
        return existing, False, False
    existing.save(update_fields=list(values))
    if before["authors"] != author_ids:
        existing.authors.set(author_list)
    record_event("awards.initiative.updated", existing, actor=actor, before=before, after=after)
    return existing, False, True


record_initiative = upsert_initiative


@transaction.atomic
def mark_initiative_used(
    initiative: Initiative,
    *,
    person: Person,
    award_code: str,
    year: int,
    award: Award | None = None,
    actor: Any = None,
) -> InitiativeUse:
    """Record that ``initiative`` served as the basis of ``award_code`` for ``person``: it is
    not used again for the same title (LEGAL-RULES.md, initiatives)."""
    errors: dict[str, str] = {}
    if award_code not in AWARDS:
        errors["award_code"] = _("Mã danh hiệu, hình thức khen thưởng “%(code)s” không hợp lệ.") % {
            "code": award_code
        }
    if not initiative.authors.filter(pk=person.pk).exists():
        errors["person"] = _("“%(name)s” không phải tác giả của sáng kiến “%(title)s”.") % {
            "name": person.full_name,
            "title": initiative.title,
        }
    if award is not None and (award.person_id != person.pk or award.award_code != award_code):
        errors["award"] = _("Khen thưởng không khớp với cán bộ và danh hiệu đã chọn.")
    if errors:
        raise ValidationError(errors)
    used = InitiativeUse.objects.filter(
        initiative=initiative, person=person, award_code=award_code
    ).first()
    if used is not None:
        raise ValidationError(
            {
                "initiative": _(
                    "Sáng kiến “%(title)s” đã được dùng làm căn cứ cho %(award)s năm %(year)s của "
                    "“%(name)s”; không dùng lại cho cùng danh hiệu."
                )
                % {
                    "title": initiative.title,
                    "award": award_label(award_code),
                    "year": used.year,
                    "name": person.full_name,
                }
            }
        )
    use = InitiativeUse.objects.create(
        initiative=initiative, person=person, award_code=award_code, year=year, award=award
    )
    record_event(
        "awards.initiative.used",
        initiative,
        actor=actor,
        after={"person": person.pk, "award_code": award_code, "year": year, "award": award},
    )
    return use
