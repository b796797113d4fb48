"""The movement and what its founding plan says (S1-S3, S6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.codes import AwardCode
from thidua.movements.enums import (
    MovementKind,
    MovementState,
    ParticipantRole,
    PhaseKind,
    SignerAuthority,
)
from thidua.org.models import Unit


class ParentPlan(models.Model):
    """A higher plan a movement serves, e.g. the province's Plan 05/KH-UBND of 17/01/2018."""

    code = models.CharField(_("mã"), max_length=64, unique=True)
    number = models.CharField(_("số, ký hiệu"), max_length=64)
    issued_on = models.DateField(_("ngày ban hành"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=300)
    title = models.CharField(_("trích yếu"), max_length=500)

    class Meta:
        verbose_name = _("kế hoạch cấp trên")
        verbose_name_plural = _("kế hoạch cấp trên")
        ordering = ["-issued_on", "number"]

    def __str__(self) -> str:
        return f"{self.number} ({self.issued_on:%d/%m/%Y})"


class ParentPlanTask(models.Model):
    plan = models.ForeignKey(ParentPlan, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    code = models.CharField(_("mã nhiệm vụ"), max_length=32)
    title = models.CharField(_("nhiệm vụ"), max_length=500)

    class Meta:
        verbose_name = _("nhiệm vụ của kế hoạch cấp trên")
        verbose_name_plural = _("nhiệm vụ của kế hoạch cấp trên")
        ordering = ["plan", "order"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="parent_task_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Movement(models.Model):
    code = models.CharField(_("mã phong trào"), max_length=64, unique=True)
    kind = models.CharField(_("hình thức thi đua"), max_length=16, choices=MovementKind.choices)
    name = models.CharField(_("tên phong trào"), max_length=500)
    slogan = models.CharField(_("chủ đề, khẩu hiệu"), max_length=500, blank=True, default="")
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=MovementState.choices,
        default=MovementState.DRAFT,
        db_index=True,
    )
    organizer = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị phát động"),
        on_delete=models.PROTECT,
        related_name="organized_movements",
    )
    period_start = models.DateField(_("thời gian từ"))
    period_end = models.DateField(_("thời gian đến"))
    purposes = models.TextField(_("mục đích"), blank=True, default="")
    requirements = models.TextField(_("yêu cầu"), blank=True, default="")
    parent_plan = models.ForeignKey(
        ParentPlan,
        verbose_name=_("kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="movements",
    )
    # The founding document (kế hoạch phát động).
    doc_number = models.CharField(
        _("số, ký hiệu văn bản"), max_length=64, help_text=_("Ví dụ: 456/KH-STTTT")
    )
    doc_date = models.DateField(_("ngày ban hành"))
    doc_place = models.CharField(_("địa danh"), max_length=100, default="Lạng Sơn")
    doc_issuer = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan ban hành"),
        on_delete=models.PROTECT,
        related_name="issued_movement_plans",
    )
    signer_name = models.CharField(_("người ký"), max_length=200)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200)
    signer_authority = models.CharField(
        _("thẩm quyền ký"),
        max_length=8,
        choices=SignerAuthority.choices,
        blank=True,
        default=SignerAuthority.NONE,
    )
    launched_at = models.DateTimeField(_("phát động lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-period_start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="movement_period"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.state != MovementState.DRAFT


class LegalBasis(models.Model):
    """A legal or policy basis of the movement (căn cứ), in the order the plan lists them."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="legal_bases")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    text = models.CharField(
        _("căn cứ"),
        max_length=1000,
        help_text=_("Ví dụ: Luật Thi đua, Khen thưởng ngày 26/11/2003; ..."),
    )

    class Meta:
        verbose_name = _("căn cứ")
        verbose_name_plural = _("căn cứ")
        ordering = ["movement", "order"]

    def __str__(self) -> str:
        return self.text


class ContentSection(models.Model):
    """A numbered content section of the plan (nội dung thi đua)."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField(_("số thứ tự"))
    title = models.CharField(_("nội dung"), max_length=500)
    body = models.TextField(_("diễn giải"), blank=True, default="")
    parent_tasks = models.ManyToManyField(
        ParentPlanTask, verbose_name=_("nhiệm vụ kế hoạch cấp trên"), blank=True
    )

    class Meta:
        verbose_name = _("nội dung thi đua")
        verbose_name_plural = _("nội dung thi đua")
        ordering = ["movement", "number"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "number"], name="section_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Phase(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("giai đoạn"), max_length=16, choices=PhaseKind.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))

    class Meta:
        verbose_name = _("giai đoạn")
        verbose_name_plural = _("giai đoạn")
        ordering = ["movement", "start"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "kind"], name="phase_kind_once"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="phase_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start:%d/%m/%Y}-{self.end:%d/%m/%Y}"


class Participant(models.Model):
    """A unit taking part, with its subtree; outside organisations included (S6)."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="participants")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="movement_participations")
    role = models.CharField(
        _("vai trò"),
        max_length=16,
        choices=ParticipantRole.choices,
        default=ParticipantRole.PARTICIPANT,
    )

    class Meta:
        verbose_name = _("đơn vị tham gia")
        verbose_name_plural = _("đơn vị tham gia")
        ordering = ["movement", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit"], name="participant_once")
        ]

    def __str__(self) -> str:
        return f"{self.movement_id}: {self.unit_id}"


class ForeseenAward(models.Model):
    """A title or form of commendation the movement foresees (dự kiến khen thưởng)."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="foreseen_awards")
    award_code = models.CharField(
        _("danh hiệu, hình thức"), max_length=32, choices=AwardCode.choices
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("khen thưởng dự kiến")
        verbose_name_plural = _("khen thưởng dự kiến")
        ordering = ["movement", "id"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "award_code"], name="foreseen_award_once")
        ]

    def __str__(self) -> str:
        return self.get_award_code_display()
