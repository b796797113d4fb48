"""Real files built in memory for the evidence tests: a minimal valid PDF, images with EXIF
(GPS position and camera), office documents (a zip with [Content_Types].xml), zip bombs."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

MAIN_TYPES = {
    "DOCX": (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "XLSX": (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
    "PPTX": (
        "ppt/presentation.xml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
    "DOCM": ("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml"),
}
GPS = {1: "N", 2: (21.0, 50.0, 30.0), 3: "E", 4: (106.0, 45.0, 0.0)}


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    """An upload as the browser sends it; the content type it claims is never believed."""
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def pdf_bytes(text: str = "Bao cao hoat dong") -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def image_bytes(
    fmt: str, *, size: tuple[int, int] = (40, 30), gps: bool = False, orientation: int = 1
) -> bytes:
    """A PNG or JPEG, a red left half and a blue right half, optionally with EXIF: camera, GPS
    position, orientation."""
    image = Image.new("RGB", size, (200, 30, 30))
    image.paste((30, 30, 200), (size[0] // 2, 0, size[0], size[1]))
    options = {}
    if gps or orientation != 1:
        exif = Image.Exif()
        exif[0x010F] = "Canon"
        exif[0x0110] = "EOS 80D"
        if gps:
            exif[0x8825] = GPS
        if orientation != 1:
            exif[0x0112] = orientation
        options["exif"] = exif
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def office_bytes(kind: str = "DOCX", *, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal OOXML package: [Content_Types].xml naming the main part, and the main part."""
    part, main_type = MAIN_TYPES[kind]
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{main_type}"/>'
        "</Types>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr(part, "<document>Báo cáo</document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def zip_bomb_docx(megabytes: int = 200) -> bytes:
    """A .docx whose document part is ``megabytes`` MB of zeros, deflated (about 1 KB per MB).
    Written in 1 MB chunks: the test never holds the unpacked content in memory."""
    out = io.BytesIO()
    _part, main_type = MAIN_TYPES["DOCX"]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            f'<Types><Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>',
        )
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(megabytes):
                member.write(chunk)
    return out.getvalue()
