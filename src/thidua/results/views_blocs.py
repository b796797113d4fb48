"""Emulation bloc pages: the blocs of a movement, creating and editing one (the officer), the
bloc with its members, weights, formula and ranking, and the peer-scoring form of the head of
each member unit.

Thin: blocs are read through ``visible_blocs``, peer scores through ``visible_peer_scores``;
permissions are checked with their object (``require``); the services in
``thidua.results.blocs`` validate (weights adding up to 1, members taking part, peer-score
range) with Vietnamese messages shown on the form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.http import HtmxHttpRequest
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.movements.models import Movement
from thidua.movements.phases import scoring_open
from thidua.movements.queries import participant_units
from thidua.movements.views_participation import get_movement
from thidua.org.forms_edit import add_service_errors
from thidua.org.models import Unit
from thidua.results import blocs as services
from thidua.results.forms_assessments import BlocForm, PeerScoreForm
from thidua.results.models import Bloc
from thidua.results.queries import results_released, visible_blocs, visible_peer_scores


def _bloc(request: HtmxHttpRequest, movement: Movement, bloc_code: str) -> Bloc:
    bloc = get_visible_or_404(
        request,
        visible_blocs(request.user).select_related("leader", "deputy", "movement__organizer"),
        Bloc,
        "movements.view_movement",
        movement=movement,
        code=bloc_code,
    )
    bloc.movement = movement
    return bloc


@login_required
@require_GET
def bloc_list(request: HtmxHttpRequest, code: str) -> HttpResponse:
    movement = get_movement(request, code)
    require(request.user, "movements.view_movement", movement, path=request.path)
    blocs = (
        visible_blocs(request.user)
        .filter(movement=movement)
        .select_related("leader", "deputy")
        .prefetch_related("members__unit")
        .order_by("code")
    )
    context = {
        "movement": movement,
        "blocs": blocs,
        "can_manage": request.user.has_perm("results.manage_blocs", movement),
    }
    return render(request, "results/bloc_list.html", context)


def _bloc_form(request: HtmxHttpRequest, movement: Movement, bloc: Bloc | None) -> HttpResponse:
    require(request.user, "results.manage_blocs", movement, path=request.path)
    units = participant_units(movement).order_by("path")
    initial: dict[str, Any] = {}
    if bloc is not None:
        initial = {
            "code": bloc.code,
            "name": bloc.name,
            "leader": bloc.leader_id,
            "deputy": bloc.deputy_id,
            "members": list(bloc.members.values_list("unit_id", flat=True)),
            "weight_self": bloc.weight_self,
            "weight_peer": bloc.weight_peer,
            "weight_review": bloc.weight_review,
        }
    form = BlocForm(request.POST or None, units=units, editing=bloc is not None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved, created, _changed = services.upsert_bloc(
                movement,
                bloc.code if bloc else data["code"],
                name=data["name"],
                leader=data["leader"],
                deputy=data["deputy"],
                members=list(data["members"]),
                weight_self=data["weight_self"],
                weight_peer=data["weight_peer"],
                weight_review=data["weight_review"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if created:
                messages.success(request, _("Đã tạo khối “%(name)s”.") % {"name": saved.name})
            else:
                messages.success(request, _("Đã lưu khối “%(name)s”.") % {"name": saved.name})
            return redirect("results:bloc_detail", code=movement.code, bloc_code=saved.code)
    context = {"movement": movement, "bloc": bloc, "form": form}
    return render(request, "results/bloc_form.html", context)


@login_required
def bloc_create(request: HtmxHttpRequest, code: str) -> HttpResponse:
    return _bloc_form(request, get_movement(request, code), None)


@login_required
def bloc_edit(request: HtmxHttpRequest, code: str, bloc_code: str) -> HttpResponse:
    movement = get_movement(request, code)
    return _bloc_form(request, movement, _bloc(request, movement, bloc_code))


def _peer_forms(
    request: HtmxHttpRequest, bloc: Bloc, members: list[Unit], posted: PeerScoreForm | None = None
) -> list[dict[str, Any]]:
    """A peer-scoring form for each member unit the user heads, prefilled with what it gave."""
    if results_released(bloc.movement) or not scoring_open(bloc.movement):
        return []
    scorers = [u for u in members if request.user.has_perm("results.peer_score", u)]
    given = {
        (s.scorer_id, s.subject_id): s for s in visible_peer_scores(request.user).filter(bloc=bloc)
    }
    maximum = services.peer_score_max(bloc.movement)
    forms = []
    for scorer in scorers:
        subjects = [u for u in members if u.pk != scorer.pk]
        if posted is not None and posted.prefix == f"s{scorer.pk}":
            form = posted
        else:
            initial: dict[str, Any] = {}
            for subject in subjects:
                score = given.get((scorer.pk, subject.pk))
                if score is not None:
                    initial[f"u{subject.pk}_points"] = score.points
                    initial[f"u{subject.pk}_comment"] = score.comment
            form = PeerScoreForm(
                subjects=subjects, maximum=maximum, initial=initial, prefix=f"s{scorer.pk}"
            )
        forms.append({"scorer": scorer, "form": form})
    return forms


def _render_bloc(
    request: HtmxHttpRequest, bloc: Bloc, posted: PeerScoreForm | None = None
) -> HttpResponse:
    members = [m.unit for m in bloc.members.select_related("unit").order_by("unit__path")]
    can_rank = request.user.has_perm("results.view_ranking", bloc.movement)
    context = {
        "movement": bloc.movement,
        "bloc": bloc,
        "members": members,
        "results": services.bloc_results(bloc) if can_rank else None,
        "peer_forms": _peer_forms(request, bloc, members, posted),
        "can_manage": request.user.has_perm("results.manage_blocs", bloc.movement),
        "released": results_released(bloc.movement),
        "peer_max": services.peer_score_max(bloc.movement),
    }
    return render(request, "results/bloc_detail.html", context)


@login_required
@require_GET
def bloc_detail(request: HtmxHttpRequest, code: str, bloc_code: str) -> HttpResponse:
    """The bloc: members, weights and formula, the ranking (officer; members once released),
    and the peer-scoring form of each member unit the user heads."""
    movement = get_movement(request, code)
    return _render_bloc(request, _bloc(request, movement, bloc_code))


@login_required
@require_POST
def peer_scores(request: HtmxHttpRequest, code: str, bloc_code: str) -> HttpResponse:
    """The head of a member unit saves the totals it gives the other members."""
    movement = get_movement(request, code)
    bloc = _bloc(request, movement, bloc_code)
    members = [m.unit for m in bloc.members.select_related("unit").order_by("unit__path")]
    scorer = next((u for u in members if u.code == request.POST.get("scorer")), None)
    if scorer is None:
        require(request.user, "results.peer_score", None, path=request.path)
        messages.error(request, _("Đơn vị chấm không phải thành viên của khối."))
        return redirect("results:bloc_detail", code=movement.code, bloc_code=bloc.code)
    require(request.user, "results.peer_score", scorer, path=request.path)
    form = PeerScoreForm(
        request.POST,
        subjects=[u for u in members if u.pk != scorer.pk],
        maximum=services.peer_score_max(movement),
        prefix=f"s{scorer.pk}",
    )
    if form.is_valid():
        try:
            with transaction.atomic():
                for subject, points, comment in form.entries():
                    services.save_peer_score(
                        bloc,
                        scorer=scorer,
                        subject=subject,
                        points=points,
                        comment=comment,
                        actor=request.user,
                    )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Đã lưu điểm chấm chéo của “%(unit)s”.") % {"unit": scorer.name}
            )
            return redirect("results:bloc_detail", code=movement.code, bloc_code=bloc.code)
    return _render_bloc(request, bloc, posted=form)
