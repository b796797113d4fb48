"""What a user may see of movements, as querysets."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from thidua.movements.enums import MovementState
from thidua.movements.models import Movement, Participant, Registration, UnitPlan
from thidua.org.enums import ORG_EDITOR_ROLES, Role
from thidua.org.models import Person, Unit
from thidua.org.queries import active_role_scopes, own_person_id, path_in_scope, scope_paths

# Roles that see a launched movement in which a unit of their subtree takes part.
PARTICIPANT_ROLES = (
    Role.ADMIN,
    Role.OFFICER,
    Role.UNIT_HEAD,
    Role.COUNCIL_MEMBER,
    Role.COUNCIL_SECRETARY,
    Role.STAFF,
)


def _prefix_q(paths: list[str], field: str) -> Q:
    if "" in paths:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def user_unit_paths(user: Any) -> list[str]:
    """Roots of the subtrees the user belongs to or acts on: role scopes and own unit."""
    paths = scope_paths(user, PARTICIPANT_ROLES)
    person_id = own_person_id(user)
    if person_id is not None:
        own = Person.objects.filter(pk=person_id).values_list("unit__path", flat=True).first()
        if own:
            paths = [*paths, own]
    return paths


def participant_units(movement: Movement) -> QuerySet[Unit]:
    """Every unit taking part: each participant unit and its whole subtree."""
    roots = list(movement.participants.values_list("unit__path", flat=True))
    if not roots:
        return Unit.objects.none()
    return Unit.objects.filter(_prefix_q(roots, "path"))


def visible_movements(user: Any) -> QuerySet[Movement]:
    """Drafts: to officers whose scope covers the organiser. Launched and later movements: to
    officers of the organiser and to anyone whose units take part (up or down the tree: a unit
    head of a participating division, and the officer of the agency above it)."""
    if not getattr(user, "is_authenticated", False):
        return Movement.objects.none()
    editor_paths = scope_paths(user, ORG_EDITOR_ROLES)
    q = _prefix_q(editor_paths, "organizer__path") if editor_paths else Q(pk__in=[])
    paths = user_unit_paths(user)
    if paths:
        if "" in paths:
            participating = Q()
        else:
            # A participant unit inside one of the user's subtrees, or above the user's unit.
            inside = _prefix_q(paths, "unit__path")
            above = Q(pk__in=[])
            for path in paths:
                above |= Q(unit__path__in=_ancestors(path))
            participating = Q(
                Exists(Participant.objects.filter(inside | above, movement=OuterRef("pk")))
            )
        q |= participating & ~Q(state=MovementState.DRAFT)
    return Movement.objects.filter(q)


def _ancestors(path: str) -> list[str]:
    """The paths of a unit and all its ancestors, from its materialized path."""
    segments = [s for s in path.split(".") if s]
    return [".".join(segments[: i + 1]) + "." for i in range(len(segments))]


def public_movements() -> QuerySet[Movement]:
    """Movements the public portal shows: launched and later, never drafts."""
    return Movement.objects.exclude(state=MovementState.DRAFT)


def managed_movements(user: Any) -> QuerySet[Movement]:
    """Movements the user runs as an emulation officer (or administrator)."""
    paths = scope_paths(user, ORG_EDITOR_ROLES)
    if not paths:
        return Movement.objects.none()
    return Movement.objects.filter(_prefix_q(paths, "organizer__path"))


def visible_unit_plans(user: Any) -> QuerySet[UnitPlan]:
    """Unit plans of the user's subtrees, and all unit plans of movements the user manages."""
    paths = scope_paths(user, PARTICIPANT_ROLES)
    q = _prefix_q(paths, "unit__path") if paths else Q(pk__in=[])
    q |= Q(movement__in=managed_movements(user))
    return UnitPlan.objects.filter(q)


def visible_registrations(user: Any) -> QuerySet[Registration]:
    """Registrations of the user's subtrees (unit heads, officers), of movements the user
    manages, and the user's own."""
    paths = scope_paths(user, (*ORG_EDITOR_ROLES, Role.UNIT_HEAD))
    q = _prefix_q(paths, "unit__path") if paths else Q(pk__in=[])
    q |= Q(movement__in=managed_movements(user))
    person_id = own_person_id(user)
    if person_id is not None:
        q |= Q(person_id=person_id)
    return Registration.objects.filter(q)


def progress_units(user: Any, movement: Movement) -> QuerySet[Unit]:
    """Participating units whose completion figures (and staff not yet briefed) the user may
    see: all of them to the officer running the movement; else those inside the subtrees where
    the user is a unit head, officer or administrator (mirrors rules.can_view_unit_progress)."""
    units = participant_units(movement)
    if path_in_scope(movement.organizer.path, scope_paths(user, ORG_EDITOR_ROLES)):
        return units
    paths = scope_paths(user, (*ORG_EDITOR_ROLES, Role.UNIT_HEAD))
    if not paths:
        return Unit.objects.none()
    return units.filter(_prefix_q(paths, "path"))


def headed_units(user: Any, movement: Movement) -> QuerySet[Unit]:
    """Participating units the user heads (a unit-head role held on the unit itself): the
    units whose plan and collective registration the user's panel links to."""
    paths = [path for role, path in active_role_scopes(user) if role == Role.UNIT_HEAD]
    if not paths:
        return Unit.objects.none()
    return participant_units(movement).filter(path__in=paths)


def decidable_registrations(user: Any) -> QuerySet[Registration]:
    """Registrations the user may confirm or reject (mirrors rules.can_decide_registration):
    people's registrations inside the subtrees the user heads, and units' registrations in the
    movements the user runs."""
    paths = scope_paths(user, (*ORG_EDITOR_ROLES, Role.UNIT_HEAD))
    q = (_prefix_q(paths, "unit__path") & Q(person__isnull=False)) if paths else Q(pk__in=[])
    q |= Q(person__isnull=True, movement__in=managed_movements(user))
    return Registration.objects.filter(q)
