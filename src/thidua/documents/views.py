"""Pages of documents: a decision's generated documents (generate the QĐ, generate all its
certificates as a background job with a progress bar), downloads (only for who may see the
source record), and the templates with their versions (upload, activate) for administrators.
A movement's page lists its plan, proposals, minutes and report, each generated in the
background like the decision.
Thin views over ``thidua.documents.services``; reads go through ``queries``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.awards.models import CouncilSession, Decision
from thidua.awards.queries_decisions import visible_decisions
from thidua.awards.queries_nominations import visible_nominations
from thidua.awards.rules_councils import visible_sessions
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.documents import services, tasks
from thidua.documents.models import (
    DocumentKind,
    DocumentTemplate,
    GeneratedDocument,
    GenerationJob,
    JobStatus,
    TemplateVersion,
)
from thidua.documents.queries import visible_documents, visible_jobs
from thidua.movements.models import Movement
from thidua.movements.queries import visible_movements
from thidua.org.models import Unit

VIEW = "documents.view_document"
GENERATE = "documents.generate_decision_documents"
MANAGE = "documents.manage_templates"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@login_required
def decision_documents(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_visible_or_404(
        request, visible_decisions(request.user), Decision, "awards.view_decision", pk=pk
    )
    documents = (
        visible_documents(request.user)
        .filter(decision=decision, job__isnull=True)
        .select_related("template_version")
    )
    jobs = visible_jobs(request.user).filter(decision=decision)
    context = {
        "decision": decision,
        "documents": documents,
        "jobs": jobs,
        "can_generate": request.user.has_perm(GENERATE, decision),
    }
    return render(request, "documents/decision_documents.html", context)


def _decision_to_generate(request: HttpRequest, pk: int) -> Decision:
    decision = get_visible_or_404(
        request, visible_decisions(request.user), Decision, "awards.view_decision", pk=pk
    )
    require(request.user, GENERATE, decision, path=request.path)
    return decision


@login_required
@require_POST
def generate_decision(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_to_generate(request, pk)
    tasks.generate_decision.enqueue(decision.pk, request.user.pk)
    messages.success(
        request, _("Đã gửi yêu cầu tạo quyết định; tệp sẽ có trong danh sách khi tạo xong.")
    )
    return redirect("documents:decision", pk=decision.pk)


@login_required
@require_POST
def generate_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_to_generate(request, pk)
    job = services.start_certificates_job(decision, actor=request.user)
    tasks.generate_certificates.enqueue(job.pk)
    return redirect("documents:job", pk=job.pk)


_LEVELS = {
    JobStatus.PENDING: "info",
    JobStatus.RUNNING: "info",
    JobStatus.DONE: "success",
    JobStatus.FAILED: "danger",
}


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_visible_or_404(request, visible_jobs(request.user), GenerationJob, VIEW, pk=pk)
    context = {
        "job": job,
        "finished": job.status in (JobStatus.DONE, JobStatus.FAILED),
        "level": _LEVELS.get(JobStatus(job.status), "info"),
    }
    htmx = getattr(request, "htmx", False)
    template = "documents/job.html#status" if htmx else "documents/job.html"
    return render(request, template, context)


def _file_response(field: FieldFile, filename: str) -> FileResponse:
    if not field:
        raise Http404
    return FileResponse(field.open("rb"), as_attachment=True, filename=filename)


@login_required
def download_document(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    document = get_visible_or_404(
        request, visible_documents(request.user), GeneratedDocument, VIEW, pk=pk
    )
    if fmt not in ("docx", "pdf"):
        raise Http404
    field = document.docx if fmt == "docx" else document.pdf
    return _file_response(field, f"{document.kind}-{document.pk}.{fmt}")


@login_required
def download_job(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    job = get_visible_or_404(request, visible_jobs(request.user), GenerationJob, VIEW, pk=pk)
    if fmt not in ("pdf", "zip"):
        raise Http404
    field = job.combined_pdf if fmt == "pdf" else job.zip_file
    return _file_response(field, f"giay-khen-{job.pk}.{fmt}")


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Loại văn bản"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=gettext_lazy("Tệp Word (.docx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx"}),
    )
    note = forms.CharField(label=gettext_lazy("Ghi chú"), max_length=300, required=False)
    activate = forms.BooleanField(
        label=gettext_lazy("Dùng ngay nếu mẫu hợp lệ"), required=False, initial=True
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(_("Tệp mẫu phải là tệp Word .docx."))
        if upload.size > MAX_TEMPLATE_BYTES:
            raise forms.ValidationError(_("Tệp mẫu không được lớn hơn 5 MB."))
        return upload


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    require(request.user, MANAGE, None, path=request.path)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        version = services.upload_template_version(
            kind=form.cleaned_data["kind"],
            data=form.cleaned_data["file"].read(),
            actor=request.user,
            note=form.cleaned_data["note"],
            activate=form.cleaned_data["activate"],
        )
        if version.status == "VALID":
            messages.success(
                request, _("Đã tải lên phiên bản %(n)s: mẫu hợp lệ.") % {"n": version.number}
            )
        else:
            messages.error(
                request,
                _("Phiên bản %(n)s bị từ chối: %(report)s")
                % {"n": version.number, "report": version.report},
            )
        return redirect("documents:templates")
    templates = DocumentTemplate.objects.prefetch_related("versions__uploaded_by")
    return render(request, "documents/templates.html", {"templates": templates, "form": form})


@login_required
@require_POST
def activate_template_version(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, MANAGE, None, path=request.path)
    version = get_object_or_404(TemplateVersion, pk=pk)
    try:
        services.activate_version(version, actor=request.user)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã dùng phiên bản %(n)s.") % {"n": version.number})
    return redirect("documents:templates")


@login_required
def template_file(request: HttpRequest, pk: int) -> FileResponse:
    require(request.user, MANAGE, None, path=request.path)
    version = get_object_or_404(TemplateVersion.objects.select_related("template"), pk=pk)
    return _file_response(version.file, f"{version.template.kind}-v{version.number}.docx")


# --- a movement's documents: plan (KH), proposals (TTr), minutes (BB), report (BC) -----------

MANAGE_MOVEMENT = "movements.manage_movement"
PROPOSE = "awards.propose"
MANAGE_COUNCIL = "awards.manage_council"


def _movement(request: HttpRequest, code: str) -> Movement:
    return get_visible_or_404(
        request, visible_movements(request.user), Movement, "movements.view_movement", code=code
    )


def _proposal_units(user: Any, movement: Movement) -> list[Unit]:
    """Units whose proposal the user may generate: the proposing units of the movement's
    nominations the user sees, and the participating units, where the user may propose."""
    ids = set(
        visible_nominations(user).filter(movement=movement).values_list("proposing_unit", flat=True)
    )
    ids |= set(movement.participants.values_list("unit", flat=True))
    units = Unit.objects.filter(pk__in=ids).order_by("path")
    return [u for u in units if user.has_perm(PROPOSE, u)]


@login_required
def movement_documents(request: HttpRequest, code: str) -> HttpResponse:
    movement = _movement(request, code)
    documents = list(
        visible_documents(request.user)
        .filter(movement=movement, decision__isnull=True)
        .select_related("template_version", "unit", "session__council")
        .order_by("-created_at", "-id")
    )
    user = request.user
    units = _proposal_units(user, movement)
    unit_ids = {u.pk for u in units}
    for document in documents:
        unit = document.unit
        if document.kind == DocumentKind.TTR and unit is not None and unit.pk not in unit_ids:
            unit_ids.add(unit.pk)
            units.append(unit)
    sessions = list(
        visible_sessions(user)
        .filter(movement=movement)
        .select_related("council")
        .order_by("held_on", "pk")
    )
    context = {
        "movement": movement,
        "can_manage": user.has_perm(MANAGE_MOVEMENT, movement),
        "plans": [d for d in documents if d.kind == DocumentKind.KH],
        "reports": [d for d in documents if d.kind == DocumentKind.BC],
        "proposals": [
            (
                unit,
                user.has_perm(PROPOSE, unit),
                [d for d in documents if d.kind == DocumentKind.TTR and d.unit_id == unit.pk],
            )
            for unit in units
        ],
        "sessions": [
            (
                session,
                user.has_perm(MANAGE_COUNCIL, session),
                [d for d in documents if d.kind == DocumentKind.BB and d.session_id == session.pk],
            )
            for session in sessions
        ],
    }
    return render(request, "documents/movement_documents.html", context)


def _queued(request: HttpRequest, what: str) -> None:
    messages.success(
        request,
        _("Đã gửi yêu cầu tạo %(what)s; tệp sẽ có trong danh sách khi tạo xong.") % {"what": what},
    )


@login_required
@require_POST
def generate_plan(request: HttpRequest, code: str) -> HttpResponse:
    movement = _movement(request, code)
    require(request.user, MANAGE_MOVEMENT, movement, path=request.path)
    tasks.generate_plan.enqueue(movement.pk, request.user.pk)
    _queued(request, _("kế hoạch"))
    return redirect("documents:movement", code=movement.code)


@login_required
@require_POST
def generate_report(request: HttpRequest, code: str) -> HttpResponse:
    movement = _movement(request, code)
    require(request.user, MANAGE_MOVEMENT, movement, path=request.path)
    tasks.generate_report.enqueue(movement.pk, request.user.pk)
    _queued(request, _("báo cáo tổng kết"))
    return redirect("documents:movement", code=movement.code)


@login_required
@require_POST
def generate_proposal(request: HttpRequest, code: str, unit_code: str) -> HttpResponse:
    movement = _movement(request, code)
    unit = get_object_or_404(Unit, code=unit_code)
    require(request.user, PROPOSE, unit, path=request.path)
    tasks.generate_proposal.enqueue(movement.pk, unit.pk, request.user.pk)
    _queued(request, _("tờ trình của %(unit)s") % {"unit": unit.name})
    return redirect(reverse("documents:movement", args=[movement.code]) + "#to-trinh")


@login_required
@require_POST
def generate_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_visible_or_404(
        request,
        visible_sessions(request.user).select_related("movement", "council"),
        CouncilSession,
        "awards.view_council",
        pk=pk,
    )
    require(request.user, MANAGE_COUNCIL, session, path=request.path)
    tasks.generate_minutes.enqueue(session.pk, request.user.pk)
    _queued(request, _("biên bản họp Hội đồng"))
    return redirect(reverse("documents:movement", args=[session.movement.code]) + "#bien-ban")
