"""Importing units: the tree needs more care than flat records.

A unit may name as its parent a unit defined earlier or later in the same file, an existing
unit, or nobody (a top-level unit). The future tree is checked as a whole before anything is
written: unknown parents, cycles (also cycles through existing units that are not in the file)
and the importing user's scope.

Writing: new units are inserted with one bulk_create (ids are needed for the materialized
paths), then new and moved units are placed parents-first: a new unit gets its path in memory
(one bulk_update at the end); a moved existing unit is re-rooted with ``services._move_subtree``
(one update of its whole subtree: moves are rare, so one query per moved unit is accepted).
Changed fields of existing units are written with bulk_update (only the fields that change).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.text import normalize_search
from thidua.org.import_formats import Row, Sheet
from thidua.org.import_plans import (
    BATCH,
    FK,
    Context,
    Events,
    Plan,
    bulk_update_changed,
    changed_fields,
    model_kwargs,
    rows_by,
)
from thidua.org.models import Place, Unit
from thidua.org.services import UNIT_FIELDS, _move_subtree, unit_path, validate_unit_data

_DEFAULT_START = dt.date(2000, 1, 1)
_UNIT_CODE = gettext_lazy("Mã đơn vị “%(code)s”")
_VALUE_FIELDS = ("name", "short_name", "kind", "place", "valid_from", "valid_to")
_BAD = object()  # a cell that failed a check


@dataclass
class _Entry:
    row: Row
    code: str
    values: dict[str, Any]  # UNIT_FIELDS except parent
    old: dict[str, Any] | None  # the unit in the database
    parent: str | None  # code of the parent in the future tree
    moves: bool  # an existing unit that gets another parent

    @property
    def placed(self) -> bool:
        """New and moved units need a path computed from their parent's."""
        return self.old is None or self.moves


def _values_of(unit: Unit) -> dict[str, Any]:
    return {name: getattr(unit, FK.get(name, name)) for name in UNIT_FIELDS}


def _ancestor_ids(path: str) -> list[int]:
    """Ids of the units on a materialized path, root first (the unit itself last)."""
    return [int(segment, 36) for segment in path.rstrip(".").split(".") if segment]


@dataclass
class UnitsPlan(Plan):
    known: dict[str, dict[str, Any]] = field(default_factory=dict)  # existing units by code
    new: list[_Entry] = field(default_factory=list)
    changed: list[tuple[_Entry, dict[str, Any]]] = field(default_factory=list)
    rank: dict[str, int] = field(default_factory=dict)  # depth in the future tree

    @property
    def created(self) -> int:
        return len(self.new)

    @property
    def updated(self) -> int:
        return len(self.changed)

    def apply(self, actor: Any) -> None:
        ids = {code: unit["id"] for code, unit in self.known.items()}
        paths = {code: unit["path"] for code, unit in self.known.items()}
        created = {
            e.code: Unit(
                code=e.code,
                search=normalize_search(f"{e.code} {e.values['name']}"),
                **model_kwargs(e.values),
            )
            for e in self.new
        }
        Unit.objects.bulk_create(created.values(), batch_size=BATCH)
        ids.update({code: unit.pk for code, unit in created.items()})
        moving = [e for e, _before in self.changed if e.moves]
        for entry in sorted([*self.new, *moving], key=lambda e: self.rank[e.code]):
            parent_path = paths[entry.parent] if entry.parent else ""
            parent_id = ids[entry.parent] if entry.parent else None
            if entry.old is None:
                unit = created[entry.code]
                unit.parent_id = parent_id
                unit.path = unit_path(parent_path, unit.pk)
                unit.depth = unit.path.count(".") - 1
                paths[entry.code] = unit.path
                continue
            old_path = paths[entry.code]
            moved = Unit(pk=entry.old["id"], path=old_path)
            _move_subtree(moved, Unit(pk=parent_id, path=parent_path) if parent_id else None)
            for code, path in paths.items():
                if path.startswith(old_path):
                    paths[code] = moved.path + path[len(old_path) :]
        Unit.objects.bulk_update(created.values(), ["parent", "path", "depth"], batch_size=BATCH)
        updated = []
        for entry, before in self.changed:
            parent_id = (
                (ids[entry.parent] if entry.parent else None) if entry.moves else (before["parent"])
            )
            updated.append(
                Unit(
                    pk=(entry.old or {})["id"],
                    code=entry.code,
                    parent_id=parent_id,
                    search=normalize_search(f"{entry.code} {entry.values['name']}"),
                    **model_kwargs(entry.values),
                )
            )
        bulk_update_changed(
            Unit,
            (
                (unit, (*fields, "search") if "name" in fields else fields)
                for unit, (_entry, before) in zip(updated, self.changed, strict=True)
                if (fields := changed_fields(before, _values_of(unit)))
            ),
        )
        events = Events(actor)
        for u in created.values():
            events.add(
                "org.unit.created", Unit, u.pk, str(u), after=events.snapshot(u, UNIT_FIELDS)
            )
        for u, (_entry, before) in zip(updated, self.changed, strict=True):
            events.add(
                "org.unit.updated",
                Unit,
                u.pk,
                str(u),
                before=before,
                after=events.snapshot(u, UNIT_FIELDS),
            )
        events.save()


@dataclass
class _Checks:
    """Checks of one unit row on its own (the tree as a whole is checked afterwards)."""

    sheet: Sheet
    ctx: Context
    known: dict[str, dict[str, Any]]  # existing units named by the file, by code
    places: dict[str, dict[str, Any]]
    file_codes: set[str]

    def entry(self, row: Row) -> _Entry | None:
        code = row.values["code"]
        old = self.known.get(code)
        if old is not None and not self.ctx.editable(old["path"]):
            self.ctx.out_of_scope(row, "code", _("Đơn vị “%(code)s”") % {"code": code})
            return None
        parent = self.parent(row, old)
        place = self.place(row, old)
        if parent is None or place is _BAD:
            return None
        values = self.values(row, old, place)
        if not self.ctx.validate(
            row,
            validate_unit_data,
            {"code": "code", "name": "name", "kind": "kind", "valid_to": "valid_to"},
            code=code,
            name=values["name"],
            kind=values["kind"],
            parent=None,
            valid_from=values["valid_from"],
            valid_to=values["valid_to"],
        ):
            return None
        return _Entry(row, code, values, old, parent[0], parent[1])

    def parent(self, row: Row, old: dict[str, Any] | None) -> tuple[str | None, bool] | None:
        """(code of the future parent, whether an existing unit moves), or None on error."""
        v, known = row.values, self.known
        if "parent" not in self.sheet.present and old is not None:
            return (old["parent__code"], False)  # no parent column: kept
        parent = v.get("parent") or None  # new unit without a parent column: top level
        if parent == v["code"]:
            self.ctx.error(row, "parent", _("Đơn vị không thể là cấp trên của chính nó."))
            return None
        if parent is not None and parent not in self.file_codes and parent not in known:
            message = _(
                "Không tìm thấy đơn vị cấp trên có mã “%(code)s” (trong tệp và trong hệ thống)."
            )
            self.ctx.error(row, "parent", message % {"code": parent})
            return None
        parent_id = known[parent]["id"] if parent in known else (None if parent is None else -1)
        moves = old is not None and old["parent"] != parent_id
        placed_in = "" if parent is None else known.get(parent, {}).get("path")
        if (old is None or moves) and placed_in is not None and not self.ctx.editable(placed_in):
            what = (
                _("Đơn vị cấp cao nhất (không có đơn vị cấp trên)")
                if parent is None
                else _("Đơn vị cấp trên “%(code)s”") % {"code": parent}
            )
            self.ctx.out_of_scope(row, "parent", what)
            return None
        return (parent, moves)

    def place(self, row: Row, old: dict[str, Any] | None) -> Any:
        """The place id (None: no place), or ``_BAD`` after an error."""
        code = row.values.get("place")
        if "place" not in self.sheet.present:
            return (old or {}).get("place")
        if not code:
            return None
        found = self.places.get(code)
        if found is None:
            message = _("Không tìm thấy địa bàn có mã “%(code)s”.") % {"code": code}
            self.ctx.error(row, "place", message)
            return _BAD
        return found["id"]

    def values(self, row: Row, old: dict[str, Any] | None, place: Any) -> dict[str, Any]:
        v, present = row.values, self.sheet.present

        def value(key: str, default: Any) -> Any:
            if key in present and (v[key] is not None or key != "valid_from"):
                return v[key]
            return old[key] if old else default

        return {
            "name": v["name"],
            "short_name": value("short_name", ""),
            "kind": v["kind"],
            "place": place,
            "valid_from": value("valid_from", _DEFAULT_START),
            "valid_to": value("valid_to", None),
        }


def _rank_tree(
    entries: dict[str, _Entry], known: dict[str, dict[str, Any]], ctx: Context
) -> dict[str, int]:
    """Depth of each file unit in the future tree; a cycle becomes an error on its rows.

    Walking up from a unit: a new or moved unit goes to its parent from the file; any other
    unit keeps its current ancestors, up to the nearest one that is in the file (whose own
    parent may change)."""
    in_file_by_id = {e.old["id"]: code for code, e in entries.items() if e.old is not None}

    def up(code: str) -> str | None:
        entry = entries.get(code)
        if entry is not None and entry.placed:
            return entry.parent
        unit = entry.old if entry is not None else known.get(code)
        if unit is None:
            return None
        for ancestor in reversed(_ancestor_ids(unit["path"])[:-1]):
            if ancestor in in_file_by_id:
                return in_file_by_id[ancestor]
        return None

    rank: dict[str, int] = {}
    for start in entries:
        chain: list[str] = []
        node: str | None = start
        while node is not None and node not in rank:
            if node in chain:
                cycle = [*chain[chain.index(node) :], node]
                for code in cycle[:-1]:
                    if code in entries and entries[code].row.ok:
                        ctx.error(
                            entries[code].row,
                            "parent",
                            _("Đơn vị cấp trên tạo thành vòng lặp: %(cycle)s.")
                            % {"cycle": " → ".join(cycle)},
                        )
                    rank[code] = 0
                break
            chain.append(node)
            node = up(node)
        depth = rank[node] if node is not None else -1
        for code in reversed(chain):
            if code not in rank:
                depth += 1
                rank[code] = depth
            else:
                depth = rank[code]
    return rank


def plan_units(sheet: Sheet, ctx: Context) -> UnitsPlan:
    rows = sheet.rows
    file_codes = {r.values["code"] for r in rows if r.values["code"]}
    parents = {r.values.get("parent") for r in rows}
    known = rows_by(
        Unit.objects,
        "code",
        file_codes | parents,
        ("id", "path", "parent", "parent__code", *_VALUE_FIELDS),
    )
    places = rows_by(Place.objects, "code", (r.values.get("place") for r in rows), ("id",))
    plan = UnitsPlan(known=known)
    checks = _Checks(sheet, ctx, known, places, file_codes)
    seen: dict[str, int] = {}
    entries: dict[str, _Entry] = {}
    for row in rows:
        code = row.values["code"]
        if code and not ctx.first(seen, code, row, "code", _UNIT_CODE, code=code):
            continue
        if row.ok and (entry := checks.entry(row)) is not None:
            entries[code] = entry
    plan.rank = _rank_tree(entries, known, ctx)
    for entry in entries.values():
        if not entry.row.ok:
            continue
        if entry.old is None:
            plan.new.append(entry)
            continue
        before = {key: entry.old[key] for key in UNIT_FIELDS}
        if not entry.moves and before == {**entry.values, "parent": entry.old["parent"]}:
            plan.unchanged += 1
            continue
        plan.changed.append((entry, before))
    return plan
