"""Steps of the demo loader for results (``loader.STEPS``): the activities of the 2018 thematic
movement, its interim reports, the assessments of units and people in every state, and the bloc
of the department's divisions with its peer scores. Data in ``data_results``.

Like every step, each one reads which of its records exist (one query), then writes only the
missing ones through the results services, so they are validated and audited as in production.
A second run creates nothing and writes no audit event.

The results are historical (2018) while the services stamp "now". As for the movements, the
times the services set are then moved to their 2018 values with ``QuerySet.update``/
``bulk_update`` (an activity's ``created_at`` and ``withdrawn_at``, a report's
``submitted_at``/``decided_at``, an assessment's ``submitted_at``/``reviewed_at``/
``finalized_at`` and its scores' ``updated_at``); the audit events keep the real time of the
load. Activities are dated in 2018, which ``report_activity`` accepts (it refuses only days
after today).

Assessments are scored only while a movement is under review (``phases.scoring_open``), so the
assessments step moves TTĐN-2018 from "launched" to "under review" (sơ kết, tổng kết) when it
creates them, as the emulation officer did in December 2018. A movement a demo user has moved
elsewhere (closed, say) is left alone, and so is anything a demo user changed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils.translation import gettext as _

from thidua.demo import data_results as data
from thidua.movements import services as movement_services
from thidua.movements.enums import MovementState
from thidua.movements.models import (
    BonusItem,
    Criterion,
    Movement,
    ParentPlanTask,
    PenaltyItem,
    UnitPlanTarget,
)
from thidua.movements.phases import reporting_open, reports_open, scoring_open
from thidua.org.models import Person, Place, Unit, User
from thidua.results import activities, assessments, blocs, reports
from thidua.results.enums import AssessmentState, ReportPeriod, ReportState, ScoreStage
from thidua.results.models import (
    Activity,
    ActivityKind,
    Assessment,
    AssessmentScore,
    Bloc,
    PeerScore,
    PeriodicReport,
)

if TYPE_CHECKING:
    from thidua.demo.loader import Tally


def _tally(key: str, label: str, present: int = 0) -> Tally:
    # Imported here: loader imports this module to list its steps.
    from thidua.demo.loader import Tally

    return Tally(key, label, present=present)


def _users(usernames: set[str | None]) -> dict[str, User]:
    return User.objects.in_bulk({u for u in usernames if u}, field_name="username")


def _movement(is_open: Callable[[Movement], bool]) -> Movement | None:
    """TTĐN-2018 if it is in a state where the step can add what is missing."""
    movement = Movement.objects.filter(code=data.TTDN_CODE).first()
    if movement is None or not is_open(movement):
        return None
    return movement


def _reporter(row: data.ActivityRow) -> str:
    return row.reporter or data.REPORTERS.get(row.unit, data.OFFICER)


# --- activities -----------------------------------------------------------------------------


def _activity_key(row: data.ActivityRow) -> tuple[str, str, dt.date]:
    return (row.unit, row.kind, row.day)


def load_activities() -> list[Tally]:
    """About two hundred activities from May to December 2018. An activity has no code: the
    step counts the movement's activities per unit, kind and day (withdrawn ones included) and
    adds only the demo rows beyond that count, so an activity a demo user corrected (its title,
    values, place) is not added again."""
    rows = data.ACTIVITIES
    have = {
        (unit, kind, day): n
        for unit, kind, day, n in Activity.objects.filter(movement__code=data.TTDN_CODE)
        .order_by()
        .values("unit__code", "kind__code", "occurred_on")
        .annotate(n=Count("pk"))
        .values_list("unit__code", "kind__code", "occurred_on", "n")
    }
    seen: Counter[tuple[str, str, dt.date]] = Counter()
    missing = []
    for row in rows:
        key = _activity_key(row)
        seen[key] += 1
        if seen[key] > have.get(key, 0):
            missing.append(row)
    tally = _tally("activities", _("Hoạt động"), present=len(rows) - len(missing))
    movement = _movement(reporting_open) if missing else None
    if movement is None:
        return [tally]
    units = Unit.objects.in_bulk({r.unit for r in missing}, field_name="code")
    people = Person.objects.in_bulk({r.person for r in missing if r.person}, field_name="code")
    places = Place.objects.in_bulk({r.place for r in missing if r.place}, field_name="code")
    kinds = ActivityKind.objects.in_bulk({r.kind for r in missing}, field_name="code")
    tasks = {t.code: t for t in ParentPlanTask.objects.filter(plan_id=movement.parent_plan_id)}
    targets = {
        (t.plan.unit.code, t.indicator): t
        for t in UnitPlanTarget.objects.filter(plan__movement=movement)
        .exclude(indicator="")
        .select_related("plan__unit")
    }
    users = _users({_reporter(r) for r in missing})
    stamped: list[Activity] = []
    for row in missing:
        actor = users.get(_reporter(row))
        activity = activities.report_activity(
            movement,
            unit=units[row.unit],
            person=people[row.person] if row.person else None,
            kind=kinds[row.kind],
            title=row.title,
            occurred_on=row.day,
            place=places[row.place] if row.place else None,
            participants=row.participants,
            description=row.description,
            values=row.values,
            target=targets.get((row.unit, row.target)) if row.target else None,
            parent_task=tasks.get(row.kind),
            actor=actor,
        )
        # Historical: entered the next working day in 2018, not when the demo is loaded.
        activity.created_at = data.reported_at(row)
        if row.withdrawn:
            activity = activities.withdraw_activity(activity, actor=actor, reason=row.withdrawn)
            activity.created_at = data.reported_at(row)
            activity.withdrawn_at = activity.created_at + dt.timedelta(hours=1)
        stamped.append(activity)
        tally.created += 1
    Activity.objects.bulk_update(stamped, ["created_at", "withdrawn_at"], batch_size=200)
    return [tally]


# --- periodic reports -------------------------------------------------------------------------


def load_reports() -> list[Tally]:
    """Interim reports (10/5-15/7/2018) of six units: accepted, submitted, returned with a
    comment, and a draft. Their text is the summary built from the unit's activities, with the
    unit's own assessment added under it."""
    rows = data.REPORTS
    have = set(
        PeriodicReport.objects.filter(
            movement__code=data.TTDN_CODE,
            period=ReportPeriod.INTERIM,
            period_start=data.INTERIM_START,
            unit__code__in=[r.unit for r in rows],
        ).values_list("unit__code", flat=True)
    )
    tally = _tally("reports", _("Báo cáo định kỳ"), present=len(have))
    missing = [r for r in rows if r.unit not in have]
    movement = _movement(reports_open) if missing else None
    if movement is None:
        return [tally]
    units = Unit.objects.in_bulk({r.unit for r in missing}, field_name="code")
    users = _users({data.OFFICER, *(data.REPORTERS.values())})
    officer = users.get(data.OFFICER)
    for row in missing:
        writer = users.get(data.REPORTERS.get(row.unit, data.OFFICER))
        report = reports.create_report(
            movement,
            units[row.unit],
            period=ReportPeriod.INTERIM,
            start=data.INTERIM_START,
            end=data.INTERIM_END,
            actor=writer,
        )
        if row.closing:
            reports.save_report(report, content=f"{report.content}\n\n{row.closing}", actor=writer)
        if row.state != ReportState.DRAFT:
            reports.set_report_state(report, ReportState.SUBMITTED, actor=writer)
        if row.state in {ReportState.ACCEPTED, ReportState.RETURNED}:
            reports.set_report_state(report, row.state, actor=officer, comment=row.comment)
        # Historical: submitted and decided in July 2018.
        PeriodicReport.objects.filter(pk=report.pk).update(
            submitted_at=row.submitted_at, decided_at=row.decided_at
        )
        tally.created += 1
    return [tally]


# --- assessments --------------------------------------------------------------------------------


def _under_review(officer: User | None) -> Movement | None:
    """TTĐN-2018, moved to "under review" if it is still launched (scoring opens then)."""
    movement = Movement.objects.filter(code=data.TTDN_CODE).first()
    if movement is not None and movement.state == MovementState.LAUNCHED:
        movement_services.set_movement_state(
            movement,
            MovementState.UNDER_REVIEW,
            actor=officer,
            note=_("Dữ liệu mẫu: tổng kết phong trào từ ngày 01/12/2018."),
        )
    if movement is None or not scoring_open(movement):
        return None
    return movement


class _Ids:
    """The movement's criteria, bonus and penalty items by the codes the data uses."""

    def __init__(self, movement: Movement) -> None:
        self.criteria = dict(
            Criterion.objects.filter(section__table__movement=movement).values_list("code", "pk")
        )
        self.bonus = dict(
            BonusItem.objects.filter(table__movement=movement).values_list("order", "pk")
        )
        self.penalty = dict(
            PenaltyItem.objects.filter(table__movement=movement).values_list("order", "pk")
        )

    def points(self, values: dict[str, Any] | None) -> dict[int, Any]:
        return {self.criteria[code]: v for code, v in (values or {}).items()}

    def bonus_items(self, values: dict[str, str] | None) -> dict[int, str] | None:
        if values is None:
            return None
        return {self.bonus[data.BONUS[name]]: v for name, v in values.items()}

    def penalty_items(self, values: dict[str, int] | None) -> dict[int, int] | None:
        if values is None:
            return None
        return {self.penalty[data.PENALTY[name]]: n for name, n in values.items()}


def _score(
    assessment: Assessment, stage: str, entry: data.Stage, ids: _Ids, users: dict[str, User]
) -> None:
    assessments.save_scores(
        assessment,
        stage,
        ids.points(entry.points),
        comments=ids.points(entry.comments),
        bonus=ids.bonus_items(entry.bonus),
        penalties=ids.penalty_items(entry.penalties),
        actor=users.get(entry.by or ""),
    )
    # Historical: scored in December 2018.
    AssessmentScore.objects.filter(assessment=assessment, stage=stage).update(updated_at=entry.at)


def load_assessments() -> list[Tally]:
    """Assessments of units and of a few people in each state of the workflow: being
    self-assessed, submitted, reviewed (with the reviewer's changes and comments) and final
    (with the council's scores). Results are not released."""
    rows = data.ASSESSMENTS
    have = set(
        Assessment.objects.filter(movement__code=data.TTDN_CODE).values_list(
            "unit__code", "person__code"
        )
    )
    tally = _tally(
        "assessments",
        _("Đánh giá, chấm điểm"),
        present=sum((r.unit, r.person) in have for r in rows),
    )
    missing = [r for r in rows if (r.unit, r.person) not in have]
    if not missing:
        return [tally]
    stages = [s for r in missing for s in (r.self, r.review, r.council) if s is not None]
    users = _users({data.OFFICER, *(s.by for s in stages)})
    movement = _under_review(users.get(data.OFFICER))
    if movement is None:
        return [tally]
    ids = _Ids(movement)
    units = Unit.objects.in_bulk({r.unit for r in missing}, field_name="code")
    people = Person.objects.in_bulk({r.person for r in missing if r.person}, field_name="code")
    for row in missing:
        _create_assessment(movement, row, units=units, people=people, ids=ids, users=users)
        tally.created += 1
    return [tally]


def _create_assessment(
    movement: Movement,
    row: data.AssessmentRow,
    *,
    units: dict[str, Unit],
    people: dict[str, Person],
    ids: _Ids,
    users: dict[str, User],
) -> Assessment:
    assessment = assessments.open_assessment(
        movement,
        unit=units[row.unit],
        person=people[row.person] if row.person else None,
        actor=users.get(row.self.by or ""),
    )
    _score(assessment, ScoreStage.SELF, row.self, ids, users)
    stamps: dict[str, dt.datetime] = {}
    if row.state != AssessmentState.SELF_DRAFT:
        assessments.set_assessment_state(
            assessment, AssessmentState.SELF_SUBMITTED, actor=users.get(row.self.by or "")
        )
        stamps["submitted_at"] = row.self.at
    if row.review is not None:
        _score(assessment, ScoreStage.REVIEW, row.review, ids, users)
        if row.state in {AssessmentState.REVIEWED, AssessmentState.FINAL}:
            assessments.set_assessment_state(
                assessment, AssessmentState.REVIEWED, actor=users.get(row.review.by or "")
            )
            stamps["reviewed_at"] = row.review.at
    if row.council is not None:
        _score(assessment, ScoreStage.COUNCIL, row.council, ids, users)
        if row.state == AssessmentState.FINAL:
            assessments.set_assessment_state(
                assessment, AssessmentState.FINAL, actor=users.get(row.council.by or "")
            )
            stamps["finalized_at"] = row.council.at
    if stamps:
        Assessment.objects.filter(pk=assessment.pk).update(**stamps)
    return assessment


# --- the bloc and its peer scores -------------------------------------------------------------


def load_blocs() -> list[Tally]:
    """The bloc "Khối các phòng chuyên môn" of four divisions, led by TTBCXB."""
    tally = _tally("blocs", _("Khối thi đua"))
    if Bloc.objects.filter(movement__code=data.TTDN_CODE, code=data.BLOC_CODE).exists():
        tally.present = 1
        return [tally]
    movement = _movement(reporting_open)
    if movement is None:
        return [tally]
    units = Unit.objects.in_bulk(data.BLOC_MEMBERS, field_name="code")
    weight_self, weight_peer, weight_review = data.BLOC_WEIGHTS
    blocs.upsert_bloc(
        movement,
        data.BLOC_CODE,
        name=data.BLOC_NAME,
        leader=units[data.BLOC_LEADER],
        deputy=units[data.BLOC_DEPUTY],
        members=[units[c] for c in data.BLOC_MEMBERS],
        weight_self=weight_self,
        weight_peer=weight_peer,
        weight_review=weight_review,
        actor=_users({data.OFFICER}).get(data.OFFICER),
    )
    tally.created = 1
    return [tally]


def load_peer_scores() -> list[Tally]:
    """The totals the members of the bloc gave each other; one member has not scored yet."""
    rows = data.PEER_SCORES
    have = set(
        PeerScore.objects.filter(
            bloc__movement__code=data.TTDN_CODE, bloc__code=data.BLOC_CODE
        ).values_list("scorer__code", "subject__code")
    )
    tally = _tally(
        "peer_scores",
        _("Điểm chấm chéo"),
        present=sum((scorer, subject) in have for scorer, subject, _p, _c in rows),
    )
    missing = [r for r in rows if (r[0], r[1]) not in have]
    movement = _movement(scoring_open) if missing else None
    if movement is None or assessments.results_released(movement):
        return [tally]
    bloc = Bloc.objects.filter(movement=movement, code=data.BLOC_CODE).first()
    if bloc is None:
        return [tally]
    member_codes = set(bloc.members.values_list("unit__code", flat=True))
    units = Unit.objects.in_bulk({c for r in missing for c in r[:2]}, field_name="code")
    users = _users(set(data.REPORTERS.values()))
    for scorer, subject, points, comment in missing:
        if not {scorer, subject} <= member_codes:
            continue  # a demo user changed the bloc's members: leave it
        blocs.save_peer_score(
            bloc,
            scorer=units[scorer],
            subject=units[subject],
            points=points,
            comment=comment,
            actor=users.get(data.REPORTERS.get(scorer, "")),
        )
        tally.created += 1
    return [tally]
