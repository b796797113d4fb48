"""Steps of the demo loader for movements (``loader.STEPS``): the province's parent plan, the
movements, and how units and people took part in the 2018 thematic movement.

Like every step, each one reads which of its records exist (one query), then writes only the
missing ones, through the movements services, so they are validated and audited as in
production. A second run creates nothing and writes no audit event.

The movements are historical (2018) while the services stamp "now" and check dates against
today. Two things are therefore done for the demo only, as historical data entry:

- registrations are made with ``participation.register(..., on=day)``, the day they were
  made in 2018, so the registration window is checked against that day instead of today;
- after each service call, the timestamps it set to now (a movement's ``launched_at``, a unit
  plan's ``submitted_at``/``reviewed_at``, a briefing's ``confirmed_at``, a registration's
  ``submitted_at``/``decided_at``) are set to their 2018 values with ``QuerySet.update``. The
  audit events keep the real time the demo was loaded.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.demo import data_movements as data
from thidua.demo import data_people
from thidua.movements import criteria, participation, services
from thidua.movements.enums import MovementState, RegistrationState, UnitPlanState
from thidua.movements.models import (
    Briefing,
    Movement,
    ParentPlan,
    Registration,
    UnitPlan,
)
from thidua.movements.phases import briefing_open, registration_open, unit_plans_open
from thidua.org.models import Person, Unit, User

if TYPE_CHECKING:
    from thidua.demo.loader import Tally


def _tally(key: str, label: str, present: int = 0) -> Tally:
    # Imported here: loader imports this module to list its steps.
    from thidua.demo.loader import Tally

    return Tally(key, label, present=present)


def _users(usernames: set[str | None]) -> dict[str, User]:
    return User.objects.in_bulk({u for u in usernames if u}, field_name="username")


# --- the parent plan and the movements ------------------------------------------------------


def load_parent_plans() -> list[Tally]:
    """The province's Plan 05/KH-UBND of 17/01/2018 with its tasks."""
    tally = _tally("parent_plans", _("Kế hoạch cấp trên"))
    if ParentPlan.objects.filter(code=data.PARENT_PLAN_CODE).exists():
        tally.present = 1
        return [tally]
    officer = _users({data.OFFICER}).get(data.OFFICER)
    services.upsert_parent_plan(
        data.PARENT_PLAN_CODE, **data.PARENT_PLAN, tasks=data.PARENT_TASKS, actor=officer
    )
    tally.created = 1
    return [tally]


def load_movements() -> list[Tally]:
    """The 2018 thematic and regular movements, launched, and the 2019 draft."""
    specs = data.MOVEMENTS
    existing = set(
        Movement.objects.filter(code__in=[s.code for s in specs]).values_list("code", flat=True)
    )
    tally = _tally("movements", _("Phong trào thi đua"), present=len(existing))
    missing = [s for s in specs if s.code not in existing]
    if not missing:
        return [tally]
    unit_codes = {c for s in missing for c in (*s.participants, s.fields["organizer"])}
    unit_codes |= {s.fields["doc_issuer"] for s in missing}
    units = Unit.objects.in_bulk(unit_codes, field_name="code")
    plans = ParentPlan.objects.in_bulk(
        {s.fields["parent_plan"] for s in missing if s.fields["parent_plan"]}, field_name="code"
    )
    officer = _users({data.OFFICER}).get(data.OFFICER)
    for spec in missing:
        _create_movement(spec, units, plans, officer)
        tally.created += 1
    return [tally]


def _create_movement(
    spec: data.MovementSpec,
    units: dict[str, Unit],
    plans: dict[str, ParentPlan],
    officer: User | None,
) -> Movement:
    fields: dict[str, Any] = dict(spec.fields)
    fields["organizer"] = units[fields["organizer"]]
    fields["doc_issuer"] = units[fields["doc_issuer"]]
    fields["parent_plan"] = plans[fields["parent_plan"]] if fields["parent_plan"] else None
    movement, _created, _changed = services.upsert_movement(spec.code, actor=officer, **fields)
    services.set_legal_bases(movement, spec.legal_bases, actor=officer)
    services.set_sections(movement, spec.sections, actor=officer)
    if spec.phases:
        services.set_phases(movement, spec.phases, actor=officer)
    services.set_participants(
        movement,
        [units[c] for c in spec.participants],
        lead=units[spec.lead] if spec.lead else None,
        actor=officer,
    )
    services.set_foreseen_awards(movement, spec.foreseen_awards, actor=officer)
    if spec.criteria is not None:
        criteria.save_criteria_table(movement, spec.criteria, actor=officer)
    if spec.launched_at is not None:
        services.set_movement_state(
            movement,
            MovementState.LAUNCHED,
            actor=officer,
            note=_("Dữ liệu mẫu: phát động ngày %(date)s theo Kế hoạch số %(number)s.")
            % {"date": spec.launched_at.strftime("%d/%m/%Y"), "number": movement.doc_number},
        )
        # Historical: the movement was launched in 2018, not when the demo is loaded.
        Movement.objects.filter(pk=movement.pk).update(launched_at=spec.launched_at)
        movement.launched_at = spec.launched_at
    return movement


def _launched_movement(code: str, is_open: Callable[[Movement], bool]) -> Movement | None:
    """The movement, if it is still in a state where the demo's participation can be added
    (a demo user may have moved it on)."""
    movement = Movement.objects.filter(code=code).first()
    if movement is None or not is_open(movement):
        return None
    return movement


# --- taking part in the thematic movement -----------------------------------------------


def load_unit_plans() -> list[Tally]:
    """Unit plans of TTĐN-2018 in four states: approved, submitted, returned, draft."""
    rows = data.UNIT_PLANS
    have = set(
        UnitPlan.objects.filter(
            movement__code=data.TTDN_CODE, unit__code__in=[r.unit for r in rows]
        ).values_list("unit__code", flat=True)
    )
    tally = _tally("unit_plans", _("Kế hoạch thi đua của đơn vị"), present=len(have))
    missing = [r for r in rows if r.unit not in have]
    movement = _launched_movement(data.TTDN_CODE, unit_plans_open) if missing else None
    if movement is None:
        return [tally]
    units = Unit.objects.in_bulk({r.unit for r in missing}, field_name="code")
    users = _users({data.OFFICER, *(r.writer for r in missing)})
    officer = users.get(data.OFFICER)
    for row in missing:
        writer = users.get(row.writer) if row.writer else None
        plan = participation.save_unit_plan(
            movement,
            units[row.unit],
            summary=row.summary,
            targets=[t._asdict() for t in row.targets],
            actor=writer,
        )
        if row.state != UnitPlanState.DRAFT:
            participation.set_unit_plan_state(plan, UnitPlanState.SUBMITTED, actor=writer)
        if row.state in {UnitPlanState.APPROVED, UnitPlanState.RETURNED}:
            participation.set_unit_plan_state(
                plan, row.state, actor=officer, comment=row.review_comment
            )
        # Historical: written, submitted and reviewed in 2018.
        stamps = [t for t in (row.written_at, row.submitted_at, row.reviewed_at) if t]
        UnitPlan.objects.filter(pk=plan.pk).update(
            submitted_at=row.submitted_at, reviewed_at=row.reviewed_at, updated_at=max(stamps)
        )
        tally.created += 1
    return [tally]


def load_briefings() -> list[Tally]:
    """Most staff confirmed they were briefed; some did not yet, so some units are below 100%."""
    rows = data.briefed_people()
    have = set(
        Briefing.objects.filter(
            movement__code=data.TTDN_CODE, person__code__in=[code for code, _at in rows]
        ).values_list("person__code", flat=True)
    )
    tally = _tally("briefings", _("Xác nhận quán triệt"), present=len(have))
    missing = [(code, at) for code, at in rows if code not in have]
    movement = _launched_movement(data.TTDN_CODE, briefing_open) if missing else None
    if movement is None:
        return [tally]
    people = Person.objects.select_related("unit", "user").in_bulk(
        [code for code, _at in missing], field_name="code"
    )
    confirmed_at: dict[dt.datetime, list[str]] = defaultdict(list)
    for code, at in missing:
        person = people[code]
        participation.confirm_briefing(movement, person, actor=person.user)
        confirmed_at[at].append(code)
        tally.created += 1
    # Historical: each unit's staff confirmed on the day of the unit's briefing in 2018.
    for at, codes in confirmed_at.items():
        Briefing.objects.filter(movement=movement, person__code__in=codes).update(confirmed_at=at)
    return [tally]


def _registration_key(unit: str, person: str | None) -> tuple[str, str]:
    return ("person", person) if person else ("unit", unit)


def load_registrations() -> list[Tally]:
    """Registrations of people and units, submitted, confirmed and one rejected with a reason."""
    rows = data.REGISTRATIONS
    have = {
        _registration_key(unit, person)
        for unit, person in Registration.objects.filter(movement__code=data.TTDN_CODE)
        .filter(
            Q(person__code__in=[r.person for r in rows if r.person])
            | Q(person__isnull=True, unit__code__in=[r.unit for r in rows if not r.person])
        )
        .values_list("unit__code", "person__code")
    }
    tally = _tally("registrations", _("Đăng ký thi đua"), present=len(have))
    missing = [r for r in rows if _registration_key(r.unit, r.person) not in have]
    # Registering needs a launched movement, like writing unit plans; the phase is checked
    # for each row against the day it was made.
    movement = _launched_movement(data.TTDN_CODE, unit_plans_open) if missing else None
    if movement is None:
        return [tally]
    units = Unit.objects.in_bulk({r.unit for r in missing}, field_name="code")
    people = Person.objects.select_related("user").in_bulk(
        [r.person for r in missing if r.person], field_name="code"
    )
    # A unit registers through its head's account, where the demo has one.
    heads = {a.unit: a.username for a in data_people.ACCOUNTS if a.role == "UNIT_HEAD"}
    users = _users({*heads.values(), *(r.decided_by for r in missing)})
    for row in missing:
        person = people[row.person] if row.person else None
        actor = person.user if person else users.get(heads.get(row.unit, ""))
        day = row.submitted_at.date()
        if not registration_open(movement, day):
            continue  # a demo user changed the registration phase: leave it
        registration = participation.register(
            movement,
            unit=units[row.unit],
            person=person,
            award_code=row.award_code,
            targets=row.targets,
            actor=actor,
            on=day,
        )
        if row.state != RegistrationState.SUBMITTED:
            participation.set_registration_state(
                registration, row.state, actor=users.get(row.decided_by or ""), comment=row.comment
            )
        # Historical: registered and decided in 2018, not when the demo is loaded.
        Registration.objects.filter(pk=registration.pk).update(
            submitted_at=row.submitted_at, decided_at=row.decided_at
        )
        tally.created += 1
    return [tally]
