import pytest

from thidua.core.models import AuditEvent
from thidua.documents import services
from thidua.documents.builder import add_body, add_header_table, new_document
from thidua.documents.models import TemplateVersion, VersionStatus
from thidua.documents.templates_build import TEMPLATES_DIR


def _docx(*texts: str) -> bytes:
    import io

    doc = new_document()
    add_header_table(doc)
    for text in texts:
        add_body(doc, text)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def test_upload_with_unknown_placeholder_is_rejected_and_kept(decision_world):
    data = _docx("{{ subject }}", "{{ person_phone }}")
    version = services.upload_template_version(
        kind="QD", data=data, actor=decision_world.officer, activate=True
    )
    assert version.status == VersionStatus.REJECTED
    assert "person_phone" in version.report
    assert version.is_active is False
    with pytest.raises(ValueError, match="hợp lệ"):
        services.activate_version(version, actor=decision_world.officer)
    assert TemplateVersion.objects.filter(pk=version.pk).exists()
    assert AuditEvent.objects.filter(action="documents.template_uploaded").count() == 1


def test_upload_that_cannot_render_the_sample_is_rejected(decision_world):
    data = _docx("{{ individuals.nonexistent.deeper }}")
    version = services.upload_template_version(kind="QD", data=data, actor=None)
    assert version.status == VersionStatus.REJECTED
    assert "dữ liệu mẫu" in version.report


def test_valid_upload_becomes_the_version_new_documents_use(decision_world):
    first = services.active_version("QD")
    assert (first.number, first.status, first.is_active) == (1, VersionStatus.VALID, True)
    data = (TEMPLATES_DIR / "QD.docx").read_bytes()
    second = services.upload_template_version(
        kind="QD", data=data, actor=decision_world.officer, note="Sửa lề"
    )
    assert (second.number, second.status, second.is_active) == (2, VersionStatus.VALID, False)
    services.activate_version(second, actor=decision_world.officer)
    first.refresh_from_db()
    assert first.is_active is False
    document = services.generate_decision_document(
        decision_world.decision, actor=decision_world.officer, pdf=False
    )
    assert document.template_version == second
    assert TemplateVersion.objects.filter(template__kind="QD").count() == 2


def test_shipped_templates_pass_their_own_check(db):
    for kind in ("KH", "TTR", "BB", "BC", "QD", "CERT_GIAY_KHEN", "CERT_CSTDCS"):
        assert services.check_template(kind, (TEMPLATES_DIR / f"{kind}.docx").read_bytes()) == []
