from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_user
from thidua.awards.models import Award, DecisionState
from thidua.core.models import AuditEvent
from thidua.documents import services
from thidua.documents.models import GeneratedDocument, GenerationJob, JobStatus
from thidua.documents.templates_build import TEMPLATES_DIR
from thidua.org.enums import Role


def _document(world) -> GeneratedDocument:
    return services.generate_decision_document(world.decision, actor=world.officer, pdf=False)


def test_download_is_for_who_may_see_the_decision(decision_world, client_for):
    document = _document(decision_world)
    url = reverse("documents:download", args=[document.pk, "docx"])
    response = client_for(decision_world.head).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert client_for(decision_world.other_officer).get(url).status_code == 404
    assert client_for(decision_world.staff).get(url).status_code == 404
    assert AuditEvent.objects.filter(action="access.denied").count() == 2
    assert Client().get(url).status_code == 302


def test_decision_documents_page_lists_only_for_the_scope(decision_world, client_for):
    document = _document(decision_world)
    url = reverse("documents:decision", args=[decision_world.decision.pk])
    page = client_for(decision_world.officer).get(url).content.decode()
    assert document.title in page
    assert reverse("documents:download", args=[document.pk, "docx"]) in page
    assert reverse("documents:generate_certificates", args=[decision_world.decision.pk]) in page
    head_page = client_for(decision_world.head).get(url).content.decode()
    assert (
        reverse("documents:generate_certificates", args=[decision_world.decision.pk])
        not in head_page
    )
    assert client_for(decision_world.other_officer).get(url).status_code == 404


def test_generate_from_the_page_runs_the_task(decision_world, client_for):
    url = reverse("documents:generate_decision", args=[decision_world.decision.pk])
    assert client_for(decision_world.head).post(url).status_code == 403
    assert GeneratedDocument.objects.count() == 0
    response = client_for(decision_world.officer).post(url)
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert document.docx_sha256
    assert document.created_by == decision_world.officer


def test_job_page_shows_progress_and_polls_until_done(decision_world, client_for):
    job = GenerationJob.objects.create(
        kind="CERT_GIAY_KHEN",
        decision=decision_world.decision,
        total=4,
        done=1,
        status=JobStatus.RUNNING,
    )
    client = client_for(decision_world.officer)
    url = reverse("documents:job", args=[job.pk])
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert '<progress id="job-progress" max="4" value="1">25%</progress>' in page
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="job-status"')
    job.status, job.done = JobStatus.DONE, 4
    job.save()
    done_page = client.get(url).content.decode()
    assert "hx-trigger" not in done_page
    assert reverse("documents:job_download", args=[job.pk, "zip"]) in done_page
    assert client_for(decision_world.other_officer).get(url).status_code == 404


def test_verification_page_shows_the_public_facts(decision_world, client):
    document = _document(decision_world)
    url = reverse("portal:verify_document", args=[document.token])
    page = client.get(url).content.decode()
    assert "01/QĐ-STTTT" in page
    assert "Sở Thông tin và Truyền thông" in page
    assert "Còn hiệu lực" in page
    assert document.docx_sha256 in page
    assert client.get(reverse("portal:verify_document", args=["khong-co"])).status_code == 404


def test_verification_page_of_a_revoked_certificate(decision_world, client):
    line = decision_world.lines[1]
    document = GeneratedDocument.objects.create(
        kind="CERT_CSTDCS",
        title="Giấy chứng nhận số sổ vàng 02",
        template_version=services.active_version("CERT_CSTDCS"),
        decision=decision_world.decision,
        recipient=line,
    )
    page = client.get(reverse("portal:verify_document", args=[document.token])).content.decode()
    assert "Hoàng Thị Lan" in page
    assert "Chiến sĩ thi đua cơ sở" in page
    assert "Còn hiệu lực" in page
    assert decision_world.person_2.code not in page  # no staff code, only the published facts
    line.award = Award.objects.create(
        person=decision_world.person_2,
        award_code="CSTDCS",
        year=2018,
        recipient_type="person",
        kind="MOVEMENT",
        decision_number="01/QĐ-STTTT",
        decision_date=decision_world.decision.decided_on,
        revoked_at=timezone.now(),
    )
    line.save()
    page = client.get(reverse("portal:verify_document", args=[document.token])).content.decode()
    assert "Đã bị thu hồi" in page


def test_verification_page_of_a_draft_says_so(decision_world, client):
    document = _document(decision_world)
    decision_world.decision.state = DecisionState.DRAFT
    decision_world.decision.save()
    page = client.get(reverse("portal:verify_document", args=[document.token])).content.decode()
    assert "Dự thảo, chưa ban hành" in page
    assert "Còn hiệu lực" not in page


def test_template_page_is_for_administrators(decision_world, client_for):
    url = reverse("documents:templates")
    assert client_for(decision_world.officer).get(url).status_code == 403
    admin = make_user(Role.ADMIN, decision_world.agency, username="quantri")
    client = client_for(admin)
    with (TEMPLATES_DIR / "QD.docx").open("rb") as handle:
        response = client.post(
            url, {"kind": "QD", "file": handle, "note": "Bản mới", "activate": "on"}
        )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "(đang dùng)" in page
    assert services.active_version("QD").note == "Bản mới"


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_decision_documents_page_queries_do_not_grow(decision_world, client_for):
    client = client_for(decision_world.officer)
    url = reverse("documents:decision", args=[decision_world.decision.pk])
    _document(decision_world)
    GenerationJob.objects.create(kind="CERT_GIAY_KHEN", decision=decision_world.decision)
    one = _queries(client, url)
    _document(decision_world)
    _document(decision_world)
    for _ in range(2):
        GenerationJob.objects.create(kind="CERT_GIAY_KHEN", decision=decision_world.decision)
    assert _queries(client, url) == one
