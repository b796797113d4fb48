"""Councils (hội đồng thi đua - khen thưởng): members, sessions with attendance, and secret
ballots per nomination.

Secrecy by construction: a ``BallotReceipt`` records THAT a member voted on a ballot (unique per
ballot and member, so nobody votes twice), never HOW; the choice only increments one of the
ballot's tallies, in the same transaction as the receipt. No column, table, log line or audit
event links a member to a choice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.awards.enums import BallotState, CouncilRole, SessionState, VoteVia
from thidua.movements.models import Movement
from thidua.org.models import Unit

__all__ = [
    "Attendance",
    "Ballot",
    "BallotReceipt",
    "Council",
    "CouncilMember",
    "CouncilSession",
]


class Council(models.Model):
    code = models.CharField(_("mã hội đồng"), max_length=32, unique=True)
    name = models.CharField(_("tên hội đồng"), max_length=300)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="councils"
    )
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("phong trào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="councils",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hội đồng thi đua - khen thưởng")
        verbose_name_plural = _("hội đồng thi đua - khen thưởng")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class CouncilMember(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="council_memberships"
    )
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True, default="")
    role = models.CharField(
        _("chức danh trong Hội đồng"),
        max_length=16,
        choices=CouncilRole.choices,
        default=CouncilRole.MEMBER,
    )
    votes = models.BooleanField(
        _("có quyền biểu quyết"),
        default=True,
        help_text=_("Thư ký có thể không phải thành viên biểu quyết."),
    )
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành viên Hội đồng")
        verbose_name_plural = _("thành viên Hội đồng")
        ordering = ["council", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "user"], name="one_membership_per_council")
        ]

    def __str__(self) -> str:
        return self.full_name or str(self.user)


class CouncilSession(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions")
    movement = models.ForeignKey(
        Movement, on_delete=models.PROTECT, related_name="council_sessions"
    )
    held_on = models.DateField(_("ngày họp"))
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=SessionState.choices, default=SessionState.OPEN
    )
    minutes_note = models.TextField(_("ghi chú biên bản"), blank=True, default="")
    # {award_code: [nomination ids in the chair's order]} for ties at a cap's cut-off.
    tie_breaks = models.JSONField(_("Chủ tịch quyết định thứ tự"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên họp Hội đồng")
        verbose_name_plural = _("phiên họp Hội đồng")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.council} — {self.held_on:%d/%m/%Y}"


class Attendance(models.Model):
    session = models.ForeignKey(
        CouncilSession, on_delete=models.CASCADE, related_name="attendances"
    )
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("có mặt"), default=False)
    votes_in_writing = models.BooleanField(_("vắng mặt, biểu quyết bằng văn bản"), default=False)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="one_attendance_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.member_id}"


class Ballot(models.Model):
    """The secret ballot on one nomination in a session: only tallies, updated with F()."""

    session = models.ForeignKey(CouncilSession, on_delete=models.PROTECT, related_name="ballots")
    nomination = models.ForeignKey(
        "awards.Nomination", on_delete=models.PROTECT, related_name="ballots"
    )
    state = models.CharField(
        _("trạng thái"), max_length=16, choices=BallotState.choices, default=BallotState.OPEN
    )
    yes_count = models.PositiveIntegerField(_("đồng ý"), default=0)
    no_count = models.PositiveIntegerField(_("không đồng ý"), default=0)
    blank_count = models.PositiveIntegerField(_("phiếu trắng"), default=0)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phiếu biểu quyết")
        verbose_name_plural = _("phiếu biểu quyết")
        ordering = ["session", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "nomination"], name="one_ballot_per_nomination_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.nomination_id}"


class BallotReceipt(models.Model):
    """THAT a member voted on a ballot: never how (there is no choice here, by design)."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="receipts")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="+")
    cast_at = models.DateTimeField(_("thời điểm bỏ phiếu"), auto_now_add=True)
    via = models.CharField(_("hình thức"), max_length=8, choices=VoteVia.choices)

    class Meta:
        verbose_name = _("xác nhận đã bỏ phiếu")
        verbose_name_plural = _("xác nhận đã bỏ phiếu")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "member"], name="one_vote_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}/{self.member_id}"
