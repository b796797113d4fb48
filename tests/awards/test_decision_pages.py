"""Decision pages: draft, add lines from nominations and by hand, blockers shown, issue with
confirmation, the annex split with money and measures, the ad hoc form, re-examinations after a
revocation from the award page, the movement's summary, money parameters, scoping."""

from __future__ import annotations

import pytest

from tests.awards.decision_world import YEAR, based_pair, passed, people, seed_money
from tests.factories import make_user
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import decisions
from thidua.awards.models import Award, BaseSalary, Decision, Reexamination
from thidua.org.enums import Role

BASE = "/khen-thuong/quyet-dinh/"


@pytest.fixture(autouse=True)
def no_disclosure(db, monkeypatch):
    seed_money()
    monkeypatch.setattr(decisions, "_disclosure_blockers", lambda n, *, require_disclosure: [])


def test_draft_fill_issue_through_pages(world, client_for):  # noqa: F811
    client = client_for(world.officer)
    leader, worker = people(world.div_a, 2, leaders=1)
    passed(world, leader, "CSTDCS")
    passed(world, worker, "LDTT")
    assert client.get(f"{BASE}them/").status_code == 200
    r = client.post(
        f"{BASE}them/",
        {
            "issuer": "STTTT",
            "symbol": "QĐ-STTTT",
            "subject": "Về việc khen thưởng",
            "kind": "MOVEMENT",
            "movement": world.movement.code,
            "period_end": "2022-12-31",
            "signer_name": "",
            "signer_title": "Giám đốc",
        },
    )
    assert r.status_code == 302
    decision = Decision.objects.get()
    url = f"{BASE}{decision.pk}/"
    page = client.get(url).content.decode()
    assert "Chưa ghi người ký quyết định." in page
    assert "2 đề nghị đã được Hội đồng thông qua" in page
    assert client.post(f"{url}tu-de-nghi/").status_code == 302
    r = client.post(
        f"{url}them-dong/", {"recipient_code": "CNTT", "award_code": "TTLDTT", "year": YEAR}
    )
    assert r.status_code == 302
    r = client.post(
        f"{url}them-dong/", {"recipient_code": "KHONGCO", "award_code": "LDTT", "year": YEAR}
    )
    assert r.status_code == 422
    assert "Không có cán bộ hoặc đơn vị mã “KHONGCO”." in r.content.decode()
    # blocked: no signer (the refusal lists it), no number taken
    r = client.post(f"{url}ban-hanh/", {"decided_on": "2023-01-16", "confirm": "on"})
    assert r.status_code == 422
    assert "Chưa ghi người ký quyết định." in r.content.decode()
    Decision.objects.filter(pk=decision.pk).update(signer_name="Nguyễn Văn A")
    # without the confirmation box nothing happens
    assert client.post(f"{url}ban-hanh/", {"decided_on": "2023-01-16"}).status_code == 422
    r = client.post(f"{url}ban-hanh/", {"decided_on": "2023-01-16", "confirm": "on"})
    assert r.status_code == 302
    decision.refresh_from_db()
    assert decision.number_symbol == "01/QĐ-STTTT"
    page = client.get(url).content.decode()
    assert "I. Cá nhân" in page
    assert "II. Tập thể" in page
    # total 1,490,000 + 447,000 + 1,192,000 = 3,129,000; frontline 1 of 2 (50.0%); 16 days
    assert "<dd>3.129.000</dd>" in page
    assert "(50,0%)" in page  # Vietnamese decimal comma
    assert "Ban hành quyết định" not in page  # issued: no more forms
    summary = client.get(f"{BASE}phong-trao/{world.movement.code}/").content.decode()
    assert "01/QĐ-STTTT" in summary
    assert '<td data-label="Số ngày">16</td>' in summary
    assert client.get(BASE).status_code == 200


def test_adhoc_form(world, client_for):  # noqa: F811
    client = client_for(world.officer)
    assert client.get(f"{BASE}dot-xuat/").status_code == 200
    data = {
        "issuer": "STTTT",
        "symbol": "QĐ-STTTT",
        "subject": "Về việc khen thưởng đột xuất",
        "year": 2024,
        "decided_on": "2024-12-10",
        "signer_name": "Nguyễn Văn A",
        "signer_title": "Giám đốc",
        "line-TOTAL_FORMS": "3",
        "line-INITIAL_FORMS": "0",
        "line-MIN_NUM_FORMS": "1",
        "line-MAX_NUM_FORMS": "20",
        "line-0-recipient_code": "PA",
        "line-0-award_code": "GIAY_KHEN",
        "line-0-achievement": "Dũng cảm cứu người",
    }
    r = client.post(f"{BASE}dot-xuat/", data)
    assert r.status_code == 302, r.content.decode()[:3000]
    decision = Decision.objects.get()
    assert decision.adhoc
    assert decision.number_symbol == "01/QĐ-STTTT"
    award = Award.objects.get(person=world.person_a)
    assert (award.kind, award.award_code, award.year) == ("ADHOC", "GIAY_KHEN", 2024)
    # the same again: a duplicate award, shown on the form, nothing written
    r = client.post(f"{BASE}dot-xuat/", data)
    assert r.status_code == 422
    assert "Dòng 1 (Lương Thị Hoa)" in r.content.decode()
    assert Decision.objects.count() == 1


def test_revoke_page_opens_reexamination_and_resolve(world, client_for):  # noqa: F811
    base, top = based_pair(world.person_a, 2021)
    client = client_for(world.officer)
    r = client.post(f"/khen-thuong/{base.pk}/thu-hoi/", {"reason": "Sai thành tích"})
    assert r.status_code == 302
    row = Reexamination.objects.get()
    assert (row.revoked_award_id, row.dependent_award_id) == (base.pk, top.pk)
    page = client.get(f"{BASE}xem-xet-lai/").content.decode()
    assert "Sai thành tích" in page
    r = client.post(f"{BASE}xem-xet-lai/{row.pk}/", {"outcome": "UPHELD", "note": "Có căn cứ khác"})
    assert r.status_code == 302
    row.refresh_from_db()
    assert row.state == "UPHELD"
    assert client_for(world.head_b).get(f"{BASE}xem-xet-lai/").status_code == 403
    assert client_for(world.head_b).post(f"{BASE}xem-xet-lai/{row.pk}/", {}).status_code in (
        403,
        404,
    )


def test_scoping_and_money_parameters(world, client_for):  # noqa: F811
    decision = decisions.create_decision(
        issuer=world.agency, symbol="QĐ-STTTT", subject="Khen thưởng", actor=world.officer
    )
    officer_a = make_user(Role.OFFICER, world.div_a, username="officer_a")
    assert client_for(officer_a).get(f"{BASE}{decision.pk}/").status_code == 404
    assert client_for(world.staff_a).get(BASE).status_code == 403
    assert client_for(world.head_a).post(f"{BASE}{decision.pk}/ban-hanh/", {}).status_code == 404
    div_decision = decisions.create_decision(
        issuer=world.div_a, symbol="QĐ-TTBCXB", subject="Khen thưởng", actor=world.officer
    )
    head = client_for(world.head_a)
    assert head.get(f"{BASE}{div_decision.pk}/").status_code == 200
    assert head.post(f"{BASE}{div_decision.pk}/ban-hanh/", {}).status_code == 403
    # officers read the money parameters; only administrators add
    client = client_for(world.officer)
    page = client.get(f"{BASE}tien-thuong/").content.decode()
    assert "Nghị định 73/2024/NĐ-CP" in page
    new = {
        "salary-effective_from": "2026-07-01",
        "salary-amount": "2530000",
        "salary-citation": "NĐ mới",
    }
    assert client.post(f"{BASE}tien-thuong/", new).status_code == 403
    admin = make_user(Role.ADMIN, world.agency, username="quantri")
    assert client_for(admin).post(f"{BASE}tien-thuong/", new).status_code == 302
    assert BaseSalary.objects.filter(amount=2_530_000).exists()
