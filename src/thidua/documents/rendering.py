"""Rendering a Word template to DOCX (docxtpl, autoescaping on, undefined variables are errors)
and converting DOCX files to PDF with LibreOffice headless, many files in one call, so the PDF
is the same document as the DOCX."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import segno
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

__all__ = [
    "ConversionError",
    "QrCode",
    "SofficeMissingError",
    "docx_to_pdf",
    "jinja_env",
    "qr_png",
    "render_docx",
    "render_template_bytes",
    "sha256_hex",
    "soffice_path",
]

DEFAULT_TIMEOUT = 600


class SofficeMissingError(RuntimeError):
    """LibreOffice (``soffice``) is not installed: PDF output is not available."""


class ConversionError(RuntimeError):
    """LibreOffice ran but did not produce the PDF."""


@dataclass(frozen=True)
class QrCode:
    """A QR code to put in a document where the template says ``{{ qr }}``: the renderer turns
    it into an image ``size_mm`` wide."""

    url: str
    size_mm: float = 22.0


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def qr_png(url: str, *, scale: int = 4) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=1)
    return buffer.getvalue()


def jinja_env() -> jinja2.Environment:
    """The Jinja environment of every template: autoescape on (values cannot inject Word XML),
    a missing variable is an error rather than a silent blank in a legal document."""
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


def _with_images(template: DocxTemplate, value: Any) -> Any:
    if isinstance(value, QrCode):
        return InlineImage(template, io.BytesIO(qr_png(value.url)), width=Mm(value.size_mm))
    if isinstance(value, Mapping):
        return {key: _with_images(template, item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_with_images(template, item) for item in value]
    return value


def render_template_bytes(template_bytes: bytes, context: Mapping[str, Any]) -> bytes:
    """Render a .docx template given as bytes; returns the rendered .docx."""
    template = DocxTemplate(io.BytesIO(template_bytes))
    template.render(_with_images(template, context), jinja_env(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def render_docx(version: Any, context: Mapping[str, Any]) -> bytes:
    """Render a ``TemplateVersion`` (its stored file) with ``context``; returns DOCX bytes."""
    with version.file.open("rb") as handle:
        data = handle.read()
    return render_template_bytes(data, context)


def soffice_path() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        raise SofficeMissingError(
            "Không tìm thấy LibreOffice (lệnh soffice): cài gói libreoffice-writer-nogui và "
            "fonts-liberation2 để tạo tệp PDF."
        )
    return path


def docx_to_pdf(
    docx_paths: Sequence[Path] | Iterable[Path], outdir: Path, *, timeout: int = DEFAULT_TIMEOUT
) -> list[Path]:
    """Convert the DOCX files to PDF in ONE LibreOffice call; returns the PDF paths in the same
    order. Each call uses its own LibreOffice profile, so parallel workers do not collide."""
    paths = [Path(p) for p in docx_paths]
    if not paths:
        return []
    binary = soffice_path()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"thidua-lo-{os.getuid()}-{os.getpid()}-") as profile:
        command = [
            binary,
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *[str(p) for p in paths],
        ]
        try:
            completed = subprocess.run(  # noqa: S603 - fixed binary, our own file paths
                command, capture_output=True, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(
                f"LibreOffice không chuyển xong {len(paths)} tệp sang PDF trong {timeout} giây."
            ) from exc
    pdfs = [outdir / (p.stem + ".pdf") for p in paths]
    missing = [p.name for p in pdfs if not p.exists()]
    if missing:
        detail = completed.stderr.decode(errors="replace")[-500:]
        raise ConversionError(
            f"LibreOffice không tạo được PDF cho: {', '.join(missing)}. {detail}".strip()
        )
    return pdfs


def docx_bytes_to_pdf(docx: bytes, *, name: str = "document") -> bytes:
    """Convert one DOCX given as bytes; returns the PDF bytes."""
    with tempfile.TemporaryDirectory(prefix="thidua-pdf-") as tmp:
        source = Path(tmp) / f"{name}.docx"
        source.write_bytes(docx)
        (pdf,) = docx_to_pdf([source], Path(tmp) / "out")
        return pdf.read_bytes()
