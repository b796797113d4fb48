"""Template versions (upload, check, activate) and generation of the decision and its
certificates. Every change is written to the audit trail."""

from __future__ import annotations

import importlib
import io
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Max, Model
from django.urls import reverse
from django.utils import timezone
from docxtpl import DocxTemplate
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject

from thidua.awards.models import CouncilSession, Decision, DecisionRecipient
from thidua.core.audit import record_event
from thidua.documents import contexts
from thidua.documents.models import (
    DocumentKind,
    DocumentTemplate,
    GeneratedDocument,
    GenerationJob,
    JobStatus,
    TemplateVersion,
    VersionStatus,
    new_token,
)
from thidua.documents.rendering import (
    docx_to_pdf,
    render_docx,
    render_template_bytes,
    sha256_hex,
)
from thidua.documents.templates_build import TEMPLATES_DIR
from thidua.movements.models import Movement
from thidua.org.models import Unit

DEFAULT_PUBLIC_BASE_URL = "http://127.0.0.1:8000"

# Kinds whose context module is written by H8: (module, known variables, sample context).
_OTHER_KINDS = {
    "KH": "thidua.documents.contexts_plan",
    "TTR": "thidua.documents.contexts_proposal",
    "BB": "thidua.documents.contexts_minutes",
    "BC": "thidua.documents.contexts_report",
}


def known_variables(kind: str) -> frozenset[str]:
    """The names a template of ``kind`` may use."""
    if kind == DocumentKind.QD:
        return contexts.DECISION_VARIABLES
    if kind in (DocumentKind.CERT_GIAY_KHEN, DocumentKind.CERT_CSTDCS):
        return contexts.CERTIFICATE_VARIABLES
    module = importlib.import_module(_OTHER_KINDS[kind])
    return frozenset(getattr(module, f"KNOWN_VARIABLES_{kind}"))


def sample_context(kind: str) -> dict[str, Any] | None:
    """A made-up context an uploaded template must render with (None: no sample for the kind,
    only the placeholder check applies)."""
    if kind == DocumentKind.QD:
        return contexts.sample_decision_context()
    if kind in (DocumentKind.CERT_GIAY_KHEN, DocumentKind.CERT_CSTDCS):
        return contexts.sample_certificates_context()
    module = importlib.import_module(_OTHER_KINDS[kind])
    sample: Callable[[], dict[str, Any]] | None = getattr(module, "sample_context", None)
    return sample() if sample is not None else None


def public_url(token: str) -> str:
    base = getattr(settings, "THIDUA_PUBLIC_BASE_URL", DEFAULT_PUBLIC_BASE_URL).rstrip("/")
    return base + reverse("portal:verify_document", args=[token])


def check_template(kind: str, data: bytes) -> list[str]:
    """The problems of an uploaded .docx for ``kind`` (empty: it may be used)."""
    try:
        template = DocxTemplate(io.BytesIO(data))
        used = set(template.get_undeclared_template_variables())
    except Exception as exc:
        return [f"Không đọc được tệp Word hoặc cú pháp mẫu sai: {exc}"]
    problems = []
    unknown = sorted(used - known_variables(kind))
    if unknown:
        problems.append(
            "Biến không được hỗ trợ cho loại văn bản này: "
            + ", ".join(unknown)
            + ". Các biến được dùng: "
            + ", ".join(sorted(known_variables(kind)))
            + "."
        )
        return problems
    sample = sample_context(kind)
    if sample is not None:
        try:
            render_template_bytes(data, sample)
        except Exception as exc:
            problems.append(f"Mẫu không tạo được văn bản với dữ liệu mẫu: {exc}")
    return problems


def _template_for(kind: str) -> DocumentTemplate:
    template, _created = DocumentTemplate.objects.get_or_create(
        kind=kind, defaults={"name": str(DocumentKind(kind).label)}
    )
    return template


@transaction.atomic
def upload_template_version(
    *, kind: str, data: bytes, actor: Any, note: str = "", activate: bool = False
) -> TemplateVersion:
    """Store a new version of the template of ``kind``, checked: VALID or REJECTED with the
    report. Old versions are kept. ``activate`` makes a VALID version the one in use."""
    template = DocumentTemplate.objects.select_for_update().get(pk=_template_for(kind).pk)
    number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    problems = check_template(kind, data)
    version = TemplateVersion(
        template=template,
        number=number,
        sha256=sha256_hex(data),
        status=VersionStatus.REJECTED if problems else VersionStatus.VALID,
        report="\n".join(problems) or "Mẫu hợp lệ.",
        note=note,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    version.file.save(f"v{number}.docx", ContentFile(data), save=False)
    version.save()
    record_event(
        "documents.template_uploaded",
        version,
        actor=actor,
        after={"kind": kind, "number": number, "status": version.status, "sha256": version.sha256},
    )
    if activate and not problems:
        activate_version(version, actor=actor)
    return version


@transaction.atomic
def activate_version(version: TemplateVersion, *, actor: Any) -> TemplateVersion:
    """Make a VALID version the one used for new documents of its kind."""
    if version.status != VersionStatus.VALID:
        raise ValueError("Chỉ phiên bản hợp lệ mới được đưa vào sử dụng.")
    TemplateVersion.objects.filter(template=version.template, is_active=True).exclude(
        pk=version.pk
    ).update(is_active=False)
    version.is_active = True
    version.save(update_fields=["is_active"])
    record_event(
        "documents.template_activated",
        version,
        actor=actor,
        after={"kind": version.template.kind, "number": version.number},
    )
    return version


def active_version(kind: str) -> TemplateVersion:
    """The version in use; the shipped template becomes version 1 on first use."""
    version = (
        TemplateVersion.objects.filter(template__kind=kind, is_active=True)
        .select_related("template")
        .first()
    )
    if version is not None:
        return version
    data = (TEMPLATES_DIR / f"{kind}.docx").read_bytes()
    return upload_template_version(
        kind=kind, data=data, actor=None, note="Mẫu kèm theo phần mềm", activate=True
    )


def _store(document: GeneratedDocument, *, docx: bytes | None, pdf: bytes | None) -> None:
    stem = f"{document.kind}-{document.pk}"
    if docx is not None:
        document.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
        document.docx_sha256 = sha256_hex(docx)
    if pdf is not None:
        document.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        document.pdf_sha256 = sha256_hex(pdf)
    document.save(update_fields=["docx", "docx_sha256", "pdf", "pdf_sha256"])


def generate_document(
    *,
    kind: str,
    source: Model,
    title: str,
    build_context: Callable[[str], dict[str, Any]],
    actor: Any,
    pdf: bool = True,
    decision: Decision | None = None,
    movement: Movement | None = None,
    unit: Unit | None = None,
    session: CouncilSession | None = None,
) -> GeneratedDocument:
    """Render one document of ``kind`` with the active template version to DOCX (and PDF) and
    store it with the SHA-256 of each file, linked to ``source``. ``build_context`` receives the
    URL of the document's public verification page (for its QR code) and returns the context.
    H8's documents (KH, TTr, BB, BC) are generated through this function too (see
    ``services_movement``); ``unit`` and ``session`` scope a proposal and minutes."""
    version = active_version(kind)
    document = GeneratedDocument.objects.create(
        kind=kind,
        title=title[:300],
        template_version=version,
        content_type=ContentType.objects.get_for_model(source),
        object_id=str(source.pk),
        decision=decision,
        movement=movement,
        unit=unit,
        session=session,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    docx = render_docx(version, build_context(public_url(document.token)))
    pdf_bytes = None
    if pdf:
        with tempfile.TemporaryDirectory(prefix="thidua-doc-") as tmp:
            path = Path(tmp) / f"{kind}-{document.pk}.docx"
            path.write_bytes(docx)
            (out,) = docx_to_pdf([path], Path(tmp))
            pdf_bytes = out.read_bytes()
    _store(document, docx=docx, pdf=pdf_bytes)
    record_event(
        "documents.generated",
        document,
        actor=actor,
        after={
            "kind": kind,
            "source": f"{source._meta.label_lower}:{source.pk}",
            "version": version.number,
            "docx_sha256": document.docx_sha256,
            "pdf_sha256": document.pdf_sha256,
        },
    )
    return document


def generate_decision_document(
    decision: Decision, *, actor: Any, pdf: bool = True
) -> GeneratedDocument:
    """The decision with its annex, with the QR code of its verification page."""
    return generate_document(
        kind=DocumentKind.QD,
        source=decision,
        title=f"Quyết định {contexts.number_symbol(decision).strip()}",
        build_context=lambda url: contexts.decision_context(decision, qr_url=url),
        actor=actor,
        pdf=pdf,
        decision=decision,
        movement=decision.movement,
    )


def generate_plan_document(
    movement: Movement, *, actor: Any, pdf: bool = True
) -> GeneratedDocument:
    """The founding plan (KH) of a movement, from H8's ``contexts_plan``."""
    from thidua.documents.contexts_plan import build_plan_context

    return generate_document(
        kind=DocumentKind.KH,
        source=movement,
        title=f"Kế hoạch {movement.doc_number}".strip(),
        build_context=lambda _url: build_plan_context(movement),
        actor=actor,
        pdf=pdf,
        movement=movement,
    )


def start_certificates_job(decision: Decision, *, actor: Any) -> GenerationJob:
    """A pending job for all certificates of the decision (the task runs it)."""
    job = GenerationJob.objects.create(
        kind=DocumentKind.CERT_GIAY_KHEN,
        decision=decision,
        total=DecisionRecipient.objects.filter(decision=decision).count(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record_event("documents.job_started", job, actor=actor, after={"decision": decision.pk})
    return job


def _progress(job: GenerationJob, *, step: str, done: int | None = None) -> None:
    fields = {"step": step}
    if done is not None:
        fields["done"] = done  # type: ignore[assignment]
    GenerationJob.objects.filter(pk=job.pk).update(**fields)


def run_certificates_job(job: GenerationJob) -> GenerationJob:
    """Render every certificate of the job's decision: one DOCX per certificate kind, one
    LibreOffice call, the PDFs split per page into one document per recipient; then the combined
    PDF and the ZIP. Safe to run twice: a finished job is returned as it is."""
    if job.status == JobStatus.DONE:
        return job
    decision = job.decision
    if decision is None:
        raise ValueError("Đợt tạo giấy khen không gắn với quyết định nào.")
    GenerationJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, step="Chuẩn bị")
    try:
        _run_certificates(job, decision)
    except Exception as exc:
        GenerationJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, errors=str(exc)[:4000], finished_at=timezone.now()
        )
        raise
    job.refresh_from_db()
    return job


def _run_certificates(job: GenerationJob, decision: Decision) -> None:
    lines = list(
        DecisionRecipient.objects.filter(decision=decision)
        .select_related("person", "unit")
        .order_by("serial")
    )
    groups: dict[str, list[DecisionRecipient]] = {}
    for line in lines:
        groups.setdefault(contexts.certificate_kind_for(line.award_code), []).append(line)
    versions = {kind: active_version(kind) for kind in groups}
    ct = ContentType.objects.get_for_model(DecisionRecipient)
    documents = GeneratedDocument.objects.bulk_create(
        [
            GeneratedDocument(
                kind=kind,
                title=f"{DocumentKind(kind).label} số sổ vàng {line.serial:02d}",
                template_version=versions[kind],
                content_type=ct,
                object_id=str(line.pk),
                decision=decision,
                recipient=line,
                movement_id=decision.movement_id,
                job=job,
                token=new_token(),
                created_by_id=job.created_by_id,
            )
            for kind, group in groups.items()
            for line in group
        ]
    )
    by_line = {doc.recipient_id: doc for doc in documents if doc.recipient_id is not None}
    urls = {line_id: public_url(doc.token) for line_id, doc in by_line.items()}
    pages: dict[int, bytes] = {}
    combined = PdfWriter()
    originals: dict[int, PageObject] = {}
    with tempfile.TemporaryDirectory(prefix="thidua-cert-") as tmp:
        sources = []
        for kind, group in groups.items():
            _progress(job, step=f"Tạo tệp Word: {DocumentKind(kind).label}")
            context = {
                "certificates": contexts.certificate_contexts(decision, urls=urls, lines=group)
            }
            source = Path(tmp) / f"{kind}-{job.pk}.docx"
            source.write_bytes(render_docx(versions[kind], context))
            sources.append(source)
        _progress(job, step="Chuyển sang PDF")
        pdfs = docx_to_pdf(sources, Path(tmp) / "pdf")
        _progress(job, step="Tách từng giấy khen")
        for (kind, group), pdf_path in zip(groups.items(), pdfs, strict=True):
            reader = PdfReader(pdf_path)
            if len(reader.pages) != len(group):
                raise RuntimeError(
                    f"{DocumentKind(kind).label}: {len(reader.pages)} trang cho {len(group)} "
                    "người, tập thể; mỗi giấy phải vừa một trang."
                )
            for index, (line, page) in enumerate(zip(group, reader.pages, strict=True), start=1):
                _keep_own_images(page)
                writer = PdfWriter()
                writer.add_page(page)
                buffer = io.BytesIO()
                writer.write(buffer)
                pages[line.pk] = buffer.getvalue()
                originals[line.pk] = page
                if index % 50 == 0:
                    GenerationJob.objects.filter(pk=job.pk).update(done=F("done") + 50)
        # The combined PDF takes the pages from LibreOffice's files (fonts shared), in serial order.
        for line in lines:
            combined.add_page(originals[line.pk])
        _finish(job, lines, by_line, pages, combined)


_DO_OPERATOR = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+Do\b")


def _keep_own_images(page: PageObject) -> None:
    """LibreOffice gives every page one shared image dictionary (all the QR codes): keep in
    the page's resources only the images its content draws, so a one-page PDF does not carry
    the other 999 (0.7 MB and 0.2 s a page otherwise)."""
    resources = page.get("/Resources")
    if resources is None:
        return
    resources = resources.get_object()
    images = resources.get("/XObject")
    contents = page.get_contents()
    if images is None or contents is None:
        return
    used = set(_DO_OPERATOR.findall(contents.get_data()))
    own = DictionaryObject(
        {name: ref for name, ref in images.get_object().items() if name[1:].encode() in used}
    )
    trimmed = DictionaryObject(dict(resources.items()))
    trimmed[NameObject("/XObject")] = own
    page[NameObject("/Resources")] = trimmed


def _finish(
    job: GenerationJob,
    lines: list[DecisionRecipient],
    by_line: dict[int, GeneratedDocument],
    pages: dict[int, bytes],
    combined: PdfWriter,
) -> None:
    archive_buffer = io.BytesIO()
    # PDF streams are compressed already: the ZIP stores them as they are.
    with zipfile.ZipFile(archive_buffer, "w", zipfile.ZIP_STORED) as archive:
        for line in lines:
            data = pages[line.pk]
            document = by_line[line.pk]
            document.pdf.save(f"{document.kind}-{document.pk}.pdf", ContentFile(data), save=False)
            document.pdf_sha256 = sha256_hex(data)
            archive.writestr(f"{line.serial:04d}-{document.kind}.pdf", data)
    GeneratedDocument.objects.bulk_update(
        list(by_line.values()), ["pdf", "pdf_sha256"], batch_size=500
    )
    combined_buffer = io.BytesIO()
    combined.write(combined_buffer)
    combined_bytes, zip_bytes = combined_buffer.getvalue(), archive_buffer.getvalue()
    job.refresh_from_db()
    job.combined_pdf.save(f"giay-khen-{job.pk}.pdf", ContentFile(combined_bytes), save=False)
    job.zip_file.save(f"giay-khen-{job.pk}.zip", ContentFile(zip_bytes), save=False)
    job.combined_pdf_sha256 = sha256_hex(combined_bytes)
    job.zip_sha256 = sha256_hex(zip_bytes)
    job.status = JobStatus.DONE
    job.done = job.total
    job.step = ""
    job.finished_at = timezone.now()
    job.save()
    record_event(
        "documents.job_finished",
        job,
        actor=job.created_by,
        after={"decision": job.decision_id, "count": len(lines), "zip_sha256": job.zip_sha256},
    )
