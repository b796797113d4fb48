"""Word templates with their versions, generated documents and batch generation jobs.

Nothing here is deleted: a generated document names the template version it came from, and a
version once uploaded stays (REJECTED ones with their check report)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.awards.models import CouncilSession, Decision, DecisionRecipient
from thidua.movements.models import Movement
from thidua.org.models import Unit


class DocumentKind(models.TextChoices):
    KH = "KH", _("Kế hoạch phát động phong trào (KH)")
    TTR = "TTR", _("Tờ trình đề nghị khen thưởng (TTr)")
    BB = "BB", _("Biên bản họp Hội đồng (BB)")
    QD = "QD", _("Quyết định khen thưởng (QĐ)")
    CERT_GIAY_KHEN = "CERT_GIAY_KHEN", _("Giấy khen")
    CERT_CSTDCS = "CERT_CSTDCS", _("Giấy chứng nhận Chiến sĩ thi đua cơ sở")
    BC = "BC", _("Báo cáo tổng kết (BC)")


CERTIFICATE_KINDS = (DocumentKind.CERT_GIAY_KHEN, DocumentKind.CERT_CSTDCS)


class VersionStatus(models.TextChoices):
    VALID = "VALID", _("Hợp lệ")
    REJECTED = "REJECTED", _("Bị từ chối")


class JobStatus(models.TextChoices):
    PENDING = "PENDING", _("Đang chờ")
    RUNNING = "RUNNING", _("Đang tạo")
    DONE = "DONE", _("Hoàn thành")
    FAILED = "FAILED", _("Lỗi")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def template_upload_to(instance: TemplateVersion, filename: str) -> str:
    return f"documents/templates/{instance.template.kind}/v{instance.number}.docx"


def generated_upload_to(instance: GeneratedDocument, filename: str) -> str:
    return f"documents/generated/{instance.kind}/{filename}"


def job_upload_to(instance: GenerationJob, filename: str) -> str:
    return f"documents/jobs/{instance.pk}/{filename}"


class DocumentTemplate(models.Model):
    """One kind of document (one row per kind); its versions hold the Word files."""

    kind = models.CharField(
        _("loại văn bản"), max_length=16, choices=DocumentKind.choices, unique=True
    )
    name = models.CharField(_("tên mẫu"), max_length=200)

    class Meta:
        verbose_name = _("mẫu văn bản")
        verbose_name_plural = _("mẫu văn bản")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.name


class TemplateVersion(models.Model):
    """An uploaded (or shipped) Word file of a template, checked before use."""

    template = models.ForeignKey(
        DocumentTemplate, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("phiên bản"))
    file = models.FileField(_("tệp Word"), upload_to=template_upload_to, max_length=255)
    sha256 = models.CharField(max_length=64)
    status = models.CharField(_("kết quả kiểm tra"), max_length=8, choices=VersionStatus.choices)
    report = models.TextField(_("báo cáo kiểm tra"), blank=True, default="")
    is_active = models.BooleanField(_("đang dùng"), default=False)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("phiên bản mẫu văn bản")
        verbose_name_plural = _("phiên bản mẫu văn bản")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="one_template_version_number"
            ),
            models.UniqueConstraint(
                fields=["template"], condition=Q(is_active=True), name="one_active_template_version"
            ),
            models.CheckConstraint(
                condition=Q(is_active=False) | Q(status="VALID"), name="only_valid_versions_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.kind} v{self.number}"


class GenerationJob(models.Model):
    """A batch (all certificates of a decision): progress for the progress bar, and the
    combined PDF and the ZIP of one PDF per certificate when done."""

    kind = models.CharField(_("loại văn bản"), max_length=16, choices=DocumentKind.choices)
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="generation_jobs"
    )
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    step = models.CharField(_("bước"), max_length=200, blank=True, default="")
    combined_pdf = models.FileField(upload_to=job_upload_to, blank=True, max_length=255)
    combined_pdf_sha256 = models.CharField(max_length=64, blank=True, default="")
    zip_file = models.FileField(upload_to=job_upload_to, blank=True, max_length=255)
    zip_sha256 = models.CharField(max_length=64, blank=True, default="")
    errors = models.TextField(_("lỗi"), blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("đợt tạo văn bản")
        verbose_name_plural = _("đợt tạo văn bản")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0


class GeneratedDocument(models.Model):
    """One generated document: its files with their SHA-256, the template version it came from,
    its source record, and the random token of its public verification page."""

    kind = models.CharField(_("loại văn bản"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("văn bản"), max_length=300)
    template_version = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, related_name="documents"
    )
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True, default="")
    source = GenericForeignKey("content_type", "object_id")
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    recipient = models.ForeignKey(
        DecisionRecipient,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    movement = models.ForeignKey(
        Movement, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    # The proposing unit of a proposal (TTr) and the council session of minutes (BB): who may
    # see the document follows them (see ``queries.visible_documents``).
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    session = models.ForeignKey(
        CouncilSession,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    job = models.ForeignKey(
        GenerationJob, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    docx = models.FileField(upload_to=generated_upload_to, blank=True, max_length=255)
    docx_sha256 = models.CharField(max_length=64, blank=True, default="")
    pdf = models.FileField(upload_to=generated_upload_to, blank=True, max_length=255)
    pdf_sha256 = models.CharField(max_length=64, blank=True, default="")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản đã tạo")
        verbose_name_plural = _("văn bản đã tạo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return self.title
