"""Public disclosure (công khai) of a proposed list of nominees, and the public's comments and
objections with the officer's answers. A decision that covers a disclosed nomination cannot be
issued while its disclosure is open or an objection is unanswered (Nghị định 98/2023 Điều 46;
grassroots period configurable, LEGAL-RULES.md "Procedure")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.movements.models import Movement
from thidua.org.models import Unit

__all__ = ["CommentKind", "Disclosure", "DisclosureState", "PublicComment"]


class DisclosureState(models.TextChoices):
    DRAFT = "DRAFT", _("Đang chuẩn bị")
    OPEN = "OPEN", _("Đang công khai")
    CLOSED = "CLOSED", _("Đã kết thúc công khai")


class CommentKind(models.TextChoices):
    COMMENT = "COMMENT", _("Góp ý")
    OBJECTION = "OBJECTION", _("Phản ánh, khiếu nại")


class Disclosure(models.Model):
    """A list of nominations published on the public site for a number of working days.
    ``closes_on`` is the last day of the period, computed from ``opens_on`` and
    ``working_days`` with the public-holiday calendar (core.workdays)."""

    code = models.CharField(_("mã đợt công khai"), max_length=40, unique=True)
    title = models.CharField(_("tiêu đề"), max_length=400)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị công khai"),
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("phong trào"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    nominations = models.ManyToManyField(
        "awards.Nomination", related_name="disclosures", verbose_name=_("danh sách đề nghị")
    )
    working_days = models.PositiveSmallIntegerField(_("số ngày làm việc công khai"), default=5)
    opens_on = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    closes_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    state = models.CharField(
        _("trạng thái"),
        max_length=8,
        choices=DisclosureState.choices,
        default=DisclosureState.DRAFT,
        db_index=True,
    )
    note = models.TextField(_("ghi chú"), blank=True, default="")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đợt công khai")
        verbose_name_plural = _("đợt công khai")
        ordering = ["-opens_on", "-id"]

    def __str__(self) -> str:
        return self.title


class PublicComment(models.Model):
    """A comment or objection sent from the public site. Never deleted: spam is hidden by an
    officer with a reason. The sender's address is kept only as a salted hash, for rate limits."""

    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, related_name="comments")
    nomination = models.ForeignKey(
        "awards.Nomination",
        verbose_name=_("về người, tập thể được đề nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="public_comments",
    )
    kind = models.CharField(
        _("loại ý kiến"), max_length=10, choices=CommentKind.choices, default=CommentKind.COMMENT
    )
    name = models.CharField(_("họ và tên người gửi"), max_length=200)
    contact = models.CharField(_("điện thoại hoặc thư điện tử"), max_length=200)
    text = models.TextField(_("nội dung"))
    submitted_at = models.DateTimeField(_("thời điểm gửi"), auto_now_add=True, db_index=True)
    sender_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)
    answer = models.TextField(_("trả lời"), blank=True, default="")
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    hidden = models.BooleanField(_("ẩn (thư rác)"), default=False)
    hidden_reason = models.CharField(_("lý do ẩn"), max_length=300, blank=True, default="")

    class Meta:
        verbose_name = _("ý kiến công khai")
        verbose_name_plural = _("ý kiến công khai")
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["disclosure", "kind", "answered_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.name}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None
