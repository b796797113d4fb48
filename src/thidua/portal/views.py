"""Public pages: anyone may read them without logging in. They read only through
``public_movements`` (never drafts) and show no personal data of staff: the founding document's
signer is part of the published document, nobody else is named."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from thidua.core.codes import AWARDS
from thidua.movements.enums import ParticipantRole
from thidua.movements.models import ContentSection, Movement, Participant, Phase
from thidua.movements.phases import phase_open
from thidua.movements.queries import public_movements


@dataclass(frozen=True)
class PhaseRow:
    phase: Phase
    current: bool


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Launched movements, the most recent founding document first."""
    movements = (
        public_movements().select_related("doc_issuer").order_by("-doc_date", "-period_start", "pk")
    )
    page = Paginator(movements, settings.THIDUA_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/home.html", {"page": page})


@require_safe
def movement_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A launched movement's public page; a draft is a plain 404, as if it did not exist."""
    movement: Movement = get_object_or_404(
        public_movements()
        .select_related("doc_issuer", "organizer", "parent_plan")
        .prefetch_related(
            "legal_bases",
            "phases",
            "foreseen_awards",
            Prefetch(
                "sections",
                queryset=ContentSection.objects.prefetch_related("parent_tasks"),
            ),
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("unit").order_by("role", "unit__path"),
            ),
        ),
        code=code,
    )
    parent_tasks = list(movement.parent_plan.tasks.all()) if movement.parent_plan else []
    # phase_open reads the prefetched phases: no query per phase.
    phases = [PhaseRow(p, phase_open(movement, p.kind)) for p in movement.phases.all()]
    awards = list(movement.foreseen_awards.all())
    participants = list(movement.participants.all())
    context = {
        "movement": movement,
        "parent_tasks": parent_tasks,
        "phases": phases,
        "lead_units": [p for p in participants if p.role == ParticipantRole.LEAD],
        "participants": [p for p in participants if p.role != ParticipantRole.LEAD],
        "titles": [a for a in awards if AWARDS[a.award_code].is_title],
        "forms": [a for a in awards if not AWARDS[a.award_code].is_title],
    }
    return render(request, "portal/movement.html", context)
