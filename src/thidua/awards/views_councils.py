"""Pages of a council session: attendance, opening the vote (quorum), ballots with the
member's secret vote, the secretary's paper-ballot entry, and the results for the minutes.
Thin views over ``thidua.awards.councils``; sessions read through ``visible_sessions``.

Secrecy: the vote form posts a choice that only reaches ``councils.cast_vote``; the answer
is a redirect to a page saying only "Đã bỏ phiếu"; no message repeats the choice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.awards import councils
from thidua.awards.enums import BallotState, NominationState, SessionState, VoteChoice, VoteVia
from thidua.awards.models import Attendance, Ballot, BallotReceipt, CouncilMember, CouncilSession
from thidua.awards.rules_councils import visible_sessions
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404

PRESENT, IN_WRITING, ABSENT = "present", "writing", "absent"


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=gettext_lazy("Ý kiến của Anh/Chị"),
        choices=VoteChoice.choices,
        widget=forms.RadioSelect,
    )


class PaperBallotForm(forms.Form):
    member = forms.ModelChoiceField(
        label=gettext_lazy("Thành viên (phiếu giấy của)"), queryset=CouncilMember.objects.none()
    )
    choice = forms.ChoiceField(
        label=gettext_lazy("Ý kiến ghi trên phiếu"),
        choices=VoteChoice.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, session: CouncilSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = councils.voting_members(session)  # type: ignore[attr-defined]


def _session(request: HttpRequest, pk: int) -> CouncilSession:
    session = get_visible_or_404(
        request, visible_sessions(request.user), CouncilSession, "awards.view_council", pk=pk
    )
    require(request.user, "awards.view_council", session, path=request.path)
    return session


def _ballot(request: HttpRequest, pk: int) -> Ballot:
    ballot = get_object_or_404(Ballot.objects.select_related("session__council"), pk=pk)
    _session(request, ballot.session_id)
    return ballot


def _my_member(request: HttpRequest, session: CouncilSession) -> CouncilMember | None:
    return CouncilMember.objects.filter(
        council_id=session.council_id, user_id=request.user.pk or 0
    ).first()


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    manage = request.user.has_perm("awards.manage_council", session)
    me = _my_member(request, session)
    ballots = list(
        Ballot.objects.filter(session=session).select_related(
            "nomination__person", "nomination__unit"
        )
    )
    voted = (
        set(
            BallotReceipt.objects.filter(member=me, ballot__in=ballots).values_list(
                "ballot_id", flat=True
            )
        )
        if me
        else set()
    )
    rows = [
        {
            "ballot": b,
            "voted": b.pk in voted,
            "can_vote": me is not None
            and request.user.has_perm("awards.vote", b)
            and b.pk not in voted,
            "vote_form": VoteForm(prefix=f"b{b.pk}"),
            "paper_form": PaperBallotForm(session=session, prefix=f"p{b.pk}") if manage else None,
        }
        for b in ballots
    ]
    attendance = (
        Attendance.objects.filter(session=session).select_related("member").order_by("member__id")
    )
    candidates = []
    if manage and session.state == SessionState.VOTING:
        candidates = list(
            session.movement.nominations.filter(state=NominationState.SUBMITTED)
            .exclude(ballots__session=session)
            .select_related("person", "unit")
        )
    return render(
        request,
        "awards/council_session.html",
        {
            "session": session,
            "manage": manage,
            "rows": rows,
            "attendance": attendance,
            "summary": councils.attendance_summary(session),
            "candidates": candidates,
            "PRESENT": PRESENT,
            "IN_WRITING": IN_WRITING,
            "ABSENT": ABSENT,
            "BALLOT_OPEN": BallotState.OPEN,
            "VOTING": SessionState.VOTING,
            "OPEN": SessionState.OPEN,
        },
    )


@login_required
@require_POST
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    require(request.user, "awards.manage_council", session, path=request.path)
    try:
        for row in Attendance.objects.filter(session=session).select_related("member"):
            value = request.POST.get(f"member-{row.member_id}", ABSENT)
            councils.record_attendance(
                session,
                row.member,
                present=value == PRESENT,
                votes_in_writing=value == IN_WRITING,
                actor=request.user,
            )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã lưu điểm danh."))
    return redirect("awards:council_session", pk=pk)


@login_required
@require_POST
def session_open(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    require(request.user, "awards.manage_council", session, path=request.path)
    try:
        councils.open_session(session, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã mở biểu quyết."))
    return redirect("awards:council_session", pk=pk)


@login_required
@require_POST
def session_ballots(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    require(request.user, "awards.manage_council", session, path=request.path)
    ids = [int(i) for i in request.POST.getlist("nomination") if i.isdigit()]
    try:
        councils.open_ballots(session, ids, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã mở phiếu biểu quyết."))
    return redirect("awards:council_session", pk=pk)


@login_required
@require_POST
def ballot_vote(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _ballot(request, pk)
    require(request.user, "awards.vote", ballot, path=request.path)
    member = _my_member(request, ballot.session)
    form = VoteForm(request.POST, prefix=f"b{ballot.pk}")
    if member is None or not form.is_valid():
        messages.error(request, _("Chọn một ý kiến: Đồng ý, Không đồng ý hoặc Phiếu trắng."))
        return redirect("awards:council_session", pk=ballot.session_id)
    try:
        councils.cast_vote(
            ballot,
            member=member,
            choice=form.cleaned_data["choice"],
            via=VoteVia.ONLINE,
            actor=request.user,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("awards:council_session", pk=ballot.session_id)
    return redirect("awards:council_voted", pk=ballot.pk)


@login_required
def ballot_voted(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _ballot(request, pk)
    return render(request, "awards/council_voted.html", {"ballot": ballot})


@login_required
@require_POST
def ballot_paper(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _ballot(request, pk)
    require(request.user, "awards.manage_council", ballot, path=request.path)
    form = PaperBallotForm(request.POST, session=ballot.session, prefix=f"p{ballot.pk}")
    if not form.is_valid():
        messages.error(request, _("Chọn thành viên và ý kiến ghi trên phiếu."))
        return redirect("awards:council_session", pk=ballot.session_id)
    try:
        councils.cast_vote(
            ballot,
            member=form.cleaned_data["member"],
            choice=form.cleaned_data["choice"],
            via=VoteVia.PAPER,
            actor=request.user,
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã nhập phiếu giấy."))
    return redirect("awards:council_session", pk=ballot.session_id)


@login_required
@require_POST
def ballot_close(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _ballot(request, pk)
    require(request.user, "awards.manage_council", ballot, path=request.path)
    try:
        councils.close_ballot(ballot, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Đã kiểm phiếu."))
    return redirect("awards:council_results", pk=ballot.session_id)


@login_required
def session_results(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    return render(
        request,
        "awards/council_results.html",
        {
            "session": session,
            "results": councils.results(session),
            "summary": councils.attendance_summary(session),
            "attendance": Attendance.objects.filter(session=session)
            .select_related("member")
            .order_by("member__id"),
        },
    )
