"""Checking imported rows against the database, then writing them, set-based: the shared
pieces, and people (ratings and discipline are in ``import_records``, units in ``import_units``).

A planner builds in-memory lookups with a handful of queries (codes -> ids and paths, the
records the file names, the importing user's editable subtrees) and checks every row against
them; a problem becomes an error on the row and column, in Vietnamese. Nothing is written.

``Plan.apply`` runs only when no row failed, inside the caller's transaction: bulk_create and
bulk_update in batches, and one audit event per created or changed record (with before and
after), inserted with ``record_events_bulk``. A row equal to the database counts as unchanged and
writes nothing, so importing the same file twice changes nothing the second time.

The semantics are those of ``services``: the same validators, normalisation, search column,
audit actions and memberships (a new person gets one; a person whose unit changes has the open
one closed yesterday and a new one opened today).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.audit import record_events_bulk
from thidua.core.models import AuditEvent
from thidua.core.text import normalize_search
from thidua.org.import_formats import Format, Issues, Row, Sheet
from thidua.org.models import Membership, Person, Unit
from thidua.org.queries import path_in_scope
from thidua.org.services import PERSON_FIELDS, validate_person_data

BATCH = 1000
UPDATE_BATCH = 250
FK = {"unit": "unit_id", "parent": "parent_id", "place": "place_id", "person": "person_id"}


# --- Helpers -------------------------------------------------------------------------------


def chunks[T](values: Iterable[T]) -> Iterator[list[T]]:
    """Lists small enough for one ``__in`` lookup on this database."""
    size = max(100, min(10_000, (connection.features.max_query_params or 10_000) - 100))
    batch: list[T] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def rows_by(
    queryset: models.QuerySet[Any] | models.Manager[Any],
    key: str,
    wanted: Iterable[Any],
    fields: Iterable[str],
) -> dict[Any, dict[str, Any]]:
    """``{key value: row}`` for the rows whose ``key`` is in ``wanted``: one query per chunk."""
    values = sorted({v for v in wanted if v not in (None, "")})
    found: dict[Any, dict[str, Any]] = {}
    for chunk in chunks(values):
        for row in queryset.filter(**{f"{key}__in": chunk}).values(key, *fields):
            found[row[key]] = row
    return found


def bulk_update_changed(
    model: type[models.Model], changes: Iterable[tuple[models.Model, tuple[str, ...]]]
) -> None:
    """Write changed records, field by field, only where the field changes. A field that takes
    few distinct values (a unit, a position, Có/Không) is written with one UPDATE per value;
    other fields with bulk_update in small batches (its CASE WHEN grows with the batch)."""
    by_field: dict[str, list[models.Model]] = {}
    for obj, fields in changes:
        for name in fields:
            by_field.setdefault(name, []).append(obj)
    manager = model._default_manager
    for name, objs in sorted(by_field.items()):
        attname = FK.get(name, name)
        by_value: dict[Any, list[Any]] = {}
        for obj in objs:
            by_value.setdefault(getattr(obj, attname), []).append(obj.pk)
        if len(by_value) * 20 > len(objs) and len(by_value) > 1:
            manager.bulk_update(objs, [name], batch_size=UPDATE_BATCH)
            continue
        for value, ids in by_value.items():
            for chunk in chunks(ids):
                manager.filter(pk__in=chunk).update(**{attname: value})


COPY_MIN_ROWS = 2000  # below this, bulk_create is as fast and simpler


def insert_rows(model: type[models.Model], objs: list[Any]) -> None:
    """Insert new records and set their ``pk``, like ``bulk_create``. On PostgreSQL a large
    list goes through ``COPY``: the ids are taken from the table's sequence in one query and
    each row is sent as text, without Django's per-batch ``INSERT ... UNNEST`` arrays quoted
    client-side (100,000 people, their memberships and audit events: about 3x faster)."""
    if not objs:
        return
    if connection.vendor != "postgresql" or len(objs) < COPY_MIN_ROWS:
        model._default_manager.bulk_create(objs, batch_size=BATCH)
        return
    meta = model._meta
    table = meta.db_table
    fields = list(meta.concrete_fields)
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
        columns = ", ".join(quote(str(f.column)) for f in fields)
        prepared = [
            [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objs
        ]
        with cursor.cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
            for row in prepared:
                copy.write_row(row)
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
    return tuple(name for name in before if before[name] != after[name])


def model_kwargs(values: dict[str, Any]) -> dict[str, Any]:
    return {FK.get(k, k): v for k, v in values.items()}


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


class Events:
    """The audit events of one import (one per created or changed record, with before and
    after as ``audit.snapshot`` writes them), inserted together by ``record_events_bulk``."""

    def __init__(self, actor: Any) -> None:
        self.actor = actor if getattr(actor, "is_authenticated", False) else None
        self.items: list[AuditEvent] = []
        self._types: dict[type[models.Model], ContentType] = {}
        self._attnames: dict[tuple[type[models.Model], tuple[str, ...]], list[tuple[str, str]]] = {}

    def snapshot(self, obj: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
        """Same as ``thidua.core.audit.snapshot``, with the field lookups done once."""
        key = (type(obj), fields)
        if key not in self._attnames:
            meta = obj._meta
            self._attnames[key] = [(n, getattr(meta.get_field(n), "attname", n)) for n in fields]
        return {name: _plain(getattr(obj, attname)) for name, attname in self._attnames[key]}

    def add(
        self,
        action: str,
        model: type[models.Model],
        pk: int,
        label: str,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
    ) -> None:
        if model not in self._types:
            self._types[model] = ContentType.objects.get_for_model(model, for_concrete_model=False)
        self.items.append(
            AuditEvent(
                action=action,
                actor=self.actor,
                content_type=self._types[model],
                object_id=str(pk),
                object_repr=label[:300],
                before={k: _plain(v) for k, v in before.items()} if before is not None else None,
                after={k: _plain(v) for k, v in after.items()} if after is not None else None,
            )
        )

    def save(self) -> None:
        if connection.vendor == "postgresql" and len(self.items) >= COPY_MIN_ROWS:
            insert_rows(AuditEvent, self.items)  # what record_events_bulk does, by COPY
        else:
            record_events_bulk(self.items)


@dataclass
class Context:
    """What every check needs: the format, the user's editable subtrees and the error list."""

    fmt: Format
    actor: Any
    scopes: list[str]
    issues: Issues

    def editable(self, path: str) -> bool:
        return path_in_scope(path, self.scopes)

    def error(self, row: Row, key: str, message: str) -> None:
        self.issues.add(row.number, self.fmt.header(key), message)
        row.ok = False

    def first(
        self, seen: dict[Any, int], key: Any, row: Row, column: str, what: Promise, **params: Any
    ) -> bool:
        """False (and an error) when ``key`` already appeared on an earlier row of the file;
        ``what % params`` names the duplicate."""
        earlier = seen.setdefault(key, row.number)
        if earlier == row.number:
            return True
        self.error(
            row,
            column,
            _("%(what)s bị trùng với dòng %(row)s.") % {"what": str(what) % params, "row": earlier},
        )
        return False

    def validate(
        self, row: Row, validator: Callable[..., None], columns: dict[str, str], **data: Any
    ) -> bool:
        """Run a ``services`` validator; its per-field messages become errors on the columns."""
        try:
            validator(**data)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.error(row, columns.get(name, next(iter(columns.values()))), message)
            return False
        return True

    def out_of_scope(self, row: Row, column: str, what: str) -> None:
        self.error(
            row, column, _("%(what)s nằm ngoài phạm vi bạn được quyền cập nhật.") % {"what": what}
        )

    def unique_rows(self, rows: list[Row], key: str, what: Promise) -> Iterator[Row]:
        """The rows that read without error and whose ``key`` (a code) is not on an earlier
        row; a repeat becomes an error (``what % {"code": ...}`` names it)."""
        seen: dict[Any, int] = {}
        for row in rows:
            code = row.values[key]
            if code and not self.first(seen, code, row, key, what, code=code):
                continue
            if row.ok:
                yield row

    def unit_of(
        self,
        row: Row,
        units: dict[str, dict[str, Any]],
        old: dict[str, Any] | None,
        what: Promise,
    ) -> dict[str, Any] | None:
        """The unit the row's "unit" column names, which the user may edit, when the record the
        row would update (``old``, with its "unit__path") is editable too; None after an error
        (``what % {"code": ...}`` names the record)."""
        code = row.values["unit"]
        unit = units.get(code)
        if unit is None:
            self.error(row, "unit", _("Không tìm thấy đơn vị có mã “%(code)s”.") % {"code": code})
            return None
        if not self.editable(unit["path"]):
            self.out_of_scope(row, "unit", _("Đơn vị “%(code)s”") % {"code": code})
            return None
        if old is not None and not self.editable(old["unit__path"]):
            self.out_of_scope(row, "code", str(what) % {"code": row.values["code"]})
            return None
        return unit


@dataclass
class Plan:
    """What an import would do. ``apply`` writes it (inside the caller's transaction)."""

    unchanged: int = 0

    @property
    def created(self) -> int:
        return 0

    @property
    def updated(self) -> int:
        return 0

    def summary(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}

    def apply(self, actor: Any) -> None:
        raise NotImplementedError


# --- People --------------------------------------------------------------------------------

_PERSON_CODE = gettext_lazy("Mã cán bộ “%(code)s”")
_PERSON = gettext_lazy("Cán bộ “%(code)s”")
_PERSON_DEFAULTS: dict[str, Any] = {
    "birth_date": None,
    "position": "",
    "is_leader": False,
    "is_frontline": True,
    "joined_on": None,
    "left_on": None,
    "email": "",
}


@dataclass
class PeoplePlan(Plan):
    new: list[Person] = field(default_factory=list)
    # (person with the new values, values before, fields that change)
    changed: list[tuple[Person, dict[str, Any], tuple[str, ...]]] = field(default_factory=list)

    @property
    def created(self) -> int:
        return len(self.new)

    @property
    def updated(self) -> int:
        return len(self.changed)

    def apply(self, actor: Any) -> None:
        today = timezone.localdate()
        insert_rows(Person, self.new)
        memberships = [
            Membership(
                person_id=p.pk, unit_id=p.unit_id, position=p.position, start=p.joined_on or today
            )
            for p in self.new
        ]
        bulk_update_changed(Person, ((p, fields) for p, _before, fields in self.changed))
        moved = [person for person, _before, fields in self.changed if "unit" in fields]
        for chunk in chunks([p.pk for p in moved]):
            Membership.objects.filter(person_id__in=chunk, end__isnull=True).update(
                end=today - dt.timedelta(days=1)
            )
        memberships += [
            Membership(person_id=p.pk, unit_id=p.unit_id, position=p.position, start=today)
            for p in moved
        ]
        insert_rows(Membership, memberships)
        events = Events(actor)
        for p in self.new:
            events.add(
                "org.person.created", Person, p.pk, str(p), after=events.snapshot(p, PERSON_FIELDS)
            )
        for p, before, _fields in self.changed:
            events.add(
                "org.person.updated",
                Person,
                p.pk,
                str(p),
                before=before,
                after=events.snapshot(p, PERSON_FIELDS),
            )
        events.save()


def plan_people(sheet: Sheet, ctx: Context) -> PeoplePlan:
    units = rows_by(Unit.objects, "code", (r.values["unit"] for r in sheet.rows), ("id", "path"))
    existing = rows_by(
        Person.objects,
        "code",
        (r.values["code"] for r in sheet.rows),
        ("id", *PERSON_FIELDS, "unit__path"),
    )
    plan = PeoplePlan()
    for row in ctx.unique_rows(sheet.rows, "code", _PERSON_CODE):
        v = row.values
        code = v["code"]
        old = existing.get(code)
        unit = ctx.unit_of(row, units, old, _PERSON)
        if unit is None:
            continue
        values = {
            key: v[key] if key in sheet.present else (old[key] if old else _PERSON_DEFAULTS[key])
            for key in PERSON_FIELDS
            if key != "unit"
        }
        values["unit"] = unit["id"]
        if not ctx.validate(
            row,
            validate_person_data,
            {
                "code": "code",
                "full_name": "full_name",
                "gender": "gender",
                "staff_type": "staff_type",
                "left_on": "left_on",
                "birth_date": "birth_date",
            },
            code=code,
            full_name=values["full_name"],
            gender=values["gender"],
            staff_type=values["staff_type"],
            joined_on=values["joined_on"],
            left_on=values["left_on"],
            birth_date=values["birth_date"],
        ):
            continue
        before = {key: old[key] for key in PERSON_FIELDS} if old is not None else None
        changes = changed_fields(before, values) if before is not None else ()
        if before is not None and not changes:
            plan.unchanged += 1
            continue
        person = Person(
            code=code,
            search=normalize_search(f"{values['full_name']} {code}"),
            **model_kwargs(values),
        )
        if old is None or before is None:
            plan.new.append(person)
            continue
        person.pk = old["id"]
        plan.changed.append(
            (person, before, (*changes, "search") if "full_name" in changes else changes)
        )
    return plan
