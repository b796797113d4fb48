"""Documents: ``POST /decisions/{id}/documents`` (render the QĐ to DOCX and PDF),
``GET /decisions/{id}/documents``, ``POST /decisions/{id}/certificates`` (a background job, 202),
``GET /document-jobs/{id}`` (progress and result files), ``GET /documents/{id}/file/{fmt}`` and
``GET /document-jobs/{id}/file/{fmt}`` (downloads, for who may see the decision),
``GET /document-templates`` and ``POST /document-templates/{kind}/versions`` (upload, checked),
``POST /document-template-versions/{id}/activate`` (administrators).
A movement's own documents, generated synchronously like the QĐ (201): ``POST
/movements/{code}/documents/plan`` and ``.../report`` (who runs the movement), ``POST
/movements/{code}/documents/proposal?unit=CODE`` (who may propose for the unit), ``POST
/council-sessions/{id}/documents/minutes`` (the council's secretary or officer), and ``GET
/movements/{code}/documents`` (those the user may see)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, UploadedFile
from ninja.errors import HttpError
from ninja.responses import Status

from thidua.api.errors import ApiValidationError, require_api
from thidua.api.lookups import visible_or_404
from thidua.api.routers.movements import visible_movement
from thidua.api.schemas import ERRORS_LIST, ERRORS_READ, ERRORS_WRITE
from thidua.api.schemas_documents import DocumentOut, JobOut, TemplateVersionOut
from thidua.awards.models import CouncilSession, Decision
from thidua.awards.queries_decisions import visible_decisions
from thidua.awards.rules_councils import visible_sessions
from thidua.documents import services, services_movement, tasks
from thidua.documents.models import (
    DocumentKind,
    GeneratedDocument,
    GenerationJob,
    TemplateVersion,
    VersionStatus,
)
from thidua.documents.queries import visible_documents, visible_jobs
from thidua.documents.rendering import ConversionError, SofficeMissingError
from thidua.org.models import Unit

router = Router(tags=["Văn bản"])

GENERATE = "documents.generate_decision_documents"
MANAGE = "documents.manage_templates"


def _decision(request: HttpRequest, pk: int) -> Decision:
    return visible_or_404(
        request,
        visible_decisions(request.user),
        Decision,
        "awards.view_decision",
        _("Không tìm thấy quyết định số %(id)s.") % {"id": pk},
        pk=pk,
    )


def _document_out(d: GeneratedDocument) -> dict[str, Any]:
    return {
        "id": d.pk,
        "kind": d.kind,
        "title": d.title,
        "template_kind": d.template_version.template.kind,
        "template_version": d.template_version.number,
        "decision_id": d.decision_id,
        "recipient_serial": d.recipient.serial if d.recipient is not None else None,
        "movement_code": d.movement.code if d.movement is not None else None,
        "unit_code": d.unit.code if d.unit is not None else None,
        "session_id": d.session_id,
        "docx_sha256": d.docx_sha256,
        "pdf_sha256": d.pdf_sha256,
        "docx_url": reverse("api:document_file", args=[d.pk, "docx"]) if d.docx else None,
        "pdf_url": reverse("api:document_file", args=[d.pk, "pdf"]) if d.pdf else None,
        "verification_url": services.public_url(d.token),
        "created_at": d.created_at,
    }


def _job_out(job: GenerationJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "decision_id": job.decision_id,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "percent": job.percent,
        "step": job.step,
        "errors": job.errors,
        "combined_pdf_url": (
            reverse("api:document_job_file", args=[job.pk, "pdf"]) if job.combined_pdf else None
        ),
        "combined_pdf_sha256": job.combined_pdf_sha256,
        "zip_url": reverse("api:document_job_file", args=[job.pk, "zip"]) if job.zip_file else None,
        "zip_sha256": job.zip_sha256,
    }


def _version_out(v: TemplateVersion) -> dict[str, Any]:
    return {
        "id": v.pk,
        "kind": v.template.kind,
        "number": v.number,
        "status": v.status,
        "report": v.report,
        "is_active": v.is_active,
        "sha256": v.sha256,
        "note": v.note,
        "uploaded_at": v.uploaded_at,
    }


@router.post(
    "/decisions/{int:decision_id}/documents",
    response={201: DocumentOut, **ERRORS_WRITE},
    summary="Tạo quyết định (Word và PDF)",
)
def generate_decision(request: HttpRequest, decision_id: int):
    decision = _decision(request, decision_id)
    require_api(
        request, GENERATE, decision, _("Bạn không có quyền tạo văn bản của quyết định này.")
    )
    try:
        document = services.generate_decision_document(decision, actor=request.user)
    except (SofficeMissingError, ConversionError) as exc:
        raise HttpError(503, str(exc)) from exc
    return Status(201, _document_out(document))


@router.get(
    "/decisions/{int:decision_id}/documents",
    response={200: list[DocumentOut], **ERRORS_READ},
    summary="Văn bản đã tạo của một quyết định",
)
def list_documents(request: HttpRequest, decision_id: int):
    decision = _decision(request, decision_id)
    documents = (
        visible_documents(request.user)
        .filter(decision=decision)
        .select_related("template_version__template", "recipient", "movement", "unit")
        .order_by("created_at", "id")
    )
    return [_document_out(d) for d in documents]


@router.post(
    "/decisions/{int:decision_id}/certificates",
    response={202: JobOut, **ERRORS_WRITE},
    summary="Tạo mọi giấy khen, giấy chứng nhận của quyết định (chạy nền)",
)
def generate_certificates(request: HttpRequest, decision_id: int):
    decision = _decision(request, decision_id)
    require_api(
        request, GENERATE, decision, _("Bạn không có quyền tạo văn bản của quyết định này.")
    )
    job = services.start_certificates_job(decision, actor=request.user)
    tasks.generate_certificates.enqueue(job.pk)
    job.refresh_from_db()
    return Status(202, _job_out(job))


def _job(request: HttpRequest, pk: int) -> GenerationJob:
    return visible_or_404(
        request,
        visible_jobs(request.user),
        GenerationJob,
        "documents.view_document",
        _("Không tìm thấy đợt tạo văn bản số %(id)s.") % {"id": pk},
        pk=pk,
    )


@router.get("/document-jobs/{int:job_id}", response={200: JobOut, **ERRORS_READ}, summary="Tiến độ")
def job_detail(request: HttpRequest, job_id: int):
    return _job_out(_job(request, job_id))


def _file(field: FieldFile, filename: str) -> FileResponse:
    if not field:
        raise Http404(_("Chưa có tệp này."))
    return FileResponse(field.open("rb"), as_attachment=True, filename=filename)


@router.get(
    "/document-jobs/{int:job_id}/file/{fmt}",
    response={200: None, **ERRORS_READ},
    url_name="document_job_file",
    summary="Tải tệp PDF chung hoặc tệp ZIP của đợt",
)
def job_file(request: HttpRequest, job_id: int, fmt: str):
    job = _job(request, job_id)
    if fmt not in ("pdf", "zip"):
        raise Http404(_("Định dạng “%(fmt)s” không có; dùng pdf hoặc zip.") % {"fmt": fmt})
    return _file(job.combined_pdf if fmt == "pdf" else job.zip_file, f"giay-khen-{job.pk}.{fmt}")


@router.get(
    "/documents/{int:document_id}/file/{fmt}",
    response={200: None, **ERRORS_READ},
    url_name="document_file",
    summary="Tải tệp Word hoặc PDF của văn bản",
)
def document_file(request: HttpRequest, document_id: int, fmt: str):
    document = visible_or_404(
        request,
        visible_documents(request.user),
        GeneratedDocument,
        "documents.view_document",
        _("Không tìm thấy văn bản số %(id)s.") % {"id": document_id},
        pk=document_id,
    )
    if fmt not in ("docx", "pdf"):
        raise Http404(_("Định dạng “%(fmt)s” không có; dùng docx hoặc pdf.") % {"fmt": fmt})
    field = document.docx if fmt == "docx" else document.pdf
    return _file(field, f"{document.kind}-{document.pk}.{fmt}")


@router.get(
    "/document-templates",
    response={200: list[TemplateVersionOut], **ERRORS_LIST},
    summary="Mẫu văn bản và các phiên bản",
)
def list_template_versions(request: HttpRequest):
    require_api(request, MANAGE, None, _("Chỉ quản trị hệ thống được quản lý mẫu văn bản."))
    versions = TemplateVersion.objects.select_related("template").order_by(
        "template__kind", "-number"
    )
    return [_version_out(v) for v in versions]


@router.post(
    "/document-templates/{kind}/versions",
    response={201: TemplateVersionOut, **ERRORS_WRITE},
    summary="Tải lên phiên bản mẫu mới (được kiểm tra; phiên bản bị từ chối vẫn được lưu)",
)
def upload_template(
    request: HttpRequest,
    kind: str,
    file: File[UploadedFile],
    note: Form[str] = "",
    activate: Form[bool] = False,
):
    require_api(request, MANAGE, None, _("Chỉ quản trị hệ thống được quản lý mẫu văn bản."))
    if kind not in DocumentKind.values:
        raise ApiValidationError(
            {"kind": _("Loại văn bản “%(kind)s” không có.") % {"kind": kind}}, source="path"
        )
    if not (file.name or "").lower().endswith(".docx"):
        raise ApiValidationError({"file": _("Tệp mẫu phải là tệp Word .docx.")})
    version = services.upload_template_version(
        kind=kind, data=file.read(), actor=request.user, note=note, activate=activate
    )
    return Status(201, _version_out(version))


@router.post(
    "/document-template-versions/{int:version_id}/activate",
    response={200: TemplateVersionOut, **ERRORS_WRITE},
    summary="Dùng một phiên bản hợp lệ",
)
def activate_version(request: HttpRequest, version_id: int):
    require_api(request, MANAGE, None, _("Chỉ quản trị hệ thống được quản lý mẫu văn bản."))
    version = TemplateVersion.objects.select_related("template").filter(pk=version_id).first()
    if version is None:
        raise Http404(_("Không tìm thấy phiên bản mẫu số %(id)s.") % {"id": version_id})
    if version.status != VersionStatus.VALID:
        raise HttpError(
            409, _("Phiên bản %(n)s bị từ chối, không dùng được.") % {"n": version.number}
        )
    services.activate_version(version, actor=request.user)
    return _version_out(version)


# --- a movement's documents: plan (KH), proposal (TTr), minutes (BB), report (BC) ------------

MANAGE_MOVEMENT = "movements.manage_movement"


def _generated(generate: Callable[[], GeneratedDocument]) -> Status:
    try:
        document = generate()
    except (SofficeMissingError, ConversionError) as exc:
        raise HttpError(503, str(exc)) from exc
    return Status(201, _document_out(document))


@router.post(
    "/movements/{code}/documents/plan",
    response={201: DocumentOut, **ERRORS_WRITE},
    summary="Tạo kế hoạch phát động (KH) của phong trào (Word và PDF)",
)
def generate_movement_plan(request: HttpRequest, code: str):
    movement = visible_movement(request, code)
    require_api(
        request, MANAGE_MOVEMENT, movement, _("Bạn không có quyền tạo kế hoạch của phong trào này.")
    )
    return _generated(lambda: services.generate_plan_document(movement, actor=request.user))


@router.post(
    "/movements/{code}/documents/report",
    response={201: DocumentOut, **ERRORS_WRITE},
    summary="Tạo báo cáo tổng kết (BC) của phong trào (Word và PDF)",
)
def generate_movement_report(request: HttpRequest, code: str):
    movement = visible_movement(request, code)
    require_api(
        request,
        MANAGE_MOVEMENT,
        movement,
        _("Bạn không có quyền tạo báo cáo tổng kết của phong trào này."),
    )
    return _generated(
        lambda: services_movement.generate_report_document(movement, actor=request.user)
    )


@router.post(
    "/movements/{code}/documents/proposal",
    response={201: DocumentOut, **ERRORS_WRITE},
    summary="Tạo tờ trình đề nghị khen thưởng (TTr) của một đơn vị (Word và PDF)",
)
def generate_movement_proposal(
    request: HttpRequest,
    code: str,
    unit: str = Query(..., description="Mã đơn vị trình, ví dụ PTTBCXB."),
):
    movement = visible_movement(request, code)
    proposing = Unit.objects.filter(code=unit.strip()).first()
    if proposing is None:
        raise ApiValidationError(
            {"unit": _("Không có đơn vị mã “%(code)s”.") % {"code": unit}}, source="query"
        )
    require_api(
        request,
        "awards.propose",
        proposing,
        _("Bạn không có quyền lập tờ trình cho đơn vị “%(code)s”.") % {"code": proposing.code},
    )
    return _generated(
        lambda: services_movement.generate_proposal_document(
            movement, proposing, actor=request.user
        )
    )


@router.post(
    "/council-sessions/{int:session_id}/documents/minutes",
    response={201: DocumentOut, **ERRORS_WRITE},
    summary="Tạo biên bản họp Hội đồng (BB) của một phiên họp (Word và PDF)",
)
def generate_session_minutes(request: HttpRequest, session_id: int):
    session = visible_or_404(
        request,
        visible_sessions(request.user).select_related("council", "movement"),
        CouncilSession,
        "awards.view_council",
        _("Không tìm thấy phiên họp số %(id)s.") % {"id": session_id},
        pk=session_id,
    )
    require_api(
        request,
        "awards.manage_council",
        session,
        _("Chỉ thư ký hoặc cán bộ thi đua của đơn vị được lập biên bản của phiên họp này."),
    )
    return _generated(
        lambda: services_movement.generate_minutes_document(session, actor=request.user)
    )


@router.get(
    "/movements/{code}/documents",
    response={200: list[DocumentOut], **ERRORS_READ},
    summary="Văn bản đã tạo của một phong trào (KH, TTr, BB, BC) mà bạn được xem",
)
def list_movement_documents(request: HttpRequest, code: str):
    movement = visible_movement(request, code)
    documents = (
        visible_documents(request.user)
        .filter(movement=movement, decision__isnull=True)
        .select_related("template_version__template", "recipient", "movement", "unit")
        .order_by("created_at", "id")
    )
    return [_document_out(d) for d in documents]
