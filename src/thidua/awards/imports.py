"""Excel import of past awards (the register) and of initiatives, through the import pipeline of
``thidua.org.imports`` (job, reading, "one bad row: nothing written", progress, background
task): this module registers the two formats of ``import_formats`` with their planners.

A planner checks every row set-based, with a handful of queries whatever the size of the file
(recipients, movements and the awards already in the register for those recipients and years;
units, authors and initiatives by code), then plain Python over dicts:

* awards: the recipient exists, lies in the importer's editable subtrees and bears the name
  written; the title fits the recipient type; the checks of ``register.validate_award_data``
  (year not in the future, decision not dated before the year); a revoked row has a reason.
  One achievement, one award: the same recipient, code and year as an active award of another
  row or of the register is an error naming the row or the decision. A row equal to an award
  of the register (same recipient, code, year and decision) is "unchanged"; awards are never
  updated by an import (revoking goes through ``register.revoke_award``).
* initiatives: upsert by code (the unit and the existing initiative editable by the importer,
  every author known); changed rows are updated, with before and after in the audit trail.

Writing (only when no row failed, in the pipeline's transaction): bulk_create in batches
(source IMPORT), the author links in bulk, and one audit event per record inserted together.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.awards.enums import AwardSource, AwardStatus, RecipientType
from thidua.awards.import_formats import AWARD_FORMAT, INITIATIVE_FORMAT
from thidua.awards.models import Award, Initiative
from thidua.awards.register import (
    AWARD_FIELDS,
    INITIATIVE_FIELDS,
    award_label,
    validate_award_data,
    validate_initiative_data,
)
from thidua.core.models import ImportJob
from thidua.core.text import normalize_name
from thidua.movements.models import Movement
from thidua.org.import_formats import Row, Sheet
from thidua.org.import_plans import (
    BATCH,
    Context,
    Events,
    Plan,
    bulk_update_changed,
    changed_fields,
    chunks,
    rows_by,
)
from thidua.org.imports import register_format
from thidua.org.models import Person, Unit

_AWARD = gettext_lazy("Khen thưởng “%(award)s” năm %(year)s của “%(code)s”")
_INITIATIVE_CODE = gettext_lazy("Mã sáng kiến “%(code)s”")
_INITIATIVE = gettext_lazy("Sáng kiến “%(code)s”")
_COMPARED = (
    "kind",
    "decision_number",
    "decision_date",
    "issuer",
    "movement_id",
    "achievement",
    "status",
    "revoked_reason",
)
# validate_award_data's fields -> the columns that carry them
_AWARD_COLUMNS = {
    "award_code": "award_code",
    "recipient": "recipient",
    "kind": "kind",
    "source": "award_code",
    "year": "year",
    "decision_number": "decision_number",
    "decision_date": "decision_date",
}
_INITIATIVE_COLUMNS = {
    name: name for name in ("code", "title", "authors", "recognized_on", "scope")
}


def _fill_defaults(sheet: Sheet) -> list[Row]:
    """The rows, with every optional column the file left out read as an empty cell."""
    for row in sheet.rows:
        for column in sheet.format.columns:
            row.values.setdefault(column.key, column.empty)
    return sheet.rows


def _same_name(written: str, actual: str) -> bool:
    return normalize_name(written).casefold() == normalize_name(actual).casefold()


def _date(value: Any) -> str:
    return value.strftime("%d/%m/%Y")


# --- Awards --------------------------------------------------------------------------------


@dataclass
class AwardsPlan(Plan):
    new: list[tuple[Award, str]] = field(default_factory=list)  # (award, label for the audit)

    @property
    def created(self) -> int:
        return len(self.new)

    def apply(self, actor: Any) -> None:
        user = actor if getattr(actor, "is_authenticated", False) else None
        awards = [award for award, _label in self.new]
        for award in awards:
            award.created_by = user
        Award.objects.bulk_create(awards, batch_size=BATCH)
        events = Events(actor)
        for award, label in self.new:
            after = events.snapshot(award, AWARD_FIELDS) | {"based_on": []}
            if award.status == AwardStatus.REVOKED:
                after["revoked_reason"] = award.revoked_reason
            events.add("awards.award.recorded", Award, award.pk, label, after=after)
        events.save()


@dataclass
class _Register:
    """What the file's rows are checked against, read with a handful of queries."""

    people: dict[str, dict[str, Any]]
    units: dict[str, dict[str, Any]]
    movements: dict[str, dict[str, Any]]
    # (recipient type, recipient id, award code, year) -> awards already in the register
    awards: dict[tuple[str, int, str, int], list[dict[str, Any]]]

    @classmethod
    def read(cls, rows: list[Row]) -> _Register:
        codes: dict[str, set[str]] = {RecipientType.PERSON: set(), RecipientType.UNIT: set()}
        for row in rows:
            if row.values["recipient_type"] in codes:
                codes[row.values["recipient_type"]].add(row.values["recipient"])
        people = rows_by(
            Person.objects, "code", codes[RecipientType.PERSON], ("id", "full_name", "unit__path")
        )
        units = rows_by(Unit.objects, "code", codes[RecipientType.UNIT], ("id", "name", "path"))
        movements = rows_by(Movement.objects, "code", (r.values["movement"] for r in rows), ("id",))
        years = sorted({r.values["year"] for r in rows if r.values["year"]})
        awards: dict[tuple[str, int, str, int], list[dict[str, Any]]] = defaultdict(list)
        for rtype, fk, found in (
            (RecipientType.PERSON, "person_id", people),
            (RecipientType.UNIT, "unit_id", units),
        ):
            for chunk in chunks([r["id"] for r in found.values()]):
                for award in Award.objects.filter(**{f"{fk}__in": chunk}, year__in=years).values(
                    fk, "award_code", "year", *_COMPARED
                ):
                    awards[(rtype, award[fk], award["award_code"], award["year"])].append(award)
        return cls(people, units, movements, awards)


def _recipient(row: Row, ctx: Context, known: _Register) -> Person | Unit | None:
    """The row's recipient (an unsaved instance with its id, code and name), after the
    existence, scope and name checks; None after an error."""
    v = row.values
    code = v["recipient"]
    is_person = v["recipient_type"] == RecipientType.PERSON
    found = (known.people if is_person else known.units).get(code)
    if found is None:
        message = (
            _("Không tìm thấy cán bộ có mã “%(code)s”.")
            if is_person
            else _("Không tìm thấy đơn vị có mã “%(code)s”.")
        )
        ctx.error(row, "recipient", message % {"code": code})
        return None
    if not ctx.editable(found["unit__path"] if is_person else found["path"]):
        what = _("Cán bộ “%(code)s”") if is_person else _("Đơn vị “%(code)s”")
        ctx.out_of_scope(row, "recipient", what % {"code": code})
        return None
    name = found["full_name"] if is_person else found["name"]
    if v["name"] and not _same_name(v["name"], name):
        ctx.error(
            row,
            "name",
            _("Tên “%(written)s” không khớp với mã “%(code)s”: trong hệ thống là “%(name)s”.")
            % {"written": v["name"], "code": code, "name": name},
        )
        return None
    if is_person:
        return Person(pk=found["id"], code=code, full_name=name)
    return Unit(pk=found["id"], code=code, name=name)


def _status_ok(row: Row, ctx: Context) -> bool:
    v = row.values
    if v["status"] == AwardStatus.REVOKED and not v["revoked_reason"].strip():
        ctx.error(row, "revoked_reason", _("Khen thưởng đã thu hồi phải ghi lý do thu hồi."))
        return False
    if v["status"] == AwardStatus.ACTIVE and v["revoked_reason"].strip():
        ctx.error(
            row,
            "revoked_reason",
            _("Chỉ ghi lý do thu hồi khi trạng thái là “Đã thu hồi”."),
        )
        return False
    return True


def _in_register(row: Row, ctx: Context, values: dict[str, Any], held: list[dict[str, Any]]) -> str:
    """ "unchanged" (the award is in the register as written), "new", or "error"."""
    if any(all(award[k] == values[k] for k in _COMPARED) for award in held):
        return "unchanged"
    number, date = values["decision_number"], values["decision_date"]
    same = [a for a in held if a["decision_number"] == number and a["decision_date"] == date]
    if same:
        ctx.error(
            row,
            "decision_number",
            _(
                "Khen thưởng này đã có trong sổ theo QĐ số %(number)s ngày %(date)s nhưng khác "
                "nội dung; sửa hoặc thu hồi trong sổ khen thưởng, không nhập lại."
            )
            % {"number": number, "date": _date(date)},
        )
        return "error"
    active = [a for a in held if a["status"] == AwardStatus.ACTIVE]
    if values["status"] == AwardStatus.ACTIVE and active:
        ctx.error(
            row,
            "award_code",
            _(
                "Một thành tích chỉ khen thưởng một lần: %(what)s đã có trong sổ: QĐ số "
                "%(number)s ngày %(date)s."
            )
            % {
                "what": str(_AWARD)
                % {
                    "award": award_label(row.values["award_code"]),
                    "year": row.values["year"],
                    "code": row.values["recipient"],
                },
                "number": active[0]["decision_number"],
                "date": _date(active[0]["decision_date"]),
            },
        )
        return "error"
    return "new"


def plan_awards(sheet: Sheet, ctx: Context) -> AwardsPlan:
    rows = _fill_defaults(sheet)
    known = _Register.read(rows)
    plan = AwardsPlan()
    seen: dict[tuple[Any, ...], int] = {}
    for row in rows:
        v = row.values
        key = (v["recipient_type"], v["recipient"], v["award_code"], v["year"])
        if (
            all(key)
            and v["status"] == AwardStatus.ACTIVE
            and not ctx.first(
                seen,
                key,
                row,
                "award_code",
                _AWARD,
                award=award_label(v["award_code"]),
                year=v["year"],
                code=v["recipient"],
            )
        ):
            continue
        if not row.ok:
            continue
        recipient = _recipient(row, ctx, known)
        if recipient is None or not _status_ok(row, ctx):
            continue
        movement = known.movements.get(v["movement"]) if v["movement"] else None
        if v["movement"] and movement is None:
            ctx.error(
                row,
                "movement",
                _("Không tìm thấy phong trào có mã “%(code)s”.") % {"code": v["movement"]},
            )
            continue
        if not ctx.validate(
            row,
            validate_award_data,
            _AWARD_COLUMNS,
            recipient=recipient,
            award_code=v["award_code"],
            year=v["year"],
            kind=v["kind"],
            decision_number=v["decision_number"],
            decision_date=v["decision_date"],
            source=AwardSource.IMPORT,
        ):
            continue
        values = {
            "kind": v["kind"],
            "decision_number": v["decision_number"],
            "decision_date": v["decision_date"],
            "issuer": v["issuer"],
            "movement_id": movement["id"] if movement else None,
            "achievement": v["achievement"],
            "status": v["status"],
            "revoked_reason": v["revoked_reason"].strip(),
        }
        held = known.awards.get((v["recipient_type"], recipient.pk, v["award_code"], v["year"]))
        outcome = _in_register(row, ctx, values, held or [])
        if outcome == "unchanged":
            plan.unchanged += 1
        elif outcome == "new":
            is_person = isinstance(recipient, Person)
            award = Award(
                recipient_type=v["recipient_type"],
                person_id=recipient.pk if is_person else None,
                unit_id=None if is_person else recipient.pk,
                award_code=v["award_code"],
                year=v["year"],
                source=AwardSource.IMPORT,
                **values,
            )
            name = recipient.full_name if isinstance(recipient, Person) else recipient.name
            label = f"{award_label(v['award_code'])} {v['year']} — {name}"
            plan.new.append((award, label))
    return plan


# --- Initiatives ---------------------------------------------------------------------------


@dataclass
class _InitiativeEntry:
    initiative: Initiative  # with the values of the file (pk set when it exists)
    authors: list[int]  # person ids, sorted
    before: dict[str, Any] | None  # INITIATIVE_FIELDS and authors, as the audit writes them


@dataclass
class InitiativesPlan(Plan):
    new: list[_InitiativeEntry] = field(default_factory=list)
    changed: list[_InitiativeEntry] = field(default_factory=list)

    @property
    def created(self) -> int:
        return len(self.new)

    @property
    def updated(self) -> int:
        return len(self.changed)

    def apply(self, actor: Any) -> None:
        Initiative.objects.bulk_create([e.initiative for e in self.new], batch_size=BATCH)
        changes = []
        for entry in self.changed:
            before = entry.before or {}
            values = {k: before[k] for k in INITIATIVE_FIELDS}
            if fields := changed_fields(values, self._values(entry)):
                changes.append((entry.initiative, fields))
        bulk_update_changed(Initiative, changes)
        relinked = [e for e in self.changed if (e.before or {}).get("authors") != e.authors]
        through = Initiative.authors.through
        for chunk in chunks([e.initiative.pk for e in relinked]):
            through.objects.filter(initiative_id__in=chunk).delete()
        through.objects.bulk_create(
            [
                through(initiative_id=e.initiative.pk, person_id=person_id)
                for e in [*self.new, *relinked]
                for person_id in e.authors
            ],
            batch_size=BATCH,
        )
        events = Events(actor)
        for entry in self.new:
            events.add(
                "awards.initiative.created",
                Initiative,
                entry.initiative.pk,
                entry.initiative.title,
                after=self._audit(events, entry),
            )
        for entry in self.changed:
            events.add(
                "awards.initiative.updated",
                Initiative,
                entry.initiative.pk,
                entry.initiative.title,
                before=entry.before,
                after=self._audit(events, entry),
            )
        events.save()

    @staticmethod
    def _values(entry: _InitiativeEntry) -> dict[str, Any]:
        i = entry.initiative
        return {
            "title": i.title,
            "unit": i.unit_id,
            "recognized_on": i.recognized_on,
            "scope": i.scope,
        }

    @staticmethod
    def _audit(events: Events, entry: _InitiativeEntry) -> dict[str, Any]:
        return events.snapshot(entry.initiative, INITIATIVE_FIELDS) | {"authors": entry.authors}


def plan_initiatives(sheet: Sheet, ctx: Context) -> InitiativesPlan:
    rows = _fill_defaults(sheet)
    units = rows_by(Unit.objects, "code", (r.values["unit"] for r in rows), ("id", "path"))
    people = rows_by(
        Person.objects, "code", (c for r in rows for c in r.values["authors"]), ("id",)
    )
    existing = rows_by(
        Initiative.objects,
        "code",
        (r.values["code"] for r in rows),
        ("id", *INITIATIVE_FIELDS, "unit__path"),
    )
    current: dict[int, list[int]] = defaultdict(list)
    through = Initiative.authors.through
    for chunk in chunks([i["id"] for i in existing.values()]):
        for initiative_id, person_id in through.objects.filter(initiative_id__in=chunk).values_list(
            "initiative_id", "person_id"
        ):
            current[initiative_id].append(person_id)
    plan = InitiativesPlan()
    for row in ctx.unique_rows(rows, "code", _INITIATIVE_CODE):
        v = row.values
        code = v["code"]
        old = existing.get(code)
        unit = ctx.unit_of(row, units, old, _INITIATIVE)
        if unit is None:
            continue
        missing = [c for c in v["authors"] if c not in people]
        if missing:
            ctx.error(
                row,
                "authors",
                _("Không tìm thấy cán bộ có mã %(codes)s.")
                % {"codes": ", ".join(f"“{c}”" for c in missing)},
            )
            continue
        authors = sorted(people[c]["id"] for c in v["authors"])
        if not ctx.validate(
            row,
            validate_initiative_data,
            _INITIATIVE_COLUMNS,
            code=code,
            title=v["title"],
            authors=authors,
            recognized_on=v["recognized_on"],
            scope=v["scope"],
        ):
            continue
        initiative = Initiative(
            code=code,
            title=v["title"].strip(),
            unit_id=unit["id"],
            recognized_on=v["recognized_on"],
            scope=v["scope"],
        )
        if old is None:
            plan.new.append(_InitiativeEntry(initiative, authors, None))
            continue
        initiative.pk = old["id"]
        before = {k: old[k] for k in INITIATIVE_FIELDS} | {
            "authors": sorted(current.get(old["id"], []))
        }
        after = InitiativesPlan._values(_InitiativeEntry(initiative, authors, None))
        if before == after | {"authors": authors}:
            plan.unchanged += 1
            continue
        plan.changed.append(_InitiativeEntry(initiative, authors, before))
    return plan


register_format(AWARD_FORMAT, plan_awards)
register_format(INITIATIVE_FORMAT, plan_initiatives)


def visible_import_jobs(user: Any) -> QuerySet[ImportJob]:
    """Import jobs a user may follow: their own (every job for a superuser)."""
    if not getattr(user, "is_authenticated", False):
        return ImportJob.objects.none()
    if user.is_superuser:
        return ImportJob.objects.all()
    return ImportJob.objects.filter(created_by_id=user.pk)
