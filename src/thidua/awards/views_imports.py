"""Pages of the Excel import and export of the award register and of initiatives. Thin:
permissions, the upload form (org's), then ``tasks.start_award_import`` and the exports."""

from __future__ import annotations

import tempfile
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from thidua.awards.forms import AwardFilterForm, InitiativeFilterForm
from thidua.awards.import_formats import (
    AWARD_FORMAT,
    AWARD_FORMATS,
    AWARD_FORMATS_BY_SLUG,
    write_export,
)
from thidua.awards.imports import visible_import_jobs
from thidua.awards.queries import visible_awards, visible_initiatives
from thidua.awards.tasks import start_award_import
from thidua.core.models import ImportJob
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.org import exports
from thidua.org.import_formats import Format
from thidua.org.views_io import ImportUploadForm

PERMISSION = "awards.record_award"  # an editor role somewhere; rows are checked one by one
RECENT_JOBS = 10


class AwardImportForm(ImportUploadForm):
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại dữ liệu"),
        choices=[(f.code, f.label) for f in AWARD_FORMATS.values()],
    )


def status_level(job: ImportJob) -> str:
    if job.status == ImportJob.Status.SUCCEEDED:
        return "success"
    return "danger" if job.status == ImportJob.Status.FAILED else "info"


def _label(job: ImportJob) -> str:
    fmt = AWARD_FORMATS.get(job.kind)
    return str(fmt.label) if fmt else job.kind


def visible_jobs(user: Any) -> QuerySet[ImportJob]:
    """The user's own award and initiative imports (all of them for a superuser)."""
    return visible_import_jobs(user).filter(kind__in=list(AWARD_FORMATS))


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    require(request.user, PERMISSION, None, path=request.path)
    form = AwardImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_award_import(
            form.cleaned_data["kind"], form.cleaned_data["file"], actor=request.user
        )
        return redirect("awards:import_job", pk=job.pk)
    jobs = [
        {"job": job, "label": _label(job), "level": status_level(job)}
        for job in visible_jobs(request.user).filter(created_by_id=request.user.pk)[:RECENT_JOBS]
    ]
    context = {"form": form, "formats": list(AWARD_FORMATS.values()), "jobs": jobs}
    return render(request, "awards/import_start.html", context)


@login_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, PERMISSION, None, path=request.path)
    job = get_visible_or_404(request, visible_jobs(request.user), ImportJob, PERMISSION, pk=pk)
    context = {
        "job": job,
        "label": _label(job),
        "level": status_level(job),
        "poll_url": reverse("awards:import_job", args=[job.pk]),
        "again_url": reverse("awards:import_start"),
    }
    htmx = getattr(request, "htmx", False)
    template = "org/import_job.html#status" if htmx else "org/import_job.html"
    return render(request, template, context)


def _format(slug: str) -> Format:
    fmt = AWARD_FORMATS_BY_SLUG.get(slug)
    if fmt is None:
        raise Http404
    return fmt


def _xlsx(write: Any, filename: str) -> FileResponse:
    out = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    write(out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=exports.XLSX)


@login_required
def import_template(request: HttpRequest, kind: str) -> FileResponse:
    require(request.user, PERMISSION, None, path=request.path)
    fmt = _format(kind)
    return _xlsx(lambda out: exports.write_workbook(fmt, out), exports.template_filename(fmt))


@login_required
def export_data(request: HttpRequest, kind: str) -> FileResponse:
    """The register or the initiatives as their list page shows them (same filters, in the
    query string), as a workbook that imports back as "unchanged"."""
    fmt = _format(kind)
    records: QuerySet[Any]
    if fmt is AWARD_FORMAT:
        require(request.user, "awards.view_award", None, path=request.path)
        awards = AwardFilterForm(request.GET or None, user=request.user)
        records = visible_awards(request.user)
        if awards.is_valid():
            records = awards.apply(records)
    else:
        require(request.user, "awards.view_initiative", None, path=request.path)
        initiatives = InitiativeFilterForm(request.GET or None)
        records = visible_initiatives(request.user)
        if initiatives.is_valid():
            records = initiatives.apply(records)
    filename = exports.export_filename(fmt, timezone.localdate())
    return _xlsx(lambda out: write_export(fmt, records, request.user, out), filename)
