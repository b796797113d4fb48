"""Loading the demo data set, in idempotent steps.

Each step reads which of its records exist (one query per table), then writes only the
missing ones, through the org services so they are validated and audited as in production.
Records already present are left as they are: running the loader twice creates nothing the
second time (no rows, no audit events), and what a demo user changed (a unit's name, a rating,
a password) survives a reload. Places and border gates have no service; they are reference
data and are bulk-inserted directly.

Later issues add their steps (movements, results, ...) to ``STEPS``; a step takes no argument,
finds what it needs by stable code and returns its tallies.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.audit import record_event
from thidua.core.text import normalize_search
from thidua.demo import (
    data_org,
    data_people,
    data_places,
    load_awards,
    load_movements,
    load_results,
)
from thidua.org import services
from thidua.org.enums import PlaceKind
from thidua.org.models import (
    BorderGate,
    DisciplineRecord,
    Person,
    PersonRating,
    Place,
    RoleAssignment,
    Unit,
    UnitRating,
    User,
)


class Writer(Protocol):
    def write(self, msg: str, /) -> object: ...


@dataclass
class Tally:
    """How many records of one kind a step created and how many were already present."""

    key: str
    label: str
    created: int = 0
    present: int = 0


@dataclass
class LoadSummary:
    tallies: dict[str, Tally] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Tally:
        return self.tallies[key]

    @property
    def created(self) -> int:
        return sum(t.created for t in self.tallies.values())

    @property
    def present(self) -> int:
        return sum(t.present for t in self.tallies.values())


def format_tally(tally: Tally) -> str:
    counts = _("%(created)4d tạo mới, %(present)4d đã có") % {
        "created": tally.created,
        "present": tally.present,
    }
    return f"  {tally.label:<30} {counts}\n"


# --- places -----------------------------------------------------------------------------------


# (code, name, kind, parent code, is_border, valid_to)
_PlaceSpec = tuple[str, str, str, str | None, bool, dt.date | None]


def load_places() -> list[Tally]:
    """The province, its 2018 districts and communes (closed on 30/6/2025), and border gates.
    One level at a time, so parents exist before their children are inserted."""
    p = data_places
    levels: list[list[_PlaceSpec]] = [
        [(p.PROVINCE.code, p.PROVINCE.name, PlaceKind.PROVINCE, None, p.PROVINCE.is_border, None)],
        [
            (d.code, d.name, PlaceKind.DISTRICT, p.PROVINCE.code, d.is_border, p.PLACES_2018_END)
            for d in p.DISTRICTS
        ],
        [
            (c.code, c.name, PlaceKind.COMMUNE, c.district, c.is_border, p.PLACES_2018_END)
            for c in p.COMMUNES
        ],
    ]
    all_codes = [row[0] for level in levels for row in level]
    existing = set(Place.objects.filter(code__in=all_codes).values_list("code", flat=True))
    places = Tally("places", _("Địa bàn"), present=len(existing))
    for level in levels:
        missing = [row for row in level if row[0] not in existing]
        if not missing:
            continue
        parents = Place.objects.in_bulk({row[3] for row in missing if row[3]}, field_name="code")
        Place.objects.bulk_create(
            Place(
                code=code,
                name=name,
                kind=kind,
                parent=parents[parent] if parent else None,
                is_border=is_border,
                valid_to=valid_to,
                search=normalize_search(f"{code} {name}"),
            )
            for code, name, kind, parent, is_border, valid_to in missing
        )
        places.created += len(missing)

    gate_codes = [g.code for g in p.BORDER_GATES]
    existing = set(BorderGate.objects.filter(code__in=gate_codes).values_list("code", flat=True))
    gates = Tally("border_gates", _("Cửa khẩu"), present=len(existing))
    missing_gates = [g for g in p.BORDER_GATES if g.code not in existing]
    if missing_gates:
        at = Place.objects.in_bulk({g.place for g in missing_gates}, field_name="code")
        BorderGate.objects.bulk_create(
            BorderGate(code=g.code, name=g.name, kind=g.kind, place=at[g.place])
            for g in missing_gates
        )
        gates.created = len(missing_gates)
    return [places, gates]


# --- units and people ---------------------------------------------------------------------------


def load_units() -> list[Tally]:
    """The 2018 department with its divisions, its successor, outside organisations and the
    districts' culture and information offices. Parents are listed before children."""
    rows = data_org.UNITS
    units = Unit.objects.in_bulk([r.code for r in rows], field_name="code")
    tally = Tally("units", _("Đơn vị"), present=len(units))
    missing = [r for r in rows if r.code not in units]
    if not missing:
        return [tally]
    places = Place.objects.in_bulk({r.place for r in missing if r.place}, field_name="code")
    for row in missing:
        unit, _created, _changed = services.upsert_unit(
            row.code,
            name=row.name,
            short_name=row.short_name,
            kind=row.kind,
            parent=units[row.parent] if row.parent else None,
            place=places[row.place] if row.place else None,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )
        units[row.code] = unit
        tally.created += 1
    return [tally]


def load_people() -> list[Tally]:
    """Department staff and a few people of outside organisations."""
    rows = data_people.PEOPLE
    existing = set(
        Person.objects.filter(code__in=[r.code for r in rows]).values_list("code", flat=True)
    )
    tally = Tally("people", _("Cán bộ"), present=len(existing))
    missing = [r for r in rows if r.code not in existing]
    if not missing:
        return [tally]
    units = Unit.objects.in_bulk({r.unit for r in missing}, field_name="code")
    for row in missing:
        services.upsert_person(
            row.code,
            full_name=row.full_name,
            gender=row.gender,
            staff_type=row.staff_type,
            unit=units[row.unit],
            position=row.position,
            is_leader=row.is_leader,
            is_frontline=not row.is_leader,
            joined_on=row.joined_on,
            birth_date=row.birth_date,
        )
        tally.created += 1
    return [tally]


# --- ratings and discipline ---------------------------------------------------------------------


def _yearly(letters_by_code: dict[str, str]) -> list[tuple[str, int, str]]:
    years = data_people.RATING_YEARS
    return [
        (code, year, data_people.RATING_LETTERS[letter])
        for code, letters in letters_by_code.items()
        for year, letter in zip(years, letters, strict=True)
    ]


def load_ratings() -> list[Tally]:
    """Yearly ratings 2015-2018 of every department person and of the rated units."""
    years = data_people.RATING_YEARS
    person_rows = _yearly(data_people.PERSON_RATINGS)
    have = set(
        PersonRating.objects.filter(
            person__code__in=data_people.PERSON_RATINGS, year__in=years
        ).values_list("person__code", "year")
    )
    people_tally = Tally("person_ratings", _("Xếp loại cá nhân"), present=len(have))
    missing = [r for r in person_rows if (r[0], r[1]) not in have]
    if missing:
        people = Person.objects.in_bulk({r[0] for r in missing}, field_name="code")
        for code, year, rating in missing:
            services.set_person_rating(people[code], year, rating)
        people_tally.created = len(missing)

    unit_rows = _yearly(data_people.UNIT_RATINGS)
    have = set(
        UnitRating.objects.filter(
            unit__code__in=data_people.UNIT_RATINGS, year__in=years
        ).values_list("unit__code", "year")
    )
    units_tally = Tally("unit_ratings", _("Xếp loại tập thể"), present=len(have))
    missing = [r for r in unit_rows if (r[0], r[1]) not in have]
    if missing:
        units = Unit.objects.in_bulk({r[0] for r in missing}, field_name="code")
        for code, year, rating in missing:
            services.set_unit_rating(units[code], year, rating)
        units_tally.created = len(missing)
    return [people_tally, units_tally]


def load_discipline() -> list[Tally]:
    """One case per person: a person who already has any discipline record (for example the
    review decided since in the demo) is left alone."""
    rows = data_people.DISCIPLINE
    codes = [r.person for r in rows]
    have = set(
        DisciplineRecord.objects.filter(person__code__in=codes).values_list(
            "person__code", flat=True
        )
    )
    tally = Tally("discipline", _("Kỷ luật"), present=len(have))
    missing = [r for r in rows if r.person not in have]
    if not missing:
        return [tally]
    people = Person.objects.in_bulk({r.person for r in missing}, field_name="code")
    for row in missing:
        services.record_discipline(
            people[row.person],
            status=row.status,
            level=row.level,
            decided_on=row.decided_on,
            effective_from=row.effective_from,
            effective_to=row.effective_to,
            decision_number=row.decision_number,
            note=row.note,
        )
        tally.created += 1
    return [tally]


# --- accounts -------------------------------------------------------------------------------------


def split_name(full_name: str) -> tuple[str, str]:
    """(first_name, last_name) for a Vietnamese name, so that ``get_full_name()`` (first + " " +
    last) reads in Vietnamese order: "Lộc Thị Hải Yến" gives ("Lộc Thị Hải", "Yến"). The given
    name (tên) is the last word, which is also what Vietnamese lists sort by."""
    family, _sep, given = full_name.rpartition(" ")
    return family, given


def _create_account(row: data_people.AccountRow, person: Person | None, password: str) -> User:
    first_name, last_name = split_name(person.full_name) if person else ("", "")
    user = User.objects.create(
        username=row.username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        is_superuser=row.is_superuser,
        is_staff=row.is_superuser,
    )
    record_event(
        "org.user.created",
        user,
        after={"username": user.username, "is_superuser": user.is_superuser},
        note=_("Tài khoản mẫu do lệnh load_demo tạo."),
    )
    return user


def load_accounts() -> list[Tally]:
    """One login per role, linked to its person. The demo password is set only when an account
    is created: an existing account (and a password changed in the demo) is kept."""
    rows = data_people.ACCOUNTS
    usernames = [r.username for r in rows]
    users = User.objects.in_bulk(usernames, field_name="username")
    people = Person.objects.in_bulk([r.person for r in rows if r.person], field_name="code")
    units = Unit.objects.in_bulk({r.unit for r in rows}, field_name="code")
    roles_held = set(
        RoleAssignment.objects.filter(user__username__in=usernames).values_list(
            "user__username", "role", "unit__code"
        )
    )
    linked = set(
        Person.objects.filter(user__username__in=usernames).values_list("user__username", flat=True)
    )
    accounts = Tally("accounts", _("Tài khoản"), present=len(users))
    roles = Tally("roles", _("Phân quyền"))
    links = Tally("user_links", _("Liên kết tài khoản - cán bộ"))
    password = ""
    for row in rows:
        person = people.get(row.person) if row.person else None
        user = users.get(row.username)
        if user is None:
            # One hash for all the new accounts: they share the demo password, and hashing
            # once keeps the load fast with the production hasher.
            password = password or make_password(data_people.DEMO_PASSWORD)
            user = users[row.username] = _create_account(row, person, password)
            accounts.created += 1
        if (row.username, row.role, row.unit) in roles_held:
            roles.present += 1
        else:
            services.assign_role(user, row.role, units[row.unit])
            roles.created += 1
        if person is None:
            continue
        if row.username in linked or person.user_id is not None:
            links.present += 1  # already linked (to this account, or by hand to another)
        else:
            services.link_user(person, user)
            links.created += 1
    return [accounts, roles, links]


Step = Callable[[], list[Tally]]

STEPS: list[Step] = [
    load_places,
    load_units,
    load_people,
    load_ratings,
    load_discipline,
    load_accounts,
    # Movements (issue 3): thidua.demo.load_movements, data in data_movements.
    load_movements.load_parent_plans,
    load_movements.load_movements,
    load_movements.load_unit_plans,
    load_movements.load_briefings,
    load_movements.load_registrations,
    # Results (issue 4): thidua.demo.load_results, data in data_results.
    load_results.load_activities,
    load_results.load_reports,
    load_results.load_assessments,
    load_results.load_blocs,
    load_results.load_peer_scores,
    # Commendation of TTDN-2018: thidua.demo.load_awards, data in data_awards.
    *load_awards.STEPS,
]


@transaction.atomic
def load_demo(*, stdout: Writer | None = None) -> LoadSummary:
    """Run every step in one transaction; write one line per kind of record to ``stdout``."""
    summary = LoadSummary()
    for step in STEPS:
        for tally in step():
            summary.tallies[tally.key] = tally
            if stdout is not None:
                stdout.write(format_tally(tally))
    return summary
