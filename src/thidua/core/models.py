from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("Audit events are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit events are append-only.")

    def for_object(self, obj: models.Model) -> AuditEventQuerySet:
        ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        return self.filter(content_type=ct, object_id=str(obj.pk))


class AuditEvent(models.Model):
    """One thing that happened: who, when (UTC), what, to which object, before and after.

    Rows are only ever inserted, by ``thidua.core.audit.record_event``; updates and deletes are
    refused by the model and its queryset.
    """

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("hành động"), max_length=64, db_index=True)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True, default="")
    object_repr = models.CharField(_("đối tượng"), max_length=300, blank=True, default="")
    before = models.JSONField(_("trước"), null=True, blank=True)
    after = models.JSONField(_("sau"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Audit events are append-only.")

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        before = self.before or {}
        after = self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


def import_upload_to(instance: ImportJob, filename: str) -> str:
    """Uploaded workbooks get a random name; the original name is kept on the job."""
    import uuid

    from django.utils import timezone

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"imports/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{suffix[:8]}"


class ImportJob(models.Model):
    """One uploaded file imported by a domain app (``kind`` is that app's code, e.g. PEOPLE).

    The file lives in the default (private) storage. Small files run in the request; large ones
    in a background task that updates ``processed_rows`` so the page can show a progress bar.
    """

    class Status(models.TextChoices):
        QUEUED = "QUEUED", _("Đang chờ xử lý")
        RUNNING = "RUNNING", _("Đang xử lý")
        SUCCEEDED = "SUCCEEDED", _("Thành công")
        FAILED = "FAILED", _("Không thành công")

    kind = models.CharField(_("loại dữ liệu"), max_length=32)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    file = models.FileField(_("tệp"), upload_to=import_upload_to, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    total_rows = models.PositiveIntegerField(_("số dòng"), default=0)
    processed_rows = models.PositiveIntegerField(_("số dòng đã xử lý"), default=0)
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    summary = models.JSONField(_("kết quả"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    finished_at = models.DateTimeField(_("thời điểm xong"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập dữ liệu")
        verbose_name_plural = _("lần nhập dữ liệu")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.original_name} ({self.status})"

    @property
    def is_done(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.is_done else 0
        return min(100, self.processed_rows * 100 // self.total_rows)


class PublicHoliday(models.Model):
    """A day off that is not a weekend: the statutory holidays of Bộ luật Lao động 2019
    Điều 112 (seeded 2015-2035 by migration 0004), the compensatory days the Government
    decides each year, and local holidays. ``core.workdays`` counts working days with them."""

    class Kind(models.TextChoices):
        STATUTORY = "STATUTORY", _("Ngày lễ, tết theo Bộ luật Lao động")
        COMPENSATORY = "COMPENSATORY", _("Ngày nghỉ bù, hoán đổi theo thông báo hằng năm")
        LOCAL = "LOCAL", _("Ngày nghỉ của địa phương")

    date = models.DateField(_("ngày"), unique=True)
    name = models.CharField(_("tên ngày nghỉ"), max_length=200)
    kind = models.CharField(
        _("loại ngày nghỉ"), max_length=12, choices=Kind.choices, default=Kind.STATUTORY
    )

    class Meta:
        verbose_name = _("ngày nghỉ lễ")
        verbose_name_plural = _("ngày nghỉ lễ")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"
