"""Pages of councils: the list (``visible_councils``), creating a council, its members (added,
and ended by a last day, never deleted) and sessions; a session's attendance, opening the vote
(quorum), ballots with the member's secret vote, the secretary's paper-ballot entry, the
results for the minutes, and the ranking under a cap with the chair's tie-break.
Thin views over ``thidua.awards.councils`` and ``councils_admin``; sessions read through
``visible_sessions``.

Secrecy: the vote form posts a choice that only reaches ``councils.cast_vote``; the answer
is a redirect to a page saying only "Đã bỏ phiếu"; no message repeats the choice."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.awards import councils, councils_admin
from thidua.awards.enums import (
    BallotState,
    CouncilRole,
    NominationState,
    SessionState,
    VoteChoice,
    VoteVia,
)
from thidua.awards.models import (
    Attendance,
    Ballot,
    BallotReceipt,
    Council,
    CouncilMember,
    CouncilSession,
)
from thidua.awards.rules_councils import visible_sessions
from thidua.awards.rules_councils_admin import visible_councils
from thidua.awards.views_helpers import flash_errors
from thidua.core.codes import AwardCode
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.movements.models import Movement
from thidua.movements.queries import visible_movements
from thidua.org.forms_edit import DateInput, UnitChoiceField, add_service_errors
from thidua.org.models import Unit, User
from thidua.org.queries import editable_units

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
    with flash_errors(request):
        for row in Attendance.objects.filter(session=session).select_related("member"):
            value = request.POST.get(f"member-{row.member_id}", ABSENT)
            councils.record_attendance(
                session,
                row.member,
                present=value == PRESENT,
                votes_in_writing=value == IN_WRITING,
                actor=request.user,
            )
        messages.success(request, _("Đã lưu điểm danh."))
    return redirect("awards:council_session", pk=pk)


@login_required
@require_POST
def session_open(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    require(request.user, "awards.manage_council", session, path=request.path)
    with flash_errors(request):
        councils.open_session(session, actor=request.user)
        messages.success(request, _("Đã mở biểu quyết."))
    return redirect("awards:council_session", pk=pk)


@login_required
@require_POST
def session_ballots(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    require(request.user, "awards.manage_council", session, path=request.path)
    ids = [int(i) for i in request.POST.getlist("nomination") if i.isdigit()]
    with flash_errors(request):
        councils.open_ballots(session, ids, actor=request.user)
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
    with flash_errors(request):
        councils.cast_vote(
            ballot,
            member=form.cleaned_data["member"],
            choice=form.cleaned_data["choice"],
            via=VoteVia.PAPER,
            actor=request.user,
        )
        messages.success(request, _("Đã nhập phiếu giấy."))
    return redirect("awards:council_session", pk=ballot.session_id)


@login_required
@require_POST
def ballot_close(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _ballot(request, pk)
    require(request.user, "awards.manage_council", ballot, path=request.path)
    with flash_errors(request):
        councils.close_ballot(ballot, actor=request.user)
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


# --- councils, members, sessions --------------------------------------------------------


class CouncilForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Mã Hội đồng"),
        max_length=32,
        help_text=gettext_lazy("Mã ổn định, không đổi sau khi tạo; dùng trong API."),
    )
    name = forms.CharField(label=gettext_lazy("Tên Hội đồng"), max_length=300)
    unit = UnitChoiceField(label=gettext_lazy("Đơn vị thành lập"), queryset=Unit.objects.none())
    movement = forms.ModelChoiceField(
        label=gettext_lazy("Phong trào (nếu Hội đồng chỉ xét một phong trào)"),
        queryset=Movement.objects.none(),
        required=False,
        to_field_name="code",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = editable_units(user).order_by("path")  # type: ignore[attr-defined]
        self.fields["movement"].queryset = visible_movements(user).order_by("code")  # type: ignore[attr-defined]


class MemberForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("Tài khoản của thành viên (tên đăng nhập)"), max_length=150
    )
    full_name = forms.CharField(
        label=gettext_lazy("Họ và tên, chức vụ ghi trong quyết định thành lập"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Để trống: dùng họ tên của tài khoản."),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Chức danh trong Hội đồng"),
        choices=CouncilRole.choices,
        initial=CouncilRole.MEMBER,
    )
    votes = forms.BooleanField(
        label=gettext_lazy("Có quyền biểu quyết"),
        required=False,
        initial=True,
        help_text=gettext_lazy("Thư ký có thể không phải thành viên biểu quyết."),
    )
    valid_from = forms.DateField(label=gettext_lazy("Từ ngày"), required=False, widget=DateInput())
    valid_to = forms.DateField(label=gettext_lazy("Đến ngày"), required=False, widget=DateInput())

    def clean_username(self) -> Any:
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise ValidationError(
                _("Không có tài khoản đang hoạt động tên “%(u)s”.") % {"u": username}
            )
        return user


class EndMemberForm(forms.Form):
    valid_to = forms.DateField(label=gettext_lazy("Ngày cuối của nhiệm kỳ"), widget=DateInput())


class SessionForm(forms.Form):
    held_on = forms.DateField(label=gettext_lazy("Ngày họp"), widget=DateInput())
    movement = forms.ModelChoiceField(
        label=gettext_lazy("Phong trào được xét"),
        queryset=Movement.objects.none(),
        to_field_name="code",
    )

    def __init__(self, *args: Any, user: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = visible_movements(user).order_by("code")
        if council.movement_id is not None:
            qs = qs.filter(pk=council.movement_id)
        self.fields["movement"].queryset = qs  # type: ignore[attr-defined]


def _council(request: HttpRequest, code: str) -> Council:
    council = get_visible_or_404(
        request, visible_councils(request.user), Council, "awards.view_council", code=code
    )
    require(request.user, "awards.view_council", council, path=request.path)
    return council


@login_required
def council_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "awards.view_council", None, path=request.path)
    councils_ = (
        visible_councils(request.user)
        .select_related("unit", "movement")
        .annotate(session_count=Count("sessions", distinct=True))
        .order_by("code")
    )
    return render(
        request,
        "awards/council_list.html",
        {
            "councils": councils_,
            "can_create": request.user.has_perm("awards.create_council"),
        },
    )


@login_required
def council_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "awards.create_council", None, path=request.path)
    form = CouncilForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        unit = form.cleaned_data["unit"]
        require(request.user, "awards.create_council", unit, path=request.path)
        try:
            council = councils.create_council(
                form.cleaned_data["code"],
                name=form.cleaned_data["name"],
                unit=unit,
                movement=form.cleaned_data["movement"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thành lập %(c)s.") % {"c": council.name})
            return redirect("awards:council_detail", code=council.code)
    return render(request, "awards/council_form.html", {"form": form})


def _detail_context(
    request: HttpRequest,
    council: Council,
    *,
    member_form: MemberForm | None = None,
    session_form: SessionForm | None = None,
) -> dict[str, Any]:
    manage = request.user.has_perm("awards.manage_council", council)
    today = timezone.localdate()
    current = set(councils.current_members(council, today).values_list("pk", flat=True))
    members = [
        {
            "member": m,
            "current": m.pk in current,
            "end_form": EndMemberForm(prefix=f"m{m.pk}", initial={"valid_to": today})
            if manage and (m.valid_to is None or m.valid_to >= today)
            else None,
        }
        for m in council.members.select_related("user").order_by("role", "id")
    ]
    return {
        "council": council,
        "manage": manage,
        "members": members,
        "sessions": council.sessions.select_related("movement").order_by("-held_on", "-id"),
        "member_form": member_form or (MemberForm(prefix="add") if manage else None),
        "session_form": session_form
        or (SessionForm(prefix="s", user=request.user, council=council) if manage else None),
    }


@login_required
def council_detail(request: HttpRequest, code: str) -> HttpResponse:
    council = _council(request, code)
    return render(request, "awards/council_detail.html", _detail_context(request, council))


@login_required
@require_POST
def council_member_add(request: HttpRequest, code: str) -> HttpResponse:
    council = _council(request, code)
    require(request.user, "awards.manage_council", council, path=request.path)
    form = MemberForm(request.POST, prefix="add")
    if form.is_valid():
        data = form.cleaned_data
        try:
            member = councils.add_member(
                council,
                data["username"],
                role=data["role"],
                votes=data["votes"],
                full_name=data["full_name"].strip(),
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, {"user": "username"})
        else:
            messages.success(request, _("Đã thêm %(who)s vào Hội đồng.") % {"who": member})
            return redirect("awards:council_detail", code=council.code)
    messages.error(request, _("Chưa thêm được thành viên: xem lỗi ở biểu mẫu."))
    return render(
        request,
        "awards/council_detail.html",
        _detail_context(request, council, member_form=form),
        status=422,
    )


@login_required
@require_POST
def council_member_end(request: HttpRequest, code: str, member_pk: int) -> HttpResponse:
    council = _council(request, code)
    require(request.user, "awards.manage_council", council, path=request.path)
    member = get_object_or_404(CouncilMember, pk=member_pk, council=council)
    form = EndMemberForm(request.POST, prefix=f"m{member.pk}")
    if not form.is_valid():
        messages.error(
            request,
            _("Nhập ngày cuối của nhiệm kỳ của %(who)s (dạng ngày/tháng/năm).") % {"who": member},
        )
        return redirect("awards:council_detail", code=council.code)
    with flash_errors(request):
        councils_admin.end_membership(
            member, valid_to=form.cleaned_data["valid_to"], actor=request.user
        )
        messages.success(request, _("Đã kết thúc nhiệm kỳ của %(who)s.") % {"who": member})
    return redirect("awards:council_detail", code=council.code)


@login_required
@require_POST
def council_session_create(request: HttpRequest, code: str) -> HttpResponse:
    council = _council(request, code)
    require(request.user, "awards.manage_council", council, path=request.path)
    form = SessionForm(request.POST, prefix="s", user=request.user, council=council)
    if form.is_valid():
        try:
            session = councils.create_session(
                council,
                movement=form.cleaned_data["movement"],
                held_on=form.cleaned_data["held_on"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo phiên họp."))
            return redirect("awards:council_session", pk=session.pk)
    messages.error(request, _("Chưa tạo được phiên họp: xem lỗi ở biểu mẫu."))
    return render(
        request,
        "awards/council_detail.html",
        _detail_context(request, council, session_form=form),
        status=422,
    )


# --- ranking under a cap and the chair's tie-break --------------------------------------


class RankingForm(forms.Form):
    award_code = forms.ChoiceField(label=gettext_lazy("Danh hiệu, hình thức"))
    cap = forms.IntegerField(
        label=gettext_lazy("Số lượng tối đa được đề nghị"),
        min_value=0,
        required=False,
        help_text=gettext_lazy("Để trống: dùng hạn mức của phong trào (nếu có)."),
    )

    def __init__(self, *args: Any, codes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award_code"].choices = [(c, AwardCode(c).label) for c in codes]  # type: ignore[attr-defined]


@login_required
def session_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    codes = councils_admin.session_award_codes(session)
    data: Any = request.GET if "award_code" in request.GET else None
    if data is None and len(codes) == 1:
        data = {"award_code": codes[0]}
    form = RankingForm(data, codes=codes)
    context: dict[str, Any] = {"session": session, "form": form, "codes": codes}
    if data is not None and form.is_valid():
        code = form.cleaned_data["award_code"]
        cap = form.cleaned_data["cap"]
        cap_source = "entered"
        if cap is None:
            cap = councils_admin.default_cap(session, code)
            cap_source = "quota"
        if cap is None:
            form.add_error(
                "cap",
                _("Phong trào không có hạn mức “%(award)s”: nhập số lượng tối đa được đề nghị.")
                % {"award": AwardCode(code).label},
            )
        else:
            ranking = councils.rank_passed(session, code, cap)
            tied_ids = {r.nomination.pk for r in ranking.tied}
            selected_ids = {r.nomination.pk for r in ranking.selected}
            is_chair = request.user.has_perm("awards.break_tie", session)
            context.update(
                {
                    "ranking": ranking,
                    "award_label": AwardCode(code).label,
                    "cap": cap,
                    "cap_source": cap_source,
                    "rows": [
                        {
                            "position": i,
                            "result": r,
                            "tied": r.nomination.pk in tied_ids,
                            "selected": r.nomination.pk in selected_ids,
                        }
                        for i, r in enumerate(ranking.ranked, start=1)
                    ],
                    "open_ballots": Ballot.objects.filter(
                        session=session, nomination__award_code=code, state=BallotState.OPEN
                    ).count(),
                    "is_chair": is_chair,
                    "positions": range(1, len(ranking.tied) + 1),
                    "chair_order": session.tie_breaks.get(code),
                }
            )
    return render(request, "awards/council_ranking.html", context)


@login_required
@require_POST
def session_tie_break(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    require(request.user, "awards.break_tie", session, path=request.path)
    code = request.POST.get("award_code", "")
    cap = request.POST.get("cap", "")
    positions: dict[int, int] = {}
    for key in request.POST:
        value = request.POST.get(key, "")
        if key.startswith("order-") and key[6:].isdigit() and value.isdigit():
            positions[int(key[6:])] = int(value)
    back = f"{reverse('awards:council_ranking', args=[session.pk])}?" + urlencode(
        {"award_code": code, "cap": cap}
    )
    if not positions or len(set(positions.values())) != len(positions):
        messages.error(
            request,
            _("Mỗi đề nghị bằng phiếu cần một thứ tự khác nhau (1, 2, ...)."),
        )
        return redirect(back)
    order = [pk_ for pk_, _pos in sorted(positions.items(), key=lambda item: item[1])]
    with flash_errors(request):
        councils.chair_break_tie(session, order, actor=request.user)
        messages.success(request, _("Đã ghi thứ tự do Chủ tịch Hội đồng quyết định."))
    return redirect(back)
