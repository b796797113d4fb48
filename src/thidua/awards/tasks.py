"""Background tasks of the awards app: Excel imports of the register and of initiatives.

Importing this module registers the award formats with the import pipeline
(``thidua.awards.imports``), so a worker that runs ``run_award_import`` knows them."""

from __future__ import annotations

from typing import Any

from django.core.files import File
from django.tasks import task

from thidua.awards import imports  # noqa: F401  (registers the award formats)
from thidua.core.models import ImportJob
from thidua.org.imports import run_import_job
from thidua.org.tasks import start_import


@task()
def run_award_import(job_id: int) -> str:
    """Run the award or initiative import job ``job_id`` (safe to run twice)."""
    return run_import_job(job_id).status


def start_award_import(kind: str, upload: File, *, actor: Any) -> ImportJob:
    """Store the upload as a job and run it, in the request or in the background (see
    ``thidua.org.tasks.start_import``)."""
    return start_import(kind, upload, actor=actor, background=run_award_import)
