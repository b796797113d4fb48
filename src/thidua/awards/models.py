"""The award register, initiatives, and local overrides of rule parameters."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.awards.enums import AwardKind, AwardSource, AwardStatus, InitiativeScope, RecipientType
from thidua.core.codes import AwardCode
from thidua.movements.models import Movement
from thidua.org.models import Person, Unit


class Award(models.Model):
    """One award to a person or a unit: the register (sổ khen thưởng) across years. One
    achievement, one award: an active award is unique per recipient, code and year."""

    recipient_type = models.CharField(_("đối tượng"), max_length=8, choices=RecipientType.choices)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    award_code = models.CharField(
        _("danh hiệu, hình thức"), max_length=32, choices=AwardCode.choices, db_index=True
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"), db_index=True)
    kind = models.CharField(_("loại hình"), max_length=16, choices=AwardKind.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=64)
    decision_date = models.DateField(_("ngày quyết định"))
    issuer = models.CharField(_("cấp quyết định"), max_length=300, blank=True, default="")
    movement = models.ForeignKey(
        Movement, null=True, blank=True, on_delete=models.PROTECT, related_name="awards"
    )
    achievement = models.TextField(_("tóm tắt thành tích"), blank=True, default="")
    status = models.CharField(
        _("trạng thái"),
        max_length=8,
        choices=AwardStatus.choices,
        default=AwardStatus.ACTIVE,
        db_index=True,
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True, default="")
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    based_on = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="supports",
        verbose_name=_("dựa trên các khen thưởng"),
        help_text=_("Các khen thưởng là điều kiện của khen thưởng này (ví dụ 3 năm CSTĐCS)."),
    )
    source = models.CharField(
        _("nguồn"), max_length=8, choices=AwardSource.choices, default=AwardSource.MANUAL
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("sổ khen thưởng")
        ordering = ["-year", "award_code", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(recipient_type="person", person__isnull=False, unit__isnull=True)
                    | Q(recipient_type="unit", unit__isnull=False, person__isnull=True)
                ),
                name="award_has_one_recipient",
            ),
            models.UniqueConstraint(
                fields=["person", "award_code", "year"],
                condition=Q(person__isnull=False, status="ACTIVE"),
                name="one_active_award_per_person_code_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "award_code", "year"],
                condition=Q(unit__isnull=False, status="ACTIVE"),
                name="one_active_award_per_unit_code_year",
            ),
        ]
        indexes = [
            models.Index(fields=["award_code", "year", "status"]),
            models.Index(fields=["person", "award_code", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_award_code_display()} {self.year} — {self.person or self.unit}"


class Initiative(models.Model):
    """A recognised initiative or research work (sáng kiến), with its scope of influence."""

    code = models.CharField(_("mã sáng kiến"), max_length=64, unique=True)
    title = models.CharField(_("tên sáng kiến"), max_length=500)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="initiatives")
    authors = models.ManyToManyField(Person, related_name="initiatives", verbose_name=_("tác giả"))
    recognized_on = models.DateField(_("ngày công nhận"), db_index=True)
    scope = models.CharField(_("phạm vi ảnh hưởng"), max_length=16, choices=InitiativeScope.choices)

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-recognized_on", "code"]

    def __str__(self) -> str:
        return self.title


class InitiativeUse(models.Model):
    """An initiative used as the basis of a title: not used again for the same kind of title."""

    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="uses")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    award_code = models.CharField(max_length=32, choices=AwardCode.choices)
    award = models.ForeignKey(
        Award, null=True, blank=True, on_delete=models.PROTECT, related_name="initiative_uses"
    )
    year = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("sáng kiến đã dùng làm căn cứ")
        verbose_name_plural = _("sáng kiến đã dùng làm căn cứ")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "person", "award_code"], name="initiative_used_once_per_title"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} → {self.award_code} {self.year}"


class RuleOverride(models.Model):
    """A local change of one rule parameter (a percentage, a count, days), within the law.
    Predicates are never overridden; every change is also in the audit trail."""

    regime = models.CharField(_("chế độ pháp lý"), max_length=16)
    award_code = models.CharField(max_length=32, choices=AwardCode.choices)
    rule = models.CharField(_("mã quy tắc"), max_length=64)
    parameter = models.CharField(_("tham số"), max_length=64)
    value = models.JSONField(_("giá trị"))
    note = models.TextField(_("căn cứ áp dụng tại địa phương"), blank=True, default="")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tham số áp dụng tại địa phương")
        verbose_name_plural = _("tham số áp dụng tại địa phương")
        constraints = [
            models.UniqueConstraint(
                fields=["regime", "award_code", "rule", "parameter"], name="override_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.regime}/{self.award_code}/{self.rule}.{self.parameter}={self.value}"


from thidua.awards.models_councils import *  # noqa: E402, F403
from thidua.awards.models_decisions import *  # noqa: E402, F403
from thidua.awards.models_disclosure import *  # noqa: E402, F403
from thidua.awards.models_nominations import *  # noqa: E402, F403
