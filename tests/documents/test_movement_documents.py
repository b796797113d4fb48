"""A movement's own documents generated and stored from the pages and the API: the plan (KH),
a unit's proposal (TTr), the council minutes (BB) and the final report (BC). Each is read back
with python-docx, stored with the SHA-256 of its files and the template version it came from,
and only who may see its source may generate or download it. The demo movement TTDN-2018
gets its plan with the founding plan's own number."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from docx import Document

from tests.api.conftest import bearer_client, token_for
from tests.awards.test_councils import HELD_ON, build_council, submitted
from tests.documents.conftest import docx_text, pdf_text
from tests.factories import make_person, make_unit, make_user
from tests.movements.conftest import MovementWorld, world  # noqa: F401
from thidua.awards.models import CouncilSession
from thidua.core.models import AuditEvent
from thidua.documents import services, services_movement
from thidua.documents.models import DocumentKind, GeneratedDocument
from thidua.documents.queries import visible_documents
from thidua.movements.models import Movement
from thidua.org.enums import Role
from thidua.org.models import User

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


@dataclass
class DocsWorld:
    w: MovementWorld
    movement: Movement
    session: CouncilSession
    secretary: User
    stranger: User
    nominees: list[str]


@pytest.fixture
def docs_world(world, document_storage) -> DocsWorld:  # noqa: F811
    """The movement launched, two CSTĐCS nominations of div_a, a council session with its
    secretary, and an officer of another department (``stranger``)."""
    w = world
    Movement.objects.filter(pk=w.movement.pk).update(state="LAUNCHED")
    w.movement.refresh_from_db()
    make_person("HEADA", unit=w.div_a, full_name="Lương Văn Minh", position="Trưởng phòng")
    w.div_a.people.filter(code="HEADA").update(is_leader=True)
    noms = submitted(w, 2, year=2018)
    cw = build_council(w, voting=5, present=5)
    other = make_unit("SNV", name="Sở Nội vụ")
    return DocsWorld(
        w=w,
        movement=w.movement,
        session=cw.session,
        secretary=cw.secretary.user,
        stranger=make_user(Role.OFFICER, other, username="canbo_snv"),
        nominees=[n.person.full_name for n in noms],
    )


def _read_back(client: Client, document: GeneratedDocument, fmt: str) -> bytes:
    url = reverse("documents:download", args=[document.pk, fmt])
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content)


def _check_stored(document: GeneratedDocument, docx: bytes, pdf: bytes | None) -> str:
    """The files equal their recorded SHA-256; the template version is the shipped v1. Returns
    the DOCX text."""
    assert hashlib.sha256(docx).hexdigest() == document.docx_sha256
    with document.docx.open("rb") as stored:
        assert stored.read() == docx
    if pdf is not None:
        assert pdf.startswith(b"%PDF")
        assert hashlib.sha256(pdf).hexdigest() == document.pdf_sha256
    assert document.template_version.number == 1
    assert document.template_version.template.kind == document.kind
    assert AuditEvent.objects.filter(
        action="documents.generated", object_id=str(document.pk)
    ).exists()
    text = "\n".join(docx_text(docx))
    assert NATIONAL_TITLE in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    return text


def _check_contents(dw: DocsWorld, by_kind: dict[str, str]) -> None:
    assert "KẾ HOẠCH" in by_kind["KH"]
    assert "Số: 456/KH-STTTT" in by_kind["KH"]
    assert "Thi đua thực hiện hiệu quả công tác thông tin đối ngoại" in by_kind["KH"]
    assert "TỜ TRÌNH" in by_kind["TTR"]
    assert "/TTr-TTBCXB" in by_kind["TTR"]
    assert all(name in by_kind["TTR"] for name in dw.nominees)
    assert "Lương Văn Minh" in by_kind["TTR"]  # signed by the unit's leader
    assert "BIÊN BẢN" in by_kind["BB"]
    assert "Hội đồng Thi đua - Khen thưởng Sở" in by_kind["BB"]
    assert "ngày 10 tháng 01 năm 2025" in by_kind["BB"]
    assert "BÁO CÁO" in by_kind["BC"]
    assert "Tổng kết phong trào thi đua chuyên đề" in by_kind["BC"]


def test_page_generates_each_document_stored_and_downloadable(docs_world, client_for, soffice):
    dw, w = docs_world, docs_world.w
    officer = client_for(w.officer)
    code = dw.movement.code
    posts = [
        (officer, reverse("documents:generate_plan", args=[code])),
        (officer, reverse("documents:generate_report", args=[code])),
        (client_for(w.head_a), reverse("documents:generate_proposal", args=[code, "TTBCXB"])),
        (client_for(dw.secretary), reverse("documents:generate_minutes", args=[dw.session.pk])),
    ]
    for client, url in posts:
        response = client.post(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("documents:movement", args=[code]))
    documents = {d.kind: d for d in GeneratedDocument.objects.select_related("template_version")}
    assert set(documents) == {"KH", "BC", "TTR", "BB"}
    assert documents["TTR"].unit == w.div_a
    assert documents["TTR"].created_by == w.head_a
    assert documents["BB"].session == dw.session
    assert all(d.movement == dw.movement for d in documents.values())

    page = officer.get(reverse("documents:movement", args=[code])).content.decode()
    texts = {}
    for kind, document in documents.items():
        assert document.title in page
        for fmt in ("docx", "pdf"):
            assert reverse("documents:download", args=[document.pk, fmt]) in page
        texts[kind] = _check_stored(
            document, _read_back(officer, document, "docx"), _read_back(officer, document, "pdf")
        )
    _check_contents(dw, texts)
    assert "456/KH-STTTT" in pdf_text(documents["KH"].pdf.path)


def test_api_generates_each_document_and_lists_them(docs_world, soffice):
    dw, w = docs_world, docs_world.w
    officer = bearer_client(token_for(w.officer))
    base = f"/api/v1/movements/{dw.movement.code}/documents"
    answers = [
        officer.post(f"{base}/plan"),
        officer.post(f"{base}/report"),
        bearer_client(token_for(w.head_a)).post(f"{base}/proposal?unit=TTBCXB"),
        bearer_client(token_for(dw.secretary)).post(
            f"/api/v1/council-sessions/{dw.session.pk}/documents/minutes"
        ),
    ]
    assert [a.status_code for a in answers] == [201] * 4
    bodies = {a.json()["kind"]: a.json() for a in answers}
    assert bodies["TTR"]["unit_code"] == "TTBCXB"
    assert bodies["BB"]["session_id"] == dw.session.pk
    assert {b["movement_code"] for b in bodies.values()} == {dw.movement.code}
    assert {b["template_version"] for b in bodies.values()} == {1}

    listed = officer.get(base)
    assert listed.status_code == 200
    assert sorted(d["kind"] for d in listed.json()) == ["BB", "BC", "KH", "TTR"]
    texts = {}
    for kind, body in bodies.items():
        document = GeneratedDocument.objects.get(pk=body["id"])
        assert body["docx_sha256"] == document.docx_sha256
        docx = b"".join(officer.get(body["docx_url"]).streaming_content)
        pdf = b"".join(officer.get(body["pdf_url"]).streaming_content)
        texts[kind] = _check_stored(document, docx, pdf)
    _check_contents(dw, texts)


def test_generation_and_downloads_are_scoped(docs_world, client_for):
    dw, w = docs_world, docs_world.w
    code = dw.movement.code
    plan = services.generate_plan_document(dw.movement, actor=w.officer, pdf=False)
    proposal = services_movement.generate_proposal_document(
        dw.movement, w.div_a, actor=w.head_a, pdf=False
    )
    minutes = services_movement.generate_minutes_document(dw.session, actor=dw.secretary, pdf=False)
    assert GeneratedDocument.objects.count() == 3

    # Another division's head: sees the plan, not div_a's proposal nor the minutes.
    head_b = client_for(w.head_b)
    proposal_url = reverse("documents:generate_proposal", args=[code, "TTBCXB"])
    assert head_b.post(proposal_url).status_code == 403
    assert head_b.post(reverse("documents:generate_plan", args=[code])).status_code == 403
    assert head_b.post(reverse("documents:generate_minutes", args=[dw.session.pk])).status_code == (
        404
    )
    assert _read_back(head_b, plan, "docx")[:2] == b"PK"
    for document in (proposal, minutes):
        url = reverse("documents:download", args=[document.pk, "docx"])
        assert head_b.get(url).status_code == 404
    page = head_b.get(reverse("documents:movement", args=[code])).content.decode()
    assert plan.title in page
    assert proposal.title not in page
    assert minutes.title not in page
    assert "Tạo kế hoạch" not in page
    assert reverse("documents:generate_proposal", args=[code, "CNTT"]) in page
    assert proposal_url not in page

    api_b = bearer_client(token_for(w.head_b))
    refused = api_b.post(f"/api/v1/movements/{code}/documents/proposal?unit=TTBCXB")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Bạn không có quyền lập tờ trình cho đơn vị “TTBCXB”."
    assert api_b.post(f"/api/v1/movements/{code}/documents/report").status_code == 403
    listed = api_b.get(f"/api/v1/movements/{code}/documents").json()
    assert [d["id"] for d in listed] == [plan.pk]
    assert api_b.get(f"/api/v1/documents/{proposal.pk}/file/docx").status_code == 404

    # An officer of another department: the movement and the session are not found at all.
    stranger = client_for(dw.stranger)
    assert stranger.get(reverse("documents:movement", args=[code])).status_code == 404
    assert stranger.post(reverse("documents:generate_plan", args=[code])).status_code == 404
    assert stranger.post(proposal_url).status_code == 404
    assert (
        stranger.post(reverse("documents:generate_minutes", args=[dw.session.pk])).status_code
        == 404
    )
    for document in (plan, proposal, minutes):
        for fmt in ("docx", "pdf"):
            url = reverse("documents:download", args=[document.pk, fmt])
            assert stranger.get(url).status_code == 404
    api_s = bearer_client(token_for(dw.stranger))
    for url in (
        f"/api/v1/movements/{code}/documents/plan",
        f"/api/v1/movements/{code}/documents/proposal?unit=TTBCXB",
        f"/api/v1/council-sessions/{dw.session.pk}/documents/minutes",
    ):
        answer = api_s.post(url)
        assert answer.status_code == 404, url
        assert "detail" in answer.json()
    assert api_s.get(f"/api/v1/movements/{code}/documents").status_code == 404
    assert GeneratedDocument.objects.count() == 3

    # The unit's head sees its proposal and the plan; the secretary sees the minutes.
    assert set(visible_documents(w.head_a)) == {plan, proposal}
    assert minutes in set(visible_documents(dw.secretary))
    assert set(visible_documents(w.officer)) == {plan, proposal, minutes}
    assert not visible_documents(AnonymousUser()).exists()

    # Bad input and no credentials.
    api_a = bearer_client(token_for(w.head_a))
    bad = api_a.post(f"/api/v1/movements/{code}/documents/proposal?unit=KHONGCO")
    assert bad.status_code == 422
    assert "KHONGCO" in str(bad.json()["detail"])
    assert bearer_client("sai").post(f"/api/v1/movements/{code}/documents/plan").status_code == (
        401
    )
    assert Client().get(reverse("documents:movement", args=[code])).status_code == 302
    assert GeneratedDocument.objects.count() == 3


def test_links_from_the_movement_council_and_nominations_pages(docs_world, client_for):
    dw, w = docs_world, docs_world.w
    target = reverse("documents:movement", args=[dw.movement.code])
    officer = client_for(w.officer)
    detail = officer.get(reverse("movements:detail", args=[dw.movement.code])).content.decode()
    assert f'href="{target}"' in detail
    results = client_for(dw.secretary).get(reverse("awards:council_results", args=[dw.session.pk]))
    assert f'href="{target}#bien-ban-{dw.session.pk}"' in results.content.decode()
    assert "Biên bản (DOCX, PDF)" in results.content.decode()
    nominations = client_for(w.head_a).get(
        reverse("awards:nomination_list", args=[dw.movement.code])
    )
    assert f'href="{target}#to-trinh"' in nominations.content.decode()
    page = client_for(dw.secretary).get(target).content.decode()
    assert reverse("documents:generate_minutes", args=[dw.session.pk]) in page
    assert str(HELD_ON.year) in page


def test_demo_plan_keeps_the_founding_plan_number(db, document_storage, soffice):
    from thidua.demo.loader import load_demo

    load_demo()
    officer = User.objects.get(username="canbotdkt")
    answer = bearer_client(token_for(officer)).post("/api/v1/movements/TTDN-2018/documents/plan")
    assert answer.status_code == 201
    document = GeneratedDocument.objects.get(pk=answer.json()["id"])
    assert document.kind == DocumentKind.KH
    with document.docx.open("rb") as stored:
        doc = Document(io.BytesIO(stored.read()))
    header = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert header[0].startswith("UBND TỈNH LẠNG SƠN\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG")
    # The generated plan is the founding plan itself: its own number and date, not a new one.
    assert "Số: 456/KH-STTTT" in header
    assert "Lạng Sơn, ngày 10 tháng 5 năm 2018" in header
    assert doc.paragraphs[0].text == "KẾ HOẠCH"
    text = pdf_text(document.pdf.path)
    assert "456/KH-STTTT" in text
    assert "Căn cứ Nghị định số 91/2017/NĐ-CP" in text
