"""Decisions on commendation (quyết định khen thưởng): their numbering per issuer and year,
recipients with money, the dated base salary and coefficients they are computed from, and the
re-examination list a revocation opens (Luật 2022 Điều 93)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.awards.enums import AwardKind, RecipientType
from thidua.core.codes import AwardCode
from thidua.movements.models import Movement
from thidua.org.models import Person, Unit

__all__ = [
    "AwardCoefficient",
    "BaseSalary",
    "Decision",
    "DecisionRecipient",
    "DecisionState",
    "NumberCounter",
    "Reexamination",
    "ReexaminationState",
]


class BaseSalary(models.Model):
    """The statutory base salary (lương cơ sở) in force from a date: data, never code."""

    effective_from = models.DateField(_("áp dụng từ ngày"), unique=True)
    amount = models.PositiveIntegerField(_("mức lương cơ sở (đồng)"))
    citation = models.CharField(_("căn cứ"), max_length=300)

    class Meta:
        verbose_name = _("mức lương cơ sở")
        verbose_name_plural = _("mức lương cơ sở")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.amount} ({self.effective_from:%d/%m/%Y})"


class AwardCoefficient(models.Model):
    """Money for a title or form = coefficient x base salary (Nghị định 98/2023 Điều 54;
    152/2025 Điều 50-54). Dated so a 2018 decision uses the 2018 coefficients."""

    award_code = models.CharField(
        _("danh hiệu, hình thức"), max_length=32, choices=AwardCode.choices
    )
    recipient_type = models.CharField(_("đối tượng"), max_length=8, choices=RecipientType.choices)
    effective_from = models.DateField(_("áp dụng từ ngày"))
    coefficient = models.DecimalField(_("hệ số"), max_digits=6, decimal_places=2)
    citation = models.CharField(_("căn cứ"), max_length=300)
    unconfirmed = models.BooleanField(
        _("chưa xác nhận với văn bản gốc"),
        default=False,
        help_text=_("Hệ số do địa phương cấu hình, chưa đối chiếu văn bản pháp luật."),
    )

    class Meta:
        verbose_name = _("hệ số tiền thưởng")
        verbose_name_plural = _("hệ số tiền thưởng")
        ordering = ["award_code", "recipient_type", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["award_code", "recipient_type", "effective_from"],
                name="one_coefficient_per_code_type_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.award_code}/{self.recipient_type} × {self.coefficient}"


class NumberCounter(models.Model):
    """The last number given by an issuer in a year for a type of document (QĐ, KH, TTr...).
    Numbers restart at 1 each year (Nghị định 30/2020). The row is locked while a number is
    taken, so two decisions issued at the same moment never share a number."""

    issuer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="number_counters")
    year = models.PositiveSmallIntegerField()
    doc_type = models.CharField(max_length=8)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sổ đăng ký số văn bản")
        verbose_name_plural = _("sổ đăng ký số văn bản")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "doc_type"], name="one_number_counter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.doc_type} {self.year} {self.issuer_id}: {self.last_number}"


class DecisionState(models.TextChoices):
    DRAFT = "DRAFT", _("Dự thảo")
    ISSUED = "ISSUED", _("Đã ban hành")


class Decision(models.Model):
    """A decision on commendation. Issuing it gives it its number, and writes one award to the
    register per recipient, in one transaction."""

    issuer = models.ForeignKey(
        Unit, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="decisions"
    )
    issuer_name = models.CharField(_("tên cơ quan ban hành"), max_length=300)
    symbol = models.CharField(
        _("ký hiệu"), max_length=40, help_text=_("Ví dụ: QĐ-STTTT. Số được cấp khi ban hành.")
    )
    year = models.PositiveSmallIntegerField(_("năm ban hành"), null=True, blank=True)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    number_symbol = models.CharField(
        _("số, ký hiệu"), max_length=64, blank=True, default="", db_index=True
    )
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, default="Lạng Sơn")
    subject = models.CharField(_("trích yếu"), max_length=500)
    kind = models.CharField(
        _("loại hình khen thưởng"),
        max_length=16,
        choices=AwardKind.choices,
        default=AwardKind.MOVEMENT,
    )
    adhoc = models.BooleanField(_("khen thưởng đột xuất (thủ tục rút gọn)"), default=False)
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("phong trào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    disclosures = models.ManyToManyField(
        "awards.Disclosure", blank=True, related_name="decisions", verbose_name=_("đợt công khai")
    )
    period_end = models.DateField(
        _("ngày kết thúc kỳ đánh giá"),
        null=True,
        blank=True,
        help_text=_("Dùng để tính số ngày từ khi kết thúc kỳ đánh giá đến khi có quyết định."),
    )
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True, default="")
    signer_title = models.CharField(_("chức vụ người ký"), max_length=200, blank=True, default="")
    signer_authority = models.CharField(
        _("thẩm quyền ký"),
        max_length=8,
        blank=True,
        default="",
        help_text=_("TM., KT., Q., TL., TUQ. hoặc để trống khi người đứng đầu ký."),
    )
    legal_bases = models.TextField(_("các căn cứ"), blank=True, default="")
    proposal_ref = models.CharField(
        _("xét đề nghị (tờ trình)"), max_length=400, blank=True, default=""
    )
    money_source = models.CharField(_("nguồn tiền thưởng"), max_length=400, blank=True, default="")
    implementers = models.TextField(_("tổ chức thực hiện (Điều 3)"), blank=True, default="")
    recipients_list = models.TextField(_("nơi nhận"), blank=True, default="")
    state = models.CharField(
        _("trạng thái"),
        max_length=8,
        choices=DecisionState.choices,
        default=DecisionState.DRAFT,
        db_index=True,
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quyết định khen thưởng")
        verbose_name_plural = _("quyết định khen thưởng")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "year", "symbol", "number"],
                condition=Q(number__isnull=False),
                name="one_decision_number_per_issuer_year",
            )
        ]

    def __str__(self) -> str:
        return self.number_symbol or str(_("Dự thảo quyết định %(id)s") % {"id": self.pk})


class DecisionRecipient(models.Model):
    """One line of a decision's annex: a person or a unit, the title or form, the money, and
    after issue the award it wrote to the register. ``serial`` is the golden-book number."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="recipients")
    serial = models.PositiveIntegerField(_("số thứ tự (số sổ vàng)"))
    recipient_type = models.CharField(_("đối tượng"), max_length=8, choices=RecipientType.choices)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="decision_lines"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="decision_lines"
    )
    award_code = models.CharField(
        _("danh hiệu, hình thức"), max_length=32, choices=AwardCode.choices
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    nomination = models.ForeignKey(
        "awards.Nomination",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision_lines",
    )
    position = models.CharField(_("chức vụ"), max_length=200, blank=True, default="")
    unit_name = models.CharField(_("đơn vị công tác"), max_length=300, blank=True, default="")
    achievement = models.TextField(_("thành tích"), blank=True, default="")
    is_leader = models.BooleanField(_("lãnh đạo, quản lý"), default=False)
    coefficient = models.DecimalField(_("hệ số"), max_digits=6, decimal_places=2, default=0)
    base_salary = models.PositiveIntegerField(_("lương cơ sở"), default=0)
    amount = models.PositiveIntegerField(_("số tiền (đồng)"), default=0)
    award = models.OneToOneField(
        "awards.Award",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision_line",
    )

    class Meta:
        verbose_name = _("người, tập thể được khen thưởng")
        verbose_name_plural = _("danh sách kèm theo quyết định")
        ordering = ["decision", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "serial"], name="one_serial_per_decision"),
            models.CheckConstraint(
                condition=(
                    Q(recipient_type="person", person__isnull=False, unit__isnull=True)
                    | Q(recipient_type="unit", unit__isnull=False, person__isnull=True)
                ),
                name="decision_line_has_one_recipient",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.serial}. {self.award_code} {self.person or self.unit}"


class ReexaminationState(models.TextChoices):
    OPEN = "OPEN", _("Cần xem xét lại")
    UPHELD = "UPHELD", _("Giữ nguyên")
    REVOKED = "REVOKED", _("Đã thu hồi")


class Reexamination(models.Model):
    """A later award that relied on a revoked one, waiting for an officer to re-examine it."""

    revoked_award = models.ForeignKey(
        "awards.Award", on_delete=models.PROTECT, related_name="reexaminations_opened"
    )
    dependent_award = models.ForeignKey(
        "awards.Award", on_delete=models.PROTECT, related_name="reexaminations"
    )
    state = models.CharField(
        _("trạng thái"),
        max_length=8,
        choices=ReexaminationState.choices,
        default=ReexaminationState.OPEN,
        db_index=True,
    )
    note = models.TextField(_("kết quả xem xét"), blank=True, default="")
    opened_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("khen thưởng cần xem xét lại")
        verbose_name_plural = _("khen thưởng cần xem xét lại")
        ordering = ["state", "-opened_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["revoked_award", "dependent_award"], name="one_reexamination_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dependent_award_id} ← {self.revoked_award_id}"
