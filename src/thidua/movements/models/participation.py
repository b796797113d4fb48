"""How units and people take part: unit plans with targets (S13), briefings (S13) and
registrations (S14)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.core.codes import AwardCode
from thidua.movements.enums import RegistrationState, UnitPlanState
from thidua.movements.models.movement import ContentSection, Movement, ParentPlanTask
from thidua.org.models import Person, Unit


class UnitPlan(models.Model):
    """A participating unit's own concrete emulation content (cụ thể hoá nội dung thi đua)."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="unit_plans")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="movement_plans")
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=UnitPlanState.choices,
        default=UnitPlanState.DRAFT,
        db_index=True,
    )
    summary = models.TextField(_("nội dung thi đua của đơn vị"), blank=True, default="")
    review_comment = models.TextField(_("ý kiến của cán bộ thi đua"), blank=True, default="")
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kế hoạch thi đua của đơn vị")
        verbose_name_plural = _("kế hoạch thi đua của đơn vị")
        ordering = ["movement", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["movement", "unit"], name="unit_plan_once")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.movement}"


class UnitPlanTarget(models.Model):
    """One concrete target, tied to a content section and, where there is one, to a task of
    the parent plan (S3)."""

    plan = models.ForeignKey(UnitPlan, on_delete=models.CASCADE, related_name="targets")
    section = models.ForeignKey(
        ContentSection,
        verbose_name=_("nội dung thi đua"),
        on_delete=models.PROTECT,
        related_name="targets",
    )
    parent_task = models.ForeignKey(
        ParentPlanTask,
        verbose_name=_("nhiệm vụ kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="targets",
    )
    description = models.CharField(_("nội dung, chỉ tiêu"), max_length=1000)
    indicator = models.CharField(_("chỉ số"), max_length=200, blank=True, default="")
    target_value = models.DecimalField(
        _("chỉ tiêu"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    measure_unit = models.CharField(_("đơn vị tính"), max_length=64, blank=True, default="")
    due_on = models.DateField(_("thời hạn"), null=True, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu của đơn vị")
        verbose_name_plural = _("chỉ tiêu của đơn vị")
        ordering = ["plan", "section__number", "id"]

    def __str__(self) -> str:
        return self.description


class Briefing(models.Model):
    """A staff member's confirmation that they were briefed on the movement (quán triệt)."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="briefings")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="briefings")
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Đơn vị của người xác nhận tại thời điểm xác nhận."),
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("xác nhận quán triệt")
        verbose_name_plural = _("xác nhận quán triệt")
        ordering = ["movement", "-confirmed_at"]
        constraints = [models.UniqueConstraint(fields=["movement", "person"], name="briefing_once")]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.movement_id}"


class Registration(models.Model):
    """A unit's or a person's registration (đăng ký thi đua) for a title, with targets."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="registrations",
        help_text=_("Đơn vị đăng ký, hoặc đơn vị của cá nhân đăng ký."),
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("cá nhân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    award_code = models.CharField(_("danh hiệu đăng ký"), max_length=32, choices=AwardCode.choices)
    targets = models.TextField(_("chỉ tiêu, cam kết"), blank=True, default="")
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=RegistrationState.choices,
        default=RegistrationState.SUBMITTED,
        db_index=True,
    )
    submitted_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)
    decided_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("ý kiến của thủ trưởng"), blank=True, default="")

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["movement", "unit__path", "person__search"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "person"],
                condition=Q(person__isnull=False),
                name="person_registers_once",
            ),
            models.UniqueConstraint(
                fields=["movement", "unit"],
                condition=Q(person__isnull=True),
                name="unit_registers_once",
            ),
        ]

    def __str__(self) -> str:
        who = self.person_id or self.unit_id
        return f"{who} → {self.award_code}"

    @property
    def is_collective(self) -> bool:
        return self.person_id is None
