"""Background tasks of the organisation app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files import File
from django.tasks import task

from thidua.core.models import ImportJob
from thidua.org.imports import create_import_job, run_import_job


@task()
def run_import(job_id: int) -> str:
    """Run the import job ``job_id``. Safe to run twice: a job already started or finished is
    left as it is."""
    return run_import_job(job_id).status


def start_import(kind: str, upload: File, *, actor: Any, background: Any = None) -> ImportJob:
    """Store the upload as a job and run it: in the request when it has at most
    ``THIDUA_IMPORT_SYNC_MAX_ROWS`` data rows, otherwise as a background task (``background``,
    default ``run_import``: another app passes its own task, whose module registers its format
    in the worker)."""
    job = create_import_job(kind, upload, actor=actor)
    if job.total_rows <= settings.THIDUA_IMPORT_SYNC_MAX_ROWS:
        return run_import_job(job.pk)
    (background or run_import).enqueue(job.pk)
    job.refresh_from_db()
    return job
