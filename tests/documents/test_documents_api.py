import hashlib

from tests.api.conftest import bearer_client, token_for
from tests.factories import make_user
from thidua.documents import services
from thidua.documents.models import GenerationJob, TemplateVersion, VersionStatus
from thidua.documents.templates_build import TEMPLATES_DIR
from thidua.org.enums import Role


def _api(user):
    return bearer_client(token_for(user))


def test_list_and_download_are_scoped(decision_world):
    document = services.generate_decision_document(
        decision_world.decision, actor=decision_world.officer, pdf=False
    )
    url = f"/api/v1/decisions/{decision_world.decision.pk}/documents"
    body = _api(decision_world.head).get(url).json()
    assert [d["id"] for d in body] == [document.pk]
    assert body[0]["template_version"] == 1
    assert body[0]["verification_url"].endswith(f"/cong-khai/xac-minh/{document.token}/")
    response = _api(decision_world.head).get(body[0]["docx_url"])
    data = b"".join(response.streaming_content)
    assert hashlib.sha256(data).hexdigest() == document.docx_sha256
    other = _api(decision_world.other_officer)
    assert other.get(url).status_code == 404
    missing = other.get(body[0]["docx_url"])
    assert missing.status_code == 404
    assert "detail" in missing.json()
    assert bearer_client("sai").get(url).status_code == 401


def test_generate_is_for_officers_of_the_issuer(decision_world):
    url = f"/api/v1/decisions/{decision_world.decision.pk}/certificates"
    refused = _api(decision_world.head).post(url)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Bạn không có quyền tạo văn bản của quyết định này."
    assert GenerationJob.objects.count() == 0


def test_upload_rejected_version_is_stored_and_cannot_be_activated(decision_world):
    admin = make_user(Role.ADMIN, decision_world.agency, username="quantri")
    api = _api(admin)
    from io import BytesIO

    from docx import Document

    doc = Document()
    doc.add_paragraph("{{ ma_so_thue }}")
    buffer = BytesIO()
    doc.save(buffer)
    buffer.seek(0)
    buffer.name = "mau.docx"
    response = api.post("/api/v1/document-templates/QD/versions", {"file": buffer})
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == VersionStatus.REJECTED
    assert "ma_so_thue" in body["report"]
    activate = api.post(f"/api/v1/document-template-versions/{body['id']}/activate")
    assert activate.status_code == 409
    with (TEMPLATES_DIR / "QD.docx").open("rb") as handle:
        good = api.post(
            "/api/v1/document-templates/QD/versions", {"file": handle, "activate": "true"}
        ).json()
    assert (good["status"], good["is_active"], good["number"]) == ("VALID", True, 2)
    assert TemplateVersion.objects.count() == 2
    assert _api(decision_world.officer).get("/api/v1/document-templates").status_code == 403
    bad_kind = api.post("/api/v1/document-templates/XX/versions", {"file": BytesIO(b"x")})
    assert bad_kind.status_code == 422
