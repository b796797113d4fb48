"""Nominations (đề nghị khen thưởng) tied to movement results, and the counters that lock
the caps (e.g. CSTĐCS ≤ 15% of LĐTT of the unit under Nghị định 91/2017, Điều 9.3)."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.awards.enums import AwardKind, NominationState, Verdict
from thidua.core.codes import AwardCode
from thidua.movements.models import Movement
from thidua.org.models import Person, Unit

__all__ = ["Nomination", "QuotaCounter"]


class Nomination(models.Model):
    """A proposing unit's nomination of a person or a unit for a title or form, citing the
    candidate's results in the movement (S9). One non-withdrawn nomination per recipient,
    code and year."""

    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, related_name="nominations")
    award_code = models.CharField(
        _("danh hiệu, hình thức"), max_length=32, choices=AwardCode.choices, db_index=True
    )
    kind = models.CharField(
        _("loại hình"), max_length=16, choices=AwardKind.choices, default=AwardKind.MOVEMENT
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"), db_index=True)
    proposing_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị đề nghị"),
        on_delete=models.PROTECT,
        related_name="nominations_made",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("cá nhân được đề nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("tập thể được đề nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations_received",
    )
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=NominationState.choices,
        default=NominationState.DRAFT,
        db_index=True,
    )
    verdict = models.CharField(
        _("kết quả xét điều kiện"), max_length=16, choices=Verdict.choices, blank=True, default=""
    )
    checks = models.JSONField(_("các tiêu chuẩn"), default=list, encoder=DjangoJSONEncoder)
    regime = models.CharField(_("chế độ pháp lý"), max_length=16, blank=True, default="")
    screened_at = models.DateTimeField(null=True, blank=True)
    override_reason = models.TextField(_("lý do đề nghị vượt kết quả xét"), blank=True, default="")
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    override_at = models.DateTimeField(null=True, blank=True)
    assessment = models.ForeignKey(
        "results.Assessment",
        verbose_name=_("kết quả chấm điểm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    activities = models.ManyToManyField(
        "results.Activity", blank=True, related_name="nominations", verbose_name=_("hoạt động")
    )
    initiatives = models.ManyToManyField(
        "awards.Initiative", blank=True, related_name="nominations", verbose_name=_("sáng kiến")
    )
    evidence_files = models.ManyToManyField(
        "results.EvidenceFile", blank=True, related_name="nominations", verbose_name=_("minh chứng")
    )
    achievement = models.TextField(_("tóm tắt thành tích"), blank=True, default="")
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["movement", "award_code", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(person__isnull=False, unit__isnull=True)
                    | Q(person__isnull=True, unit__isnull=False)
                ),
                name="nomination_has_one_recipient",
            ),
            models.UniqueConstraint(
                fields=["person", "award_code", "year"],
                condition=Q(person__isnull=False) & ~Q(state="WITHDRAWN"),
                name="one_open_nomination_per_person_code_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "award_code", "year"],
                condition=Q(unit__isnull=False) & ~Q(state="WITHDRAWN"),
                name="one_open_nomination_per_unit_code_year",
            ),
        ]
        indexes = [models.Index(fields=["proposing_unit", "award_code", "year", "state"])]

    def __str__(self) -> str:
        return f"{self.get_award_code_display()} {self.year} — {self.recipient}"

    @property
    def recipient(self) -> Person | Unit:
        return self.person if self.person_id is not None else self.unit  # type: ignore[return-value]


class QuotaCounter(models.Model):
    """Slots of a cap taken by submitted nominations of one proposing unit, for one code and
    year in a movement. The row is locked (SELECT ... FOR UPDATE) while a slot is taken."""

    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="quota_counters")
    award_code = models.CharField(max_length=32, choices=AwardCode.choices)
    year = models.PositiveSmallIntegerField()
    used = models.PositiveIntegerField(default=0)
    limit = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("hạn mức đề nghị")
        verbose_name_plural = _("hạn mức đề nghị")
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "unit", "award_code", "year"], name="one_quota_counter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.award_code} {self.year} {self.unit_id}: {self.used}/{self.limit}"
