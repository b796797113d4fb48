"""Pages of the Excel import and export. Thin: permissions, the upload form, then services."""

from __future__ import annotations

import tempfile

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from thidua.core.models import ImportJob
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.org import exports
from thidua.org.import_formats import FORMATS, FORMATS_BY_SLUG, Format
from thidua.org.tasks import start_import

PERMISSION = "org.import"
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
RECENT_JOBS = 10


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại dữ liệu"), choices=[(f.code, f.label) for f in FORMATS.values()]
    )
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        help_text=gettext_lazy("Dùng tệp mẫu; dòng 1 là dòng tiêu đề. Tối đa 50 MB."),
        widget=forms.FileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel .xlsx."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 50 MB; hãy chia nhỏ tệp."))
        return upload


_LEVELS: dict[str, str] = {
    ImportJob.Status.QUEUED: "info",
    ImportJob.Status.RUNNING: "info",
    ImportJob.Status.SUCCEEDED: "success",
    ImportJob.Status.FAILED: "danger",
}


def _label(job: ImportJob) -> str:
    fmt = FORMATS.get(job.kind)
    return str(fmt.label) if fmt else job.kind


def _visible_jobs(request: HttpRequest) -> QuerySet[ImportJob]:
    if request.user.is_superuser:
        return ImportJob.objects.all()
    return ImportJob.objects.filter(created_by_id=request.user.pk)


def _format(slug: str) -> Format:
    fmt = FORMATS_BY_SLUG.get(slug)
    if fmt is None:
        raise Http404
    return fmt


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    require(request.user, PERMISSION, None, path=request.path)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import(form.cleaned_data["kind"], form.cleaned_data["file"], actor=request.user)
        return redirect("org:import_job", pk=job.pk)
    jobs = [
        {"job": job, "label": _label(job), "level": _LEVELS.get(job.status, "info")}
        for job in ImportJob.objects.filter(created_by_id=request.user.pk)[:RECENT_JOBS]
    ]
    context = {"form": form, "formats": list(FORMATS.values()), "jobs": jobs}
    return render(request, "org/import_start.html", context)


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, PERMISSION, None, path=request.path)
    job = get_visible_or_404(request, _visible_jobs(request), ImportJob, PERMISSION, pk=pk)
    context = {"job": job, "label": _label(job), "level": _LEVELS.get(job.status, "info")}
    template = "org/import_job.html#status" if request.htmx else "org/import_job.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def import_template(request: HttpRequest, kind: str) -> FileResponse:
    require(request.user, PERMISSION, None, path=request.path)
    fmt = _format(kind)
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    exports.write_workbook(fmt, out)
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=exports.template_filename(fmt),
        content_type=exports.XLSX,
    )


@login_required
def export_data(request: HttpRequest, kind: str) -> FileResponse:
    require(request.user, PERMISSION, None, path=request.path)
    fmt = _format(kind)
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    exports.write_export(fmt, request.user, out)
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=exports.export_filename(fmt, timezone.localdate()),
        content_type=exports.XLSX,
    )
