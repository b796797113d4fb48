"""Administrative documents (Nghị định 30/2020/NĐ-CP): Word templates with versions, rendering to
DOCX and PDF, generated files with their SHA-256 and a public verification token (QR code)."""
