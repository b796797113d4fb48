"""Importing yearly ratings (of people and of units) and discipline records: flat records
keyed by the owner's code, checked and written set-based like people (see ``import_plans``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.org.import_formats import Sheet
from thidua.org.import_plans import (
    BATCH,
    FK,
    Context,
    Events,
    Plan,
    bulk_update_changed,
    chunks,
    insert_rows,
    rows_by,
)
from thidua.org.models import DisciplineRecord, Person, PersonRating, Unit, UnitRating
from thidua.org.services import DISCIPLINE_FIELDS, validate_discipline

_RATING = gettext_lazy("Xếp loại năm %(year)s của “%(code)s”")
_CASE = gettext_lazy("Vụ việc kỷ luật này của “%(code)s”")

# --- Ratings (person and unit) -------------------------------------------------------------


@dataclass(frozen=True)
class _RatingKind:
    model: Any  # PersonRating or UnitRating
    owner_model: Any  # Person or Unit
    owner: str  # "person" or "unit": column key and foreign key name
    path: str  # the owner's unit path, for the scope check
    label_fields: tuple[str, ...]
    set_action: str
    changed_action: str

    def label(self, owner: dict[str, Any]) -> str:
        if self.owner == "person":
            return f"{owner['full_name']} ({owner['code']})"
        return str(owner["name"])


_PERSON_RATING = _RatingKind(
    PersonRating,
    Person,
    "person",
    "unit__path",
    ("full_name",),
    "org.rating.set",
    "org.rating.changed",
)
_UNIT_RATING = _RatingKind(
    UnitRating, Unit, "unit", "path", ("name",), "org.unit_rating.set", "org.unit_rating.changed"
)


@dataclass
class RatingsPlan(Plan):
    kind: _RatingKind = _PERSON_RATING
    new: list[tuple[dict[str, Any], int, str]] = field(default_factory=list)
    changed: list[tuple[dict[str, Any], int, int, str, str]] = field(default_factory=list)

    @property
    def created(self) -> int:
        return len(self.new)

    @property
    def updated(self) -> int:
        return len(self.changed)

    def apply(self, actor: Any) -> None:
        k = self.kind
        fk = FK[k.owner]
        insert_rows(
            k.model, [k.model(**{fk: o["id"], "year": y, "rating": r}) for o, y, r in self.new]
        )
        bulk_update_changed(
            k.model,
            ((k.model(pk=pk, rating=new), ("rating",)) for _o, _y, pk, _old, new in self.changed),
        )
        events = Events(actor)
        for o, y, r in self.new:
            events.add(
                k.set_action, k.owner_model, o["id"], k.label(o), after={"year": y, "rating": r}
            )
        for o, y, _pk, old, new in self.changed:
            events.add(
                k.changed_action,
                k.owner_model,
                o["id"],
                k.label(o),
                before={"year": y, "rating": old},
                after={"year": y, "rating": new},
            )
        events.save()


def _plan_ratings(sheet: Sheet, ctx: Context, kind: _RatingKind) -> RatingsPlan:
    owners = rows_by(
        kind.owner_model.objects,
        "code",
        (r.values[kind.owner] for r in sheet.rows),
        ("id", kind.path, *kind.label_fields),
    )
    years = sorted({r.values["year"] for r in sheet.rows if r.values["year"]})
    current: dict[tuple[int, int], tuple[int, str]] = {}
    for chunk in chunks([o["id"] for o in owners.values()]):
        rows = kind.model.objects.filter(
            **{f"{FK[kind.owner]}__in": chunk, "year__in": years}
        ).values_list(FK[kind.owner], "year", "pk", "rating")
        for owner_id, year, pk, rating in rows:
            current[(owner_id, year)] = (pk, rating)
    plan = RatingsPlan(kind=kind)
    seen: dict[tuple[str, int], int] = {}
    for row in sheet.rows:
        code, year, rating = row.values[kind.owner], row.values["year"], row.values["rating"]
        if not row.ok or not ctx.first(
            seen, (code, year), row, "year", _RATING, year=year, code=code
        ):
            continue
        owner = owners.get(code)
        if owner is None:
            message = (
                _("Không tìm thấy cán bộ có mã “%(code)s”.")
                if kind.owner == "person"
                else _("Không tìm thấy đơn vị có mã “%(code)s”.")
            )
            ctx.error(row, kind.owner, message % {"code": code})
            continue
        if not ctx.editable(owner[kind.path]):
            what = _("Cán bộ “%(code)s”") if kind.owner == "person" else _("Đơn vị “%(code)s”")
            ctx.out_of_scope(row, kind.owner, what % {"code": code})
            continue
        existing = current.get((owner["id"], year))
        if existing is None:
            plan.new.append((owner, year, rating))
        elif existing[1] == rating:
            plan.unchanged += 1
        else:
            plan.changed.append((owner, year, existing[0], existing[1], rating))
    return plan


def plan_person_ratings(sheet: Sheet, ctx: Context) -> RatingsPlan:
    return _plan_ratings(sheet, ctx, _PERSON_RATING)


def plan_unit_ratings(sheet: Sheet, ctx: Context) -> RatingsPlan:
    return _plan_ratings(sheet, ctx, _UNIT_RATING)


# --- Discipline ----------------------------------------------------------------------------

_DISCIPLINE_KEY = ("status", "level", "decided_on", "effective_from", "effective_to")


@dataclass
class DisciplinePlan(Plan):
    """A discipline case is identified, as in ``services.record_discipline``, by the person,
    status, level and dates: a case already recorded is unchanged (never updated)."""

    new: list[tuple[DisciplineRecord, str]] = field(default_factory=list)

    @property
    def created(self) -> int:
        return len(self.new)

    def apply(self, actor: Any) -> None:
        DisciplineRecord.objects.bulk_create([r for r, _label in self.new], batch_size=BATCH)
        events = Events(actor)
        for record, label in self.new:
            events.add(
                "org.discipline.recorded",
                Person,
                record.person_id,
                label,
                after=events.snapshot(record, DISCIPLINE_FIELDS),
            )
        events.save()


def plan_discipline(sheet: Sheet, ctx: Context) -> DisciplinePlan:
    people = rows_by(
        Person.objects,
        "code",
        (r.values["person"] for r in sheet.rows),
        ("id", "full_name", "unit__path"),
    )
    current: set[tuple[Any, ...]] = set()
    for chunk in chunks([p["id"] for p in people.values()]):
        current.update(
            DisciplineRecord.objects.filter(person_id__in=chunk).values_list(
                "person_id", *_DISCIPLINE_KEY
            )
        )
    plan = DisciplinePlan()
    seen: dict[tuple[Any, ...], int] = {}
    columns = {name: name for name in ("status", "level", "decided_on", "effective_to")}
    for row in sheet.rows:
        v = row.values
        code = v["person"]
        person = people.get(code)
        key = (person["id"] if person else code, *(v.get(name) for name in _DISCIPLINE_KEY))
        if not row.ok or not ctx.first(seen, key, row, "person", _CASE, code=code):
            continue
        if person is None:
            ctx.error(row, "person", _("Không tìm thấy cán bộ có mã “%(code)s”.") % {"code": code})
            continue
        if not ctx.editable(person["unit__path"]):
            ctx.out_of_scope(row, "person", _("Cán bộ “%(code)s”") % {"code": code})
            continue
        data = {name: v.get(name) for name in _DISCIPLINE_KEY}
        if not ctx.validate(row, validate_discipline, columns, **data):
            continue
        if key in current:
            plan.unchanged += 1
            continue
        record = DisciplineRecord(
            person_id=person["id"],
            decision_number=v.get("decision_number") or "",
            note=(v.get("note") or "").strip(),
            **data,
        )
        plan.new.append((record, f"{person['full_name']} ({code})"))
    return plan
