"""Periodic reports, assessments per criterion at three stages (self, review, council),
emulation blocs and peer scores."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.movements.models import BonusItem, Criterion, Movement, PenaltyItem
from thidua.org.models import Person, Unit
from thidua.results.enums import AssessmentState, ReportPeriod, ReportState, ScoreStage


class PeriodicReport(models.Model):
    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="movement_reports")
    period = models.CharField(_("kỳ báo cáo"), max_length=16, choices=ReportPeriod.choices)
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    content = models.TextField(_("nội dung báo cáo"), blank=True, default="")
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ReportState.choices,
        default=ReportState.DRAFT,
        db_index=True,
    )
    review_comment = models.TextField(_("ý kiến"), blank=True, default="")
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["movement", "unit", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "unit", "period", "period_start"], name="report_once"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="report_dates"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_period_display()} {self.period_start:%d/%m/%Y}-{self.period_end:%d/%m/%Y}"
        )


class Assessment(models.Model):
    """The assessment of a unit (person null) or a person in a movement."""

    movement = models.ForeignKey(Movement, on_delete=models.PROTECT, related_name="assessments")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assessments")
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="assessments"
    )
    state = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=AssessmentState.choices,
        default=AssessmentState.SELF_DRAFT,
        db_index=True,
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finalized_at = models.DateTimeField(null=True, blank=True)
    results_released = models.BooleanField(
        _("đã công bố kết quả"),
        default=False,
        help_text=_("Trước khi công bố, đơn vị khác không xem được điểm."),
    )

    class Meta:
        verbose_name = _("đánh giá, chấm điểm")
        verbose_name_plural = _("đánh giá, chấm điểm")
        ordering = ["movement", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "person"],
                condition=Q(person__isnull=False),
                name="person_assessed_once",
            ),
            models.UniqueConstraint(
                fields=["movement", "unit"],
                condition=Q(person__isnull=True),
                name="unit_assessed_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person or self.unit} — {self.movement}"


class AssessmentScore(models.Model):
    """Points for one criterion at one stage. A changed review or council score carries a
    comment; every change is in the audit trail."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("bước chấm"), max_length=8, choices=ScoreStage.choices)
    points = models.DecimalField(_("điểm"), max_digits=8, decimal_places=2)
    comment = models.TextField(_("ý kiến"), blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion", "stage"], name="score_once_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id} {self.stage} {self.points}"


class AssessmentAdjustment(models.Model):
    """A bonus (points, within the table's cap) or a penalty (a count of occurrences)."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="adjustments")
    stage = models.CharField(_("bước chấm"), max_length=8, choices=ScoreStage.choices)
    bonus_item = models.ForeignKey(
        BonusItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    penalty_item = models.ForeignKey(
        PenaltyItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(_("điểm thưởng"), max_digits=8, decimal_places=2, default=0)
    count = models.PositiveSmallIntegerField(_("số lần vi phạm"), default=0)
    comment = models.TextField(_("ý kiến"), blank=True, default="")

    class Meta:
        verbose_name = _("điểm thưởng, điểm trừ")
        verbose_name_plural = _("điểm thưởng, điểm trừ")
        constraints = [
            models.CheckConstraint(
                condition=Q(bonus_item__isnull=False, penalty_item__isnull=True)
                | Q(bonus_item__isnull=True, penalty_item__isnull=False),
                name="adjustment_is_bonus_or_penalty",
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.stage}"


class Bloc(models.Model):
    """An emulation bloc (khối/cụm thi đua): similar units that score and rank each other."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="blocs")
    code = models.CharField(_("mã khối"), max_length=32)
    name = models.CharField(_("tên khối, cụm"), max_length=300)
    leader = models.ForeignKey(
        Unit, verbose_name=_("khối trưởng"), on_delete=models.PROTECT, related_name="+"
    )
    deputy = models.ForeignKey(
        Unit,
        verbose_name=_("khối phó"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Final bloc score = weight_self x self score + weight_peer x mean peer score
    #                  + weight_review x reviewer's score (docs/scoring.md). Weights add to 1.
    weight_self = models.DecimalField(
        _("trọng số tự chấm"), max_digits=4, decimal_places=3, default=Decimal("0.2")
    )
    weight_peer = models.DecimalField(
        _("trọng số chấm chéo"), max_digits=4, decimal_places=3, default=Decimal("0.3")
    )
    weight_review = models.DecimalField(
        _("trọng số thẩm định"), max_digits=4, decimal_places=3, default=Decimal("0.5")
    )

    class Meta:
        verbose_name = _("khối, cụm thi đua")
        verbose_name_plural = _("khối, cụm thi đua")
        ordering = ["movement", "code"]
        constraints = [models.UniqueConstraint(fields=["movement", "code"], name="bloc_code_once")]

    def __str__(self) -> str:
        return self.name


class BlocMember(models.Model):
    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="members")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="bloc_memberships")

    class Meta:
        verbose_name = _("thành viên khối")
        verbose_name_plural = _("thành viên khối")
        constraints = [models.UniqueConstraint(fields=["bloc", "unit"], name="bloc_member_once")]

    def __str__(self) -> str:
        return f"{self.bloc_id}: {self.unit_id}"


class PeerScore(models.Model):
    """The total one member unit gives another in the same bloc."""

    bloc = models.ForeignKey(Bloc, on_delete=models.CASCADE, related_name="peer_scores")
    scorer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(_("điểm"), max_digits=8, decimal_places=2)
    comment = models.TextField(_("ý kiến"), blank=True, default="")

    class Meta:
        verbose_name = _("điểm chấm chéo")
        verbose_name_plural = _("điểm chấm chéo")
        constraints = [
            models.UniqueConstraint(fields=["bloc", "scorer", "subject"], name="peer_score_once"),
            models.CheckConstraint(condition=~Q(scorer=models.F("subject")), name="no_self_peer"),
        ]

    def __str__(self) -> str:
        return f"{self.scorer_id}->{self.subject_id}: {self.points}"
