"""Schemas of the documents API (generated documents, certificate jobs, template versions)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    template_kind: str
    template_version: int
    decision_id: int | None
    recipient_serial: int | None
    movement_code: str | None = Field(None, description="Phong trào của văn bản.")
    unit_code: str | None = Field(None, description="Đơn vị trình (tờ trình).")
    session_id: int | None = Field(None, description="Phiên họp Hội đồng (biên bản).")
    docx_sha256: str
    pdf_sha256: str
    docx_url: str | None = Field(None, description="Tải tệp Word (cần xác thực).")
    pdf_url: str | None = Field(None, description="Tải tệp PDF (cần xác thực).")
    verification_url: str = Field(..., description="Trang xác minh công khai (mã QR).")
    created_at: dt.datetime


class JobOut(Schema):
    id: int
    decision_id: int | None
    status: str
    total: int
    done: int
    percent: int
    step: str
    errors: str
    combined_pdf_url: str | None
    combined_pdf_sha256: str
    zip_url: str | None
    zip_sha256: str


class TemplateVersionOut(Schema):
    id: int
    kind: str
    number: int
    status: str
    report: str
    is_active: bool
    sha256: str
    note: str
    uploaded_at: dt.datetime
