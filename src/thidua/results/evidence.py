"""Evidence files (minh chứng): checking what an upload really is, and storing it.

What is checked is the CONTENT, never the name or the browser's content type:

- the extension must be one of PDF, PNG, JPEG, DOCX, XLSX, PPTX, and the size (``upload.size``,
  known before anything is read) at most ``THIDUA_EVIDENCE_MAX_BYTES``;
- the first bytes are sniffed (``sniff``); the detected type must be the one the extension
  says. Programs (Windows ``MZ``, ``ELF``, Mach-O, ``#!`` scripts) are named as such in the
  refusal. Legacy OLE Office files (.doc, .xls) are not accepted: they cannot be told apart
  without parsing their directory and commonly carry macros; users save them as .docx/.xlsx
  or PDF;
- an office file is a zip: its central directory is checked before anything is unpacked
  (entry count at most ``MAX_ZIP_ENTRIES``, no absolute or ``..`` entry names, the sum of the
  entries' uncompressed sizes at most ``THIDUA_EVIDENCE_MAX_UNPACKED_BYTES`` and at most
  ``MAX_ZIP_RATIO`` times the archive's size: a zip bomb is refused); then only
  ``[Content_Types].xml`` is read (bounded) and its main part must be the extension's type
  (Word, Excel or PowerPoint; macro-enabled documents are refused);
- images are decoded with Pillow (refusing decompression bombs and images larger than
  ``MAX_IMAGE_SIDE`` on a side) and re-encoded (PNG to PNG, JPEG to JPEG at quality 90): only
  the pixels are kept, turned upright per the EXIF orientation, so EXIF (GPS position, camera,
  time), text chunks and anything appended after the image data are gone. The ICC colour
  profile is kept: it describes colours, not the picture's circumstances. The stored bytes are
  the re-encoded ones.

Stored files go to Django's default storage (``PRIVATE_MEDIA_ROOT``, outside the web root) as
``evidence/YYYY/MM/<32 random hex>.<detected extension>``, with the SHA-256 of the stored bytes,
the original name (sanitised) and the detected content type. Files are served only by views
that check who may see the owning activity or assessment.
"""

from __future__ import annotations

import hashlib
import io
import re
import secrets
import struct
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from thidua.core.audit import record_event
from thidua.movements.models import Criterion
from thidua.results.models import Activity, Assessment, EvidenceFile

HEAD_BYTES = 8192
MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_RATIO = 100
MAX_CONTENT_TYPES_BYTES = 1024 * 1024
MAX_IMAGE_SIDE = 12_000
MAX_NAME_LENGTH = 255
JPEG_QUALITY = 90
CHUNK = 64 * 1024


@dataclass(frozen=True)
class FileType:
    code: str
    label: str  # Vietnamese, as in "Tệp “x” không phải là {label}"
    extensions: tuple[str, ...]
    content_type: str

    @property
    def extension(self) -> str:
        """The extension of the stored file."""
        return self.extensions[0]


PDF = FileType("PDF", "PDF", ("pdf",), "application/pdf")
PNG = FileType("PNG", "ảnh PNG", ("png",), "image/png")
JPEG = FileType("JPEG", "ảnh JPEG", ("jpg", "jpeg"), "image/jpeg")
DOCX = FileType(
    "DOCX",
    "văn bản Word (.docx)",
    ("docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
XLSX = FileType(
    "XLSX",
    "bảng tính Excel (.xlsx)",
    ("xlsx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
PPTX = FileType(
    "PPTX",
    "bản trình chiếu PowerPoint (.pptx)",
    ("pptx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
)
ALLOWED_TYPES = (PDF, PNG, JPEG, DOCX, XLSX, PPTX)
BY_EXTENSION = {ext: t for t in ALLOWED_TYPES for ext in t.extensions}
OOXML_TYPES = (DOCX, XLSX, PPTX)
IMAGE_TYPES = (PNG, JPEG)
# The content type of each office format's main part in [Content_Types].xml.
OOXML_MAIN = {
    DOCX.code: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX.code: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    PPTX.code: (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    ),
}
OOXML_MACRO_MAIN = (
    "application/vnd.ms-word.document.macroenabled.main+xml",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
    "application/vnd.ms-excel.sheet.macroenabled.main+xml",
    "application/vnd.ms-excel.template.macroenabled.main+xml",
    "application/vnd.ms-powerpoint.presentation.macroenabled.main+xml",
    "application/vnd.ms-powerpoint.slideshow.macroenabled.main+xml",
)

# What ``sniff`` can recognise: the allowed types, and a few others so a refusal says what the
# file really is.
EXECUTABLE = "EXECUTABLE"
ZIP = "ZIP"
OLE = "OLE"
GIF = "GIF"
WEBP = "WEBP"
UNKNOWN = "UNKNOWN"

_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows/DOS programs and libraries (PE)
    b"\x7fELF",  # Linux and other Unix programs
    b"#!",  # scripts
    b"\xfe\xed\xfa\xce",  # Mach-O (macOS), 32/64 bit, both byte orders
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal binary (also Java class files)
    b"\x00asm",  # WebAssembly
)


_MAGIC: tuple[tuple[bytes | tuple[bytes, ...], str], ...] = (
    (b"%PDF-", PDF.code),
    (b"\x89PNG\r\n\x1a\n", PNG.code),
    (b"\xff\xd8\xff", JPEG.code),
    ((b"PK\x03\x04", b"PK\x05\x06"), ZIP),
    (_EXECUTABLE_MAGIC, EXECUTABLE),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE),
    ((b"GIF87a", b"GIF89a"), GIF),
)


def sniff(head: bytes) -> str:
    """The type of a file from its first bytes: a ``FileType.code`` of an allowed type, or
    ``ZIP`` (any zip: office files are told apart by ``inspect_office_zip``), ``EXECUTABLE``,
    ``OLE``, ``GIF``, ``WEBP`` or ``UNKNOWN``."""
    for magic, code in _MAGIC:
        if head.startswith(magic):
            return code
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return UNKNOWN


def _describe(detected: str) -> str:
    """What the content is, for a refusal ("... nội dung là {this}.")."""
    labels = {t.code: t.label for t in ALLOWED_TYPES}
    others = {
        EXECUTABLE: _("tệp thực thi"),
        ZIP: _("tệp nén ZIP"),
        OLE: _("tài liệu Office định dạng cũ (.doc, .xls, .ppt)"),
        GIF: _("ảnh GIF"),
        WEBP: _("ảnh WebP"),
    }
    if detected in labels:
        return labels[detected]
    return others.get(detected, _("loại tệp không nhận dạng được"))


# -- Names and sizes -------------------------------------------------------------------------

_UNSAFE_NAME_CHARS = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def sanitize_name(name: str) -> str:
    """The file's own name, fit to show and to send back in Content-Disposition: no folder part,
    no control or reserved characters, NFC (Vietnamese letters kept), at most 255 characters
    with its extension kept."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = _UNSAFE_NAME_CHARS.sub("_", base).strip(" .")
    if not base:
        return "tep"
    if len(base) > MAX_NAME_LENGTH:
        stem, dot, ext = base.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            base = f"{stem[: MAX_NAME_LENGTH - len(ext) - 1]}.{ext}"
        else:
            base = base[:MAX_NAME_LENGTH]
    return base


def extension_of(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def format_size(size: int) -> str:
    """Bytes as Vietnamese readers write them: "20 MB", "25,3 MB", "512 KB"."""
    if size >= 1024 * 1024:
        value, unit = size / (1024 * 1024), "MB"
    elif size >= 1024:
        value, unit = size / 1024, "KB"
    else:
        return f"{size} B"
    rounded = round(value, 1)
    text = f"{rounded:.0f}" if rounded.is_integer() else f"{rounded:.1f}".replace(".", ",")
    return f"{text} {unit}"


def _refuse(message: str, **params: Any) -> ValidationError:
    return ValidationError(message % params, code="evidence")


def _mismatch(name: str, expected: FileType, detected: str) -> ValidationError:
    return _refuse(
        _("Tệp “%(name)s” không phải là %(expected)s: nội dung là %(found)s."),
        name=name,
        expected=expected.label,
        found=_describe(detected),
    )


# -- Office files (zip) ----------------------------------------------------------------------

_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"


def _zip_entry_count(fp: IO[bytes], archive_size: int) -> int | None:
    """The number of entries the zip's end record announces (zip64 too), read before the
    central directory is parsed, so an archive announcing millions of entries is refused
    without building them. None when there is no end record (not a zip)."""
    tail_size = min(archive_size, 22 + 65535)
    fp.seek(archive_size - tail_size)
    tail = fp.read(tail_size)
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        return None
    (_sig, _disk, _cd_disk, _disk_entries, total, _cd_size, _cd_offset, _comment) = struct.unpack(
        "<4s4H2LH", tail[at : at + 22]
    )
    if total != 0xFFFF:
        return int(total)
    locator_at = at - 20
    if locator_at < 0 or tail[locator_at : locator_at + 4] != _ZIP64_LOCATOR:
        return int(total)
    (_sig, _disk, record_offset, _disks) = struct.unpack(
        "<4sLQL", tail[locator_at : locator_at + 20]
    )
    if record_offset + 56 > archive_size:
        return None
    fp.seek(record_offset)
    record = fp.read(56)
    if record[:4] != _ZIP64_EOCD:
        return None
    return int(struct.unpack("<Q", record[32:40])[0])


def _unsafe_member(name: str) -> bool:
    normalized = name.replace("\\", "/")
    return (
        normalized.startswith("/")
        or bool(re.match(r"^[A-Za-z]:", normalized))
        or ".." in normalized
        or "\x00" in normalized
    )


def _entries_refusal(name: str, count: int | None = None) -> ValidationError:
    limit = f"{MAX_ZIP_ENTRIES:,}".replace(",", ".")
    if count is None:
        return _refuse(
            _("Tệp nén “%(name)s” có quá nhiều thành phần (tối đa %(limit)s)."),
            name=name,
            limit=limit,
        )
    return _refuse(
        _("Tệp nén “%(name)s” có quá nhiều thành phần (%(count)s, tối đa %(limit)s)."),
        name=name,
        count=f"{count:,}".replace(",", "."),
        limit=limit,
    )


def _check_zip_directory(infos: list[zipfile.ZipInfo], *, name: str, archive_size: int) -> None:
    """Refuse, from the central directory alone: too many entries, unsafe entry names, too much
    to unpack (in total, and relative to the archive's size), macros."""
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _entries_refusal(name)
    for info in infos:
        if _unsafe_member(info.filename):
            raise _refuse(
                _("Tệp nén “%(name)s” chứa đường dẫn không an toàn (“%(member)s”)."),
                name=name,
                member=info.filename[:100],
            )
    unpacked = sum(info.file_size for info in infos)
    limit = settings.THIDUA_EVIDENCE_MAX_UNPACKED_BYTES
    if unpacked > limit:
        raise _refuse(
            _(
                "Tệp nén “%(name)s” giải nén quá lớn (%(size)s, tối đa %(limit)s): có thể là "
                "tệp độc hại (“bom nén”)."
            ),
            name=name,
            size=format_size(unpacked),
            limit=format_size(limit),
        )
    if unpacked > MAX_ZIP_RATIO * max(archive_size, 1):
        raise _refuse(
            _(
                "Tệp nén “%(name)s” giải nén quá lớn so với dung lượng tệp (gấp hơn %(ratio)s "
                "lần): có thể là tệp độc hại (“bom nén”)."
            ),
            name=name,
            ratio=MAX_ZIP_RATIO,
        )
    if any(info.filename.lower().endswith("vbaproject.bin") for info in infos):
        raise _macro_refusal(name)


_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    ValueError,
    zlib.error,
)


def inspect_office_zip(fp: IO[bytes], *, name: str, archive_size: int) -> str:
    """Check a zip before anything in it is unpacked and tell which office format it is:
    ``DOCX``, ``XLSX``, ``PPTX``, or ``ZIP`` for a zip that is no office document. Raises a
    ``ValidationError`` naming the file for a zip bomb, unsafe entry names, a macro-enabled
    document or a damaged archive. Only ``[Content_Types].xml`` is unpacked (at most
    ``MAX_CONTENT_TYPES_BYTES``)."""
    damaged = _refuse(_("Tệp “%(name)s” bị hỏng: không đọc được tệp nén."), name=name)
    count = _zip_entry_count(fp, archive_size)
    if count is None:
        raise damaged
    if count > MAX_ZIP_ENTRIES:
        raise _entries_refusal(name, count)
    fp.seek(0)
    try:
        with zipfile.ZipFile(fp) as archive:
            infos = archive.infolist()
            _check_zip_directory(infos, name=name, archive_size=archive_size)
            types_info = next((i for i in infos if i.filename == "[Content_Types].xml"), None)
            if types_info is None:
                return ZIP
            if types_info.file_size > MAX_CONTENT_TYPES_BYTES:
                raise damaged
            with archive.open(types_info) as member:
                raw = member.read(MAX_CONTENT_TYPES_BYTES + 1)
    except _READ_ERRORS:
        raise damaged from None
    if len(raw) > MAX_CONTENT_TYPES_BYTES:
        raise damaged
    declared = _content_types(raw)
    if declared & set(OOXML_MACRO_MAIN):
        raise _macro_refusal(name)
    return next((code for code, main in OOXML_MAIN.items() if main in declared), ZIP)


def _macro_refusal(name: str) -> ValidationError:
    return _refuse(
        _(
            "Tệp “%(name)s” có chứa macro (mã lệnh) nên không được nhận; hãy lưu lại thành "
            "tệp .docx, .xlsx, .pptx thường hoặc PDF."
        ),
        name=name,
    )


_CONTENT_TYPE_ATTR = re.compile(r"""ContentType\s*=\s*["']([^"']+)["']""")


def _content_types(raw: bytes) -> set[str]:
    """The content types declared in [Content_Types].xml, lower-cased. Read with a regular
    expression, not an XML parser: nothing in the file is expanded."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="replace")
    else:
        text = raw.decode("utf-8", errors="replace")
    return {value.strip().lower() for value in _CONTENT_TYPE_ATTR.findall(text)}


# -- Images ----------------------------------------------------------------------------------


def reencode_image(fp: IO[bytes], *, name: str, file_type: FileType) -> bytes:
    """Decode the image (only as ``file_type``) and encode its pixels again, without EXIF or
    any other metadata except the ICC colour profile. Refuses damaged images, images over
    ``MAX_IMAGE_SIDE`` on a side and decompression bombs (Pillow's ``MAX_IMAGE_PIXELS``)."""
    damaged = _refuse(
        _("Ảnh “%(name)s” bị hỏng hoặc không đọc được như %(label)s."),
        name=name,
        label=file_type.label,
    )
    too_big = _refuse(
        _("Ảnh “%(name)s” quá lớn: tối đa %(side)s × %(side)s điểm ảnh."),
        name=name,
        side=f"{MAX_IMAGE_SIDE:,}".replace(",", "."),
    )
    formats = [file_type.code]
    with warnings.catch_warnings():
        # Pillow warns above MAX_IMAGE_PIXELS and raises above twice that: refuse both.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            fp.seek(0)
            with Image.open(fp, formats=formats) as probe:
                width, height = probe.size
                probe.verify()
            if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE:
                raise too_big
            fp.seek(0)
            with Image.open(fp, formats=formats) as image:
                image.load()
                icc = image.info.get("icc_profile")
                transparency = image.info.get("transparency")
                upright = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_big from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
            raise damaged from None
    out = io.BytesIO()
    options: dict[str, Any] = {}
    if isinstance(icc, bytes) and icc:
        options["icc_profile"] = icc
    if file_type is JPEG:
        if upright.mode not in {"RGB", "L", "CMYK"}:
            upright = upright.convert("RGB")
        upright.save(out, "JPEG", quality=JPEG_QUALITY, **options)
    else:
        if upright.mode not in {"1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"}:
            upright = upright.convert("RGBA")
        if upright.mode in {"P", "L", "RGB"} and transparency is not None:
            options["transparency"] = transparency
        upright.save(out, "PNG", **options)
    return out.getvalue()


# -- Checking an upload ----------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedFile:
    """An upload whose content passed the checks: its sanitised name, its detected type and,
    for images, the re-encoded bytes that will be stored in its place."""

    upload: Any
    original_name: str
    file_type: FileType
    data: bytes | None = None


def _raw_file(upload: Any) -> IO[bytes]:
    """The seekable binary file behind a Django upload."""
    inner = getattr(upload, "file", None)
    return inner if inner is not None and hasattr(inner, "seek") else upload


def check_upload(upload: Any) -> CheckedFile:
    """Check an uploaded file (see the module's docstring); a ``ValidationError`` with one
    Vietnamese message naming the file when it is refused."""
    name = sanitize_name(getattr(upload, "name", "") or "")
    file_type = BY_EXTENSION.get(extension_of(name))
    if file_type is None:
        raise _refuse(
            _(
                "Tệp “%(name)s” không được nhận: chỉ nhận tệp PDF, ảnh PNG hoặc JPEG, văn bản "
                "Word (.docx), bảng tính Excel (.xlsx), bản trình chiếu PowerPoint (.pptx)."
            ),
            name=name,
        )
    size = upload.size
    limit = settings.THIDUA_EVIDENCE_MAX_BYTES
    if size is None:
        raise _refuse(_("Không xác định được dung lượng của tệp “%(name)s”."), name=name)
    if size > limit:
        raise _refuse(
            _("Tệp “%(name)s” quá lớn (%(size)s), tối đa %(limit)s."),
            name=name,
            size=format_size(size),
            limit=format_size(limit),
        )
    if size == 0:
        raise _refuse(_("Tệp “%(name)s” rỗng."), name=name)
    fp = _raw_file(upload)
    fp.seek(0)
    head = fp.read(HEAD_BYTES)
    detected = sniff(head)
    if file_type in OOXML_TYPES:
        if detected != ZIP:
            raise _mismatch(name, file_type, detected)
        detected = inspect_office_zip(fp, name=name, archive_size=size)
    if detected != file_type.code:
        raise _mismatch(name, file_type, detected)
    data = None
    if file_type in IMAGE_TYPES:
        data = reencode_image(fp, name=name, file_type=file_type)
    fp.seek(0)
    return CheckedFile(upload=upload, original_name=name, file_type=file_type, data=data)


# -- Storing ---------------------------------------------------------------------------------


def _check_owner(
    activity: Activity | None, assessment: Assessment | None, criterion: Criterion | None
) -> None:
    if (activity is None) == (assessment is None):
        raise ValueError("An evidence file belongs to exactly one activity or one assessment.")
    if activity is not None:
        if criterion is not None:
            raise ValueError("A criterion is given only with an assessment.")
        if activity.withdrawn_at is not None:
            raise ValidationError(
                _("Hoạt động “%(title)s” đã rút lại, không thể thêm minh chứng.")
                % {"title": activity.title}
            )
    if assessment is not None and criterion is not None:
        movement_id = (
            Criterion.objects.filter(pk=criterion.pk)
            .values_list("section__table__movement_id", flat=True)
            .first()
        )
        if movement_id != assessment.movement_id:
            raise ValidationError(
                _("Tiêu chí “%(code)s” không thuộc bảng tiêu chí của phong trào được đánh giá.")
                % {"code": criterion.code}
            )


def storage_name_for(file_type: FileType) -> str:
    """A random name in a dated folder: nothing of the original name reaches the disk."""
    return f"evidence/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{file_type.extension}"


def _digest(fp: IO[bytes]) -> tuple[str, int]:
    sha = hashlib.sha256()
    size = 0
    fp.seek(0)
    while chunk := fp.read(CHUNK):
        sha.update(chunk)
        size += len(chunk)
    fp.seek(0)
    return sha.hexdigest(), size


def store_checked(
    checked: CheckedFile,
    *,
    activity: Activity | None = None,
    assessment: Assessment | None = None,
    criterion: Criterion | None = None,
    actor: Any = None,
) -> EvidenceFile:
    """Store a checked file for its owner (an activity, or an assessment and optionally one of
    its criteria) and record it in the owner's history."""
    _check_owner(activity, assessment, criterion)
    content: File
    if checked.data is not None:
        sha256 = hashlib.sha256(checked.data).hexdigest()
        size = len(checked.data)
        content = ContentFile(checked.data)
    else:
        fp = _raw_file(checked.upload)
        sha256, size = _digest(fp)
        content = File(fp)
    name = default_storage.save(storage_name_for(checked.file_type), content)
    try:
        with transaction.atomic():
            evidence = EvidenceFile.objects.create(
                activity=activity,
                assessment=assessment,
                criterion=criterion,
                storage_name=name,
                original_name=checked.original_name,
                content_type=checked.file_type.content_type,
                size=size,
                sha256=sha256,
                uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            record_event(
                "results.evidence.added",
                activity or assessment,
                actor=actor,
                after={
                    "evidence": evidence.pk,
                    "original_name": evidence.original_name,
                    "content_type": evidence.content_type,
                    "size": size,
                    "sha256": sha256,
                    "criterion": criterion.pk if criterion else None,
                },
            )
    except BaseException:
        default_storage.delete(name)
        raise
    return evidence


def store_evidence(
    uploaded_file: Any,
    *,
    activity: Activity | None = None,
    assessment: Assessment | None = None,
    criterion: Criterion | None = None,
    actor: Any = None,
) -> EvidenceFile:
    """Check an upload (``check_upload``) and store it (``store_checked``)."""
    checked = check_upload(uploaded_file)
    return store_checked(
        checked, activity=activity, assessment=assessment, criterion=criterion, actor=actor
    )


def open_evidence(evidence: EvidenceFile) -> IO[bytes]:
    """The stored bytes, for the download views (which check permissions first)."""
    return default_storage.open(evidence.storage_name, "rb")
