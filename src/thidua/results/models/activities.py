"""Reported activities (S3, S7, S9): what a unit or a person did, where, with which indicator
values and evidence, linked to unit-plan targets and parent-plan tasks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.movements.models import Criterion, Movement, ParentPlanTask, UnitPlanTarget
from thidua.org.models import Person, Place, Unit


class ActivityKind(models.Model):
    """A kind of activity from a configurable catalogue (defaults: the foreign-information
    activity kinds of TTDN.md)."""

    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.CharField(_("loại hoạt động"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True, default="")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("loại hoạt động")
        verbose_name_plural = _("loại hoạt động")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class ActivityIndicator(models.Model):
    """An indicator counted for a kind; its key ``KIND.code`` (e.g. ``FL_NEWS.items``) is what a
    criterion scored from activities refers to."""

    kind = models.ForeignKey(ActivityKind, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("mã chỉ số"), max_length=32)
    name = models.CharField(_("chỉ số"), max_length=300)
    measure_unit = models.CharField(_("đơn vị tính"), max_length=64, blank=True, default="")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ số hoạt động")
        verbose_name_plural = _("chỉ số hoạt động")
        ordering = ["kind", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="indicator_code_once")]

    def __str__(self) -> str:
        return f"{self.name} ({self.measure_unit})" if self.measure_unit else self.name

    @property
    def key(self) -> str:
        return f"{self.kind.code}.{self.code}"


class Activity(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, related_name="activities")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="activities"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("cá nhân báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    kind = models.ForeignKey(
        ActivityKind,
        verbose_name=_("loại hoạt động"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    title = models.CharField(_("tên hoạt động"), max_length=500)
    occurred_on = models.DateField(_("ngày thực hiện"), db_index=True)
    place = models.ForeignKey(
        Place,
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    participants = models.CharField(
        _("thành phần tham gia"), max_length=1000, blank=True, default=""
    )
    description = models.TextField(_("nội dung, kết quả"), blank=True, default="")
    target = models.ForeignKey(
        UnitPlanTarget,
        verbose_name=_("chỉ tiêu của đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    parent_task = models.ForeignKey(
        ParentPlanTask,
        verbose_name=_("nhiệm vụ kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("rút lại lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["movement", "unit", "occurred_on"])]

    def __str__(self) -> str:
        return self.title


class ActivityValue(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(ActivityIndicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("giá trị chỉ số")
        verbose_name_plural = _("giá trị chỉ số")
        constraints = [
            models.UniqueConstraint(fields=["activity", "indicator"], name="activity_value_once")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.value}"


class EvidenceFile(models.Model):
    """A file proving an activity or an assessment criterion. Stored outside the web root
    under a random name, with its SHA-256; served only to those who may see its owner."""

    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    assessment = models.ForeignKey(
        "results.Assessment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evidence",
    )
    criterion = models.ForeignKey(
        Criterion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    storage_name = models.CharField(max_length=200, unique=True, editable=False)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(activity__isnull=False) | Q(assessment__isnull=False),
                name="evidence_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.original_name
