"""The criteria table of a movement: sections, criteria with maximum points and a scoring
method, bonus items with an overall cap, penalty items, and bands. All of it is data the
officer edits: real scoring tables vary from 100 to 1,000 points."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.movements.enums import ScoringMethod
from thidua.movements.models.movement import Movement


class CriteriaTable(models.Model):
    movement = models.OneToOneField(
        Movement, on_delete=models.CASCADE, related_name="criteria_table"
    )
    scale = models.DecimalField(
        _("thang điểm"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(100),
        validators=[MinValueValidator(1)],
    )
    bonus_cap = models.DecimalField(
        _("điểm thưởng tối đa"),
        max_digits=8,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    notes = models.TextField(_("ghi chú"), blank=True, default="")

    class Meta:
        verbose_name = _("bảng tiêu chí")
        verbose_name_plural = _("bảng tiêu chí")

    def __str__(self) -> str:
        return f"{self.movement}"


class CriteriaSection(models.Model):
    table = models.ForeignKey(CriteriaTable, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("nhóm tiêu chí"), max_length=300)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = _("nhóm tiêu chí")
        ordering = ["table", "order"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Criterion(models.Model):
    section = models.ForeignKey(CriteriaSection, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    code = models.CharField(_("mã tiêu chí"), max_length=32)
    title = models.CharField(_("tiêu chí"), max_length=500)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    method = models.CharField(
        _("cách chấm"), max_length=16, choices=ScoringMethod.choices, default=ScoringMethod.MANUAL
    )
    indicator = models.CharField(
        _("chỉ số hoạt động"),
        max_length=64,
        blank=True,
        default="",
        help_text=_("Với cách chấm tính từ hoạt động: mã chỉ số, ví dụ FL_NEWS.items"),
    )
    target_value = models.DecimalField(
        _("chỉ tiêu"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True, default="")

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["section", "order"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class BonusItem(models.Model):
    table = models.ForeignKey(CriteriaTable, on_delete=models.CASCADE, related_name="bonus_items")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("nội dung điểm thưởng"), max_length=500)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("điểm thưởng")
        verbose_name_plural = _("điểm thưởng")
        ordering = ["table", "order"]

    def __str__(self) -> str:
        return self.title


class PenaltyItem(models.Model):
    table = models.ForeignKey(CriteriaTable, on_delete=models.CASCADE, related_name="penalty_items")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("nội dung điểm trừ"), max_length=500)
    points_each = models.DecimalField(
        _("điểm trừ mỗi lần"), max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("điểm trừ")
        verbose_name_plural = _("điểm trừ")
        ordering = ["table", "order"]

    def __str__(self) -> str:
        return self.title


class Band(models.Model):
    """A result band (xếp loại kết quả), reached from ``min_score`` up; optionally every
    criterion must also reach ``min_share`` of its maximum."""

    table = models.ForeignKey(CriteriaTable, on_delete=models.CASCADE, related_name="bands")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    code = models.CharField(_("mã"), max_length=32)
    label = models.CharField(_("tên mức"), max_length=200)
    min_score = models.DecimalField(_("điểm tối thiểu"), max_digits=8, decimal_places=2)
    min_share = models.DecimalField(
        _("tỷ lệ tối thiểu mỗi tiêu chí"),
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Ví dụ 0,5: mỗi tiêu chí phải đạt ít nhất 50% điểm tối đa."),
    )

    class Meta:
        verbose_name = _("mức xếp loại")
        verbose_name_plural = _("mức xếp loại")
        ordering = ["table", "-min_score"]
        constraints = [models.UniqueConstraint(fields=["table", "code"], name="band_code_once")]

    def __str__(self) -> str:
        return self.label
