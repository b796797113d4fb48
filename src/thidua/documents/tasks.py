"""Background generation (django.tasks): tasks take ids, call a service, and are safe to run
twice (a finished job is left as it is)."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from thidua.awards.models import CouncilSession, Decision
from thidua.documents import services, services_movement
from thidua.documents.models import GenerationJob
from thidua.movements.models import Movement
from thidua.org.models import Unit


@task()
def generate_certificates(job_id: int) -> None:
    services.run_certificates_job(GenerationJob.objects.get(pk=job_id))


@task()
def generate_decision(decision_id: int, user_id: int | None = None) -> None:
    from django.contrib.auth import get_user_model

    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    services.generate_decision_document(Decision.objects.get(pk=decision_id), actor=actor)


def _actor(user_id: int | None) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


@task()
def generate_plan(movement_id: int, user_id: int | None = None) -> None:
    services.generate_plan_document(Movement.objects.get(pk=movement_id), actor=_actor(user_id))


@task()
def generate_report(movement_id: int, user_id: int | None = None) -> None:
    services_movement.generate_report_document(
        Movement.objects.get(pk=movement_id), actor=_actor(user_id)
    )


@task()
def generate_proposal(movement_id: int, unit_id: int, user_id: int | None = None) -> None:
    services_movement.generate_proposal_document(
        Movement.objects.get(pk=movement_id), Unit.objects.get(pk=unit_id), actor=_actor(user_id)
    )


@task()
def generate_minutes(session_id: int, user_id: int | None = None) -> None:
    services_movement.generate_minutes_document(
        CouncilSession.objects.select_related("council", "movement").get(pk=session_id),
        actor=_actor(user_id),
    )
