"""A decision of the Lạng Sơn Department of Information and Communications with its annex
(two people, one collective), a sibling department's officer who must not see it, and files
stored under a temporary directory. PDF tests need LibreOffice (``soffice``): without it they
are skipped, except with ``THIDUA_REQUIRE_BROWSER=1`` (CI), where it is a failure."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.factories import make_person, make_unit, make_user
from thidua.awards.models import Decision, DecisionRecipient, DecisionState
from thidua.org.enums import Role
from thidua.org.models import Person, Unit, User


@dataclass
class DecisionWorld:
    agency: Unit
    division: Unit
    other_agency: Unit
    person_1: Person
    person_2: Person
    decision: Decision
    lines: list[DecisionRecipient]
    officer: User
    head: User
    other_officer: User
    staff: User


@pytest.fixture
def document_storage(settings, tmp_path) -> Path:
    private = tmp_path / "private"
    private.mkdir()
    settings.PRIVATE_MEDIA_ROOT = private
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(private)},
        },
    }
    return private


@pytest.fixture
def decision_world(db, document_storage) -> DecisionWorld:
    province = make_unit("UBND", name="UBND tỉnh Lạng Sơn")
    agency = make_unit("STTTT", parent=province, name="Sở Thông tin và Truyền thông")
    division = make_unit("VP", parent=agency, name="Văn phòng Sở")
    other_agency = make_unit("SNV", parent=province, name="Sở Nội vụ")
    person_1 = make_person(unit=division, full_name="Nguyễn Văn Đức", position="Chánh Văn phòng")
    person_2 = make_person(unit=division, full_name="Hoàng Thị Lan", position="Chuyên viên")
    decision = Decision.objects.create(
        issuer=agency,
        issuer_name="Sở Thông tin và Truyền thông",
        symbol="QĐ-STTTT",
        year=2018,
        number=1,
        number_symbol="01/QĐ-STTTT",
        decided_on=dt.date(2018, 12, 5),
        place="Lạng Sơn",
        subject="Về việc tặng Giấy khen phong trào thi đua năm 2018",
        signer_name="Vũ Văn Tuấn",
        signer_title="Phó Giám đốc",
        signer_authority="KT.",
        legal_bases=(
            "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;\n"
            "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ;"
        ),
        proposal_ref="Xét đề nghị của Chánh Văn phòng Sở tại Tờ trình số 15/TTr-VP.",
        money_source="quỹ thi đua, khen thưởng của Sở năm 2018",
        state=DecisionState.ISSUED,
    )
    lines = [
        DecisionRecipient.objects.create(
            decision=decision,
            serial=1,
            recipient_type="person",
            person=person_1,
            award_code="GIAY_KHEN",
            year=2018,
            position="Chánh Văn phòng",
            unit_name="Văn phòng Sở",
            achievement="Hoàn thành xuất sắc nhiệm vụ năm 2018",
            amount=540_000,
        ),
        DecisionRecipient.objects.create(
            decision=decision,
            serial=2,
            recipient_type="person",
            person=person_2,
            award_code="CSTDCS",
            year=2018,
            position="Chuyên viên",
            unit_name="Văn phòng Sở",
            achievement="Hoàn thành xuất sắc nhiệm vụ năm 2018",
            amount=1_000_000,
        ),
        DecisionRecipient.objects.create(
            decision=decision,
            serial=3,
            recipient_type="unit",
            unit=division,
            award_code="GIAY_KHEN",
            year=2018,
            unit_name="Sở Thông tin và Truyền thông",
            achievement="Hoàn thành xuất sắc nhiệm vụ năm 2018",
            amount=800_000,
        ),
    ]
    return DecisionWorld(
        agency=agency,
        division=division,
        other_agency=other_agency,
        person_1=person_1,
        person_2=person_2,
        decision=decision,
        lines=lines,
        officer=make_user(Role.OFFICER, agency, username="canbo"),
        head=make_user(Role.UNIT_HEAD, agency, username="giamdoc"),
        other_officer=make_user(Role.OFFICER, other_agency, username="canbo_snv"),
        staff=make_user(username="nhanvien"),
    )


@pytest.fixture
def soffice() -> str:
    path = shutil.which("soffice")
    if path is None:
        reason = "LibreOffice (soffice) is not installed"
        if os.environ.get("THIDUA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason} [THIDUA_REQUIRE_BROWSER=1]", pytrace=False)
        pytest.skip(reason)
    return path


def _tool(*args: str) -> str:
    binary = shutil.which(args[0]) or args[0]
    return subprocess.run(  # noqa: S603 - poppler-utils on our own files
        [binary, *args[1:]], capture_output=True, check=True, text=True
    ).stdout


def pdf_text(path: Path | str, *, page: int | None = None) -> str:
    """pdftotext of a PDF (or of one page), keeping the layout."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return _tool("pdftotext", "-layout", *pages, str(path), "-")


def pdf_fonts(path: Path | str) -> str:
    return _tool("pdffonts", str(path))


def docx_text(data: bytes) -> list[str]:
    """The paragraphs of a DOCX, body and tables, in order."""
    import io

    from docx import Document

    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                texts.extend(p.text for p in cell.paragraphs)
    return texts
