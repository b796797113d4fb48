"""Generate the documents of a movement: its founding plan (KH), and for each of its decisions
the decision as DOCX and PDF and all its certificates (one PDF and a ZIP).
``python -m thidua generate_documents --movement TTDN-2018 [--out DIR]`` also copies the files
into DIR."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models.fields.files import FieldFile

from thidua.awards.models import Decision
from thidua.documents import services
from thidua.movements.models import Movement


class Command(BaseCommand):
    help = "Tạo quyết định và giấy khen của các quyết định thuộc một phong trào."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--movement", required=True, help="Mã phong trào, ví dụ TTDN-2018.")
        parser.add_argument("--out", type=Path, default=None, help="Thư mục chép các tệp ra.")
        parser.add_argument(
            "--no-pdf", action="store_true", help="Chỉ tạo tệp Word của quyết định."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        movement = Movement.objects.filter(code=options["movement"]).first()
        if movement is None:
            raise CommandError(f"Không có phong trào mã “{options['movement']}”.")
        out: Path | None = options["out"]
        plan = services.generate_plan_document(movement, actor=None, pdf=not options["no_pdf"])
        self.stdout.write(f"{plan.title}: {plan.docx.name} {plan.pdf.name}")
        self._copy(out, [plan.docx, plan.pdf])
        decisions = Decision.objects.filter(movement=movement).order_by("decided_on", "pk")
        if not decisions:
            self.stdout.write(f"Phong trào {movement.code} chưa có quyết định khen thưởng nào.")
        for decision in decisions:
            document = services.generate_decision_document(
                decision, actor=None, pdf=not options["no_pdf"]
            )
            files = [document.docx, document.pdf]
            self.stdout.write(f"{document.title}: {document.docx.name} {document.pdf.name}")
            if not options["no_pdf"] and decision.recipients.exists():
                job = services.run_certificates_job(
                    services.start_certificates_job(decision, actor=None)
                )
                files += [job.combined_pdf, job.zip_file]
                self.stdout.write(f"  {job.total} giấy khen: {job.zip_file.name}")
            self._copy(out, files)
        if out is not None:
            self.stdout.write(f"Đã chép các tệp vào {out}")

    def _copy(self, out: Path | None, files: list[FieldFile]) -> None:
        if out is None:
            return
        out.mkdir(parents=True, exist_ok=True)
        for field in files:
            if field and field.name:
                with field.open("rb") as src, (out / Path(field.name).name).open("wb") as dst:
                    shutil.copyfileobj(src, dst)
