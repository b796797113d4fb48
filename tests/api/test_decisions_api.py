"""The decisions API: drafting, adding lines, issuing (422 with every blocker, 409 on a
duplicate award), the ad hoc fast path, re-examinations after a revocation, measures, scoping."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.api.conftest import error_locs, post
from tests.awards.decision_world import YEAR, based_pair, passed, people, seed_money
from tests.factories import make_user
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import decisions, register
from thidua.awards.models import Award, Decision, Reexamination
from thidua.org.enums import Role


@pytest.fixture(autouse=True)
def no_disclosure(db, monkeypatch):
    seed_money()
    monkeypatch.setattr(decisions, "_disclosure_blockers", lambda n, *, require_disclosure: [])


DRAFT = {
    "issuer_code": "STTTT",
    "symbol": "QĐ-STTTT",
    "subject": "Về việc khen thưởng phong trào thi đua năm 2022",
    "movement_code": "TTDN-2018",
    "signer_name": "Nguyễn Văn A",
    "signer_title": "Giám đốc",
    "period_end": "2022-12-31",
}


def test_draft_add_issue_and_read(world, api_client_for):  # noqa: F811
    client = api_client_for(world.officer)
    leader, worker = people(world.div_a, 2, leaders=1)
    passed(world, leader, "CSTDCS")
    passed(world, worker, "LDTT")
    r = post(client, "/api/v1/decisions", DRAFT)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["state"] == "DRAFT"
    assert body["number_symbol"] == ""
    assert body["blockers"] == ["Danh sách kèm theo quyết định chưa có cá nhân, tập thể nào."]
    pk = body["id"]
    r = post(
        client,
        f"/api/v1/decisions/{pk}/recipients",
        {
            "from_nominations": True,
            "lines": [
                {
                    "recipient_type": "unit",
                    "recipient_code": "CNTT",
                    "award_code": "TTLDTT",
                    "year": YEAR,
                }
            ],
        },
    )
    assert r.status_code == 200, r.content
    assert [(x["serial"], x["recipient_code"]) for x in r.json()["recipients"]] == [
        (1, leader.code),
        (2, worker.code),
        (3, "CNTT"),
    ]
    r = post(client, f"/api/v1/decisions/{pk}/issue", {"decided_on": "2023-01-16"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["number_symbol"] == "01/QĐ-STTTT"
    assert body["state"] == "ISSUED"
    # base 1,490,000 on 16/01/2023: CSTĐCS 1,490,000; LĐTT 447,000; TTLĐTT 1,192,000
    assert [x["amount"] for x in body["recipients"]] == [1_490_000, 447_000, 1_192_000]
    assert body["total_amount"] == 3_129_000
    assert all(x["award_id"] for x in body["recipients"])
    assert body["measures"] == {
        "frontline": {
            "individuals": 2,
            "frontline": 1,
            "leaders": 1,
            "collectives": 1,
            "share": "0.5000",
            "total_amount": 3_129_000,
        },
        "days_to_decision": 16,
    }
    r = client.get("/api/v1/movements/TTDN-2018/measures")
    assert r.status_code == 200
    assert r.json()["timeliness"][0]["days"] == 16
    assert r.json()["max_days"] == 16
    listed = client.get("/api/v1/decisions?state=ISSUED").json()
    assert [(d["id"], d["total_amount"]) for d in listed] == [(pk, 3_129_000)]


def test_issue_blocked_is_422_and_duplicate_is_409(world, api_client_for):  # noqa: F811
    client = api_client_for(world.officer)
    pk = post(client, "/api/v1/decisions", DRAFT | {"signer_name": ""}).json()["id"]
    r = post(client, f"/api/v1/decisions/{pk}/issue", {"decided_on": "2023-01-16"})
    assert r.status_code == 422
    assert [i["msg"] for i in r.json()["detail"]] == [
        "Danh sách kèm theo quyết định chưa có cá nhân, tập thể nào.",
        "Chưa ghi người ký quyết định.",
    ]
    register.record_award(
        recipient=world.person_a,
        award_code="LDTT",
        year=YEAR,
        kind="MOVEMENT",
        decision_number="9/QĐ",
        decision_date=dt.date(2023, 1, 2),
    )
    pk = post(client, "/api/v1/decisions", DRAFT).json()["id"]
    line = {"recipient_type": "person", "recipient_code": "PA", "award_code": "LDTT", "year": YEAR}
    assert post(client, f"/api/v1/decisions/{pk}/recipients", {"lines": [line]}).status_code == 200
    r = post(client, f"/api/v1/decisions/{pk}/issue", {"decided_on": "2023-01-16"})
    assert r.status_code == 409
    assert r.json()["detail"].startswith("Dòng 1 (Lương Thị Hoa): Một thành tích chỉ")
    assert Decision.objects.get(pk=pk).number is None


def test_adhoc_fast_path(world, api_client_for):  # noqa: F811
    client = api_client_for(world.officer)
    r = post(
        client,
        "/api/v1/decisions/adhoc",
        {
            "issuer_code": "STTTT",
            "symbol": "QĐ-STTTT",
            "subject": "Khen thưởng đột xuất",
            "year": 2024,
            "decided_on": "2024-12-10",
            "signer_name": "Nguyễn Văn A",
            "signer_title": "Giám đốc",
            "lines": [
                {
                    "recipient_type": "person",
                    "recipient_code": "PA",
                    "award_code": "GIAY_KHEN",
                    "year": 2024,
                }
            ],
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["adhoc"]
    assert body["kind"] == "ADHOC"
    assert body["number_symbol"] == "01/QĐ-STTTT"
    # 0.3 (unconfirmed) × 2,340,000 = 702,000
    assert body["recipients"][0]["amount"] == 702_000
    r = post(client, "/api/v1/decisions/adhoc", {"issuer_code": "STTTT"})
    assert r.status_code == 422
    assert ["body", "symbol"] in error_locs(r)


def test_revoke_opens_reexaminations_listed_and_resolved(world, api_client_for):  # noqa: F811
    client = api_client_for(world.officer)
    base, top = based_pair(world.person_a, 2021)
    r = post(client, f"/api/v1/awards/{base.pk}/revoke", {"reason": "Sai thành tích"})
    assert r.status_code == 200
    rows = client.get("/api/v1/reexaminations").json()
    assert [(x["revoked_award_id"], x["dependent_award_id"]) for x in rows] == [(base.pk, top.pk)]
    rid = rows[0]["id"]
    r = post(
        client,
        f"/api/v1/reexaminations/{rid}/resolve",
        {"outcome": "REVOKED", "note": "Không đủ căn cứ"},
    )
    assert r.status_code == 200
    assert r.json()["state"] == "REVOKED"
    assert Award.objects.get(pk=top.pk).status == "REVOKED"
    assert client.get("/api/v1/reexaminations").json() == []
    # another unit's head sees none and may not resolve
    head = api_client_for(world.head_b)
    assert head.get("/api/v1/reexaminations").status_code == 403
    assert Reexamination.objects.count() == 1


def test_scoping(world, api_client_for):  # noqa: F811
    officer_a = make_user(Role.OFFICER, world.div_a, username="officer_a")
    client_a = api_client_for(officer_a)
    r = post(client_a, "/api/v1/decisions", DRAFT)
    assert r.status_code == 403
    pk = post(api_client_for(world.officer), "/api/v1/decisions", DRAFT).json()["id"]
    assert client_a.get(f"/api/v1/decisions/{pk}").status_code == 404
    assert client_a.get("/api/v1/decisions").json() == []
    r = post(
        client_a,
        "/api/v1/decisions",
        DRAFT | {"issuer_code": "TTBCXB", "symbol": "QĐ-TTBCXB", "movement_code": None},
    )
    assert r.status_code == 201
    head = api_client_for(world.head_a)
    assert head.get(f"/api/v1/decisions/{r.json()['id']}").status_code == 200
    r2 = post(head, f"/api/v1/decisions/{r.json()['id']}/issue", {"decided_on": "2023-01-16"})
    assert r2.status_code == 403
