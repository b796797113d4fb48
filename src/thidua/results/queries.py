"""What a user may see of results, as querysets. Pages and API lists start from these functions
and never filter in Python; each is paired with a predicate in ``thidua.results.rules``.

Sections:
- Activities and evidence files (reported activities, their evidence, who may report them).
- Assessments, periodic reports and blocs (added with the assessment pages).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from thidua.movements.models import Movement
from thidua.movements.queries import (
    PARTICIPANT_ROLES,
    managed_movements,
    participant_units,
    visible_movements,
)
from thidua.org.enums import DIRECTORY_ROLES, ORG_EDITOR_ROLES, Role
from thidua.org.models import Person, Unit
from thidua.org.queries import active_role_scopes, own_person_id, scope_paths
from thidua.results.models import (
    Activity,
    Assessment,
    Bloc,
    BlocMember,
    EvidenceFile,
    PeerScore,
    PeriodicReport,
)

# Roles that report (and correct) the activities of every unit of the subtree they hold it on.
HEAD_ROLES = (*ORG_EDITOR_ROLES, Role.UNIT_HEAD)


def _subtree_q(paths: list[str], field: str) -> Q:
    if "" in paths:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


# == Activities and evidence files ==========================================================


def own_unit_id(user: Any) -> int | None:
    """The unit of the user's own staff record, if the user has one."""
    if own_person_id(user) is None:
        return None
    return user.person.unit_id


def visible_activities(user: Any) -> QuerySet[Activity]:
    """Activities (withdrawn ones included: callers filter) the user may see: those of units
    inside the subtrees where the user holds a directory role (unit head, officer, council,
    administrator), every activity of the movements the user runs, the activities of the
    user's own unit, and those the user reported or is named in."""
    if not getattr(user, "is_authenticated", False):
        return Activity.objects.none()
    paths = scope_paths(user, DIRECTORY_ROLES)
    q = _subtree_q(paths, "unit__path") if paths else Q(pk__in=[])
    q |= Q(movement__in=managed_movements(user))
    q |= Q(created_by_id=user.pk)
    person_id = own_person_id(user)
    if person_id is not None:
        q |= Q(person_id=person_id) | Q(unit_id=own_unit_id(user))
    return Activity.objects.filter(q)


def reportable_units(user: Any, movement: Movement) -> QuerySet[Unit]:
    """Participating units the user may report activities for (mirrors
    ``rules.can_report_activity``): those of the subtrees the user heads or runs as an officer,
    and the user's own unit."""
    units = participant_units(movement)
    paths = scope_paths(user, HEAD_ROLES)
    q = _subtree_q(paths, "path") if paths else Q(pk__in=[])
    unit_id = own_unit_id(user)
    if unit_id is not None:
        q |= Q(pk=unit_id)
    return units.filter(q)


def reporting_people(user: Any, movement: Movement) -> QuerySet[Person]:
    """People a unit head may name as the one who carried out an activity: the staff in post
    of the participating units the user heads (or runs as an officer)."""
    paths = scope_paths(user, HEAD_ROLES)
    if not paths:
        return Person.objects.none()
    units = participant_units(movement).filter(_subtree_q(paths, "path"))
    return Person.objects.filter(unit__in=units, left_on__isnull=True)


def visible_evidence(user: Any) -> QuerySet[EvidenceFile]:
    """Evidence files whose owner the user may see. Activity evidence here; the assessment
    section adds the branch for evidence attached to assessments (``assessment__in=...``)."""
    return EvidenceFile.objects.filter(
        Q(activity__in=visible_activities(user)) | Q(assessment__in=visible_assessments(user))
    )


# == Assessments, periodic reports and blocs ================================================


def headed_unit_paths(user: Any) -> list[str]:
    """Paths of the units on which the user holds the unit-head role itself."""
    return [path for role, path in active_role_scopes(user) if role == Role.UNIT_HEAD]


def results_released(movement: Movement) -> bool:
    """Whether the officer has released the movement's results (``release_results``)."""
    return Assessment.objects.filter(movement=movement, results_released=True).exists()


def visible_reports(user: Any) -> QuerySet[PeriodicReport]:
    """Periodic reports of the units in the user's subtrees (any participant role) and of the
    user's own unit, and every report of the movements the user runs."""
    if not getattr(user, "is_authenticated", False):
        return PeriodicReport.objects.none()
    paths = scope_paths(user, PARTICIPANT_ROLES)
    q = _subtree_q(paths, "unit__path") if paths else Q(pk__in=[])
    q |= Q(movement__in=managed_movements(user))
    unit_id = own_unit_id(user)
    if unit_id is not None:
        q |= Q(unit_id=unit_id)
    return PeriodicReport.objects.filter(q)


def led_bloc_members(user: Any) -> QuerySet[BlocMember]:
    """Members of the blocs whose leader unit the user heads (the bloc leader reviews them)."""
    paths = headed_unit_paths(user)
    if not paths:
        return BlocMember.objects.none()
    return BlocMember.objects.filter(bloc__leader__path__in=paths)


def visible_assessments(user: Any) -> QuerySet[Assessment]:
    """Before the results are released a unit sees only its own assessment: those of the units
    (and their people) in the subtrees where the user is unit head, officer or administrator,
    the user's own assessment as a person, the unit assessments of the blocs the user leads,
    and every assessment of the movements the user runs. Once released, the assessments of
    every movement the user sees."""
    if not getattr(user, "is_authenticated", False):
        return Assessment.objects.none()
    paths = scope_paths(user, HEAD_ROLES)
    q = _subtree_q(paths, "unit__path") if paths else Q(pk__in=[])
    q |= Q(movement__in=managed_movements(user))
    person_id = own_person_id(user)
    if person_id is not None:
        q |= Q(person_id=person_id)
    if headed_unit_paths(user):
        led = led_bloc_members(user).filter(
            unit=OuterRef("unit"), bloc__movement=OuterRef("movement")
        )
        q |= Q(Exists(led), person__isnull=True)
    q |= Q(results_released=True, movement__in=visible_movements(user))
    return Assessment.objects.filter(q)


def visible_blocs(user: Any) -> QuerySet[Bloc]:
    """Blocs (names, leaders, members, weights) of the movements the user sees."""
    return Bloc.objects.filter(movement__in=visible_movements(user))


def visible_peer_scores(user: Any) -> QuerySet[PeerScore]:
    """Peer scores given by the units of the user's subtrees (unit head, officer), and every
    peer score of the movements the user runs."""
    if not getattr(user, "is_authenticated", False):
        return PeerScore.objects.none()
    paths = scope_paths(user, HEAD_ROLES)
    q = _subtree_q(paths, "scorer__path") if paths else Q(pk__in=[])
    q |= Q(bloc__movement__in=managed_movements(user))
    return PeerScore.objects.filter(q)
