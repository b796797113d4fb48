"""Render 1,000 certificates and one decision with a 1,000-name annex; print the times.

    .venv/bin/python bench/bench_documents.py [--count 1000]

Creates its own data in a throwaway SQLite database and file store under a temporary
directory (nothing else is touched). Times, each measured separately:

- decision: context, DOCX (docxtpl), PDF (one LibreOffice call), page count;
- certificates: contexts with QR codes, the combined DOCX, its PDF (one LibreOffice call), and
  the whole background job (``services.run_certificates_job``: render, convert, split per
  page, store every PDF with its SHA-256, combined PDF, ZIP).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common


def _seed(count: int):  # type: ignore[no-untyped-def]
    from thidua.awards.models import Decision, DecisionRecipient, DecisionState
    from thidua.org.models import Person, Unit
    from thidua.org.services import upsert_unit

    province, _c, _ch = upsert_unit("UBND", name="UBND tỉnh Lạng Sơn", kind="AGENCY", parent=None)
    agency, _c, _ch = upsert_unit(
        "STTTT", name="Sở Thông tin và Truyền thông", kind="AGENCY", parent=province
    )
    office: Unit = agency
    Person.objects.bulk_create(
        [
            Person(
                code=f"B{i:05d}",
                full_name=f"Nguyễn Văn Bình {i}",
                gender="M",
                staff_type="CONG_CHUC",
                unit=office,
                position="Chuyên viên",
            )
            for i in range(count)
        ]
    )
    people = list(Person.objects.filter(code__startswith="B").order_by("code"))
    decision = Decision.objects.create(
        issuer=agency,
        issuer_name="Sở Thông tin và Truyền thông",
        symbol="QĐ-STTTT",
        year=2018,
        number=1,
        number_symbol="01/QĐ-STTTT",
        decided_on=dt.date(2018, 12, 5),
        subject="Về việc tặng Giấy khen phong trào thi đua năm 2018",
        signer_name="Vũ Văn Tuấn",
        signer_title="Giám đốc",
        legal_bases="Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;",
        state=DecisionState.ISSUED,
    )
    DecisionRecipient.objects.bulk_create(
        [
            DecisionRecipient(
                decision=decision,
                serial=i + 1,
                recipient_type="person",
                person=person,
                award_code="GIAY_KHEN",
                year=2018,
                position="Chuyên viên",
                unit_name="Văn phòng Sở",
                achievement="Hoàn thành xuất sắc nhiệm vụ năm 2018",
                amount=540_000,
            )
            for i, person in enumerate(people)
        ]
    )
    return decision


def main() -> None:
    p = _common.parser(__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=1000)
    args = p.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="thidua-bench-docs-"))
    os.environ["PRIVATE_MEDIA_ROOT"] = str(tmp / "private")
    os.environ["THIDUA_VAR_DIR"] = str(tmp)
    _common.setup(f"sqlite:///{tmp / 'bench.sqlite3'}")

    from django.core.management import call_command
    from pypdf import PdfReader

    from thidua.documents import contexts, services
    from thidua.documents.rendering import docx_to_pdf, render_docx

    call_command("migrate", verbosity=0)
    decision = _seed(args.count)
    print(f"# documents bench: {args.count} recipients; {_common.machine()}")

    qd = services.active_version("QD")
    t0 = time.perf_counter()
    context = contexts.decision_context(decision, qr_url=services.public_url("bench"))
    t1 = time.perf_counter()
    docx = render_docx(qd, context)
    t2 = time.perf_counter()
    source = tmp / "QD.docx"
    source.write_bytes(docx)
    (pdf,) = docx_to_pdf([source], tmp / "pdf")
    t3 = time.perf_counter()
    pages = len(PdfReader(pdf).pages)
    print(
        f"decision, {args.count}-name annex: context {t1 - t0:.2f} s, DOCX {t2 - t1:.2f} s "
        f"({len(docx) // 1024} KiB), PDF {t3 - t2:.2f} s ({pages} pages)"
    )

    cert = services.active_version("CERT_GIAY_KHEN")
    lines = list(decision.recipients.select_related("person", "unit").order_by("serial"))
    urls = {line.pk: services.public_url(f"bench-{line.pk}") for line in lines}
    t0 = time.perf_counter()
    items = contexts.certificate_contexts(decision, urls=urls, lines=lines)
    t1 = time.perf_counter()
    docx = render_docx(cert, {"certificates": items})
    t2 = time.perf_counter()
    source = tmp / "CERT.docx"
    source.write_bytes(docx)
    (pdf,) = docx_to_pdf([source], tmp / "pdf")
    t3 = time.perf_counter()
    pages = len(PdfReader(pdf).pages)
    print(
        f"{args.count} certificates: contexts {t1 - t0:.2f} s, DOCX with QR codes {t2 - t1:.2f} s "
        f"({len(docx) // 1024} KiB), PDF {t3 - t2:.2f} s ({pages} pages)"
    )

    t0 = time.perf_counter()
    job = services.run_certificates_job(services.start_certificates_job(decision, actor=None))
    t1 = time.perf_counter()
    print(
        f"{args.count} certificates, whole job (render, PDF, split, store, ZIP): "
        f"{t1 - t0:.2f} s, status {job.status}, peak RSS {_common.peak_rss_mb():.0f} MiB"
    )
    print(f"(files under {tmp})")


if __name__ == "__main__":
    main()
