"""Activities through the API: reporting with indicator values by key, reading scoped to the
caller, correcting, withdrawing, evidence upload with the same content checks as the pages, the
evidence download, and the catalogue of kinds."""

from __future__ import annotations

from decimal import Decimal

from tests.api.conftest import error_locs, post, put
from tests.results import conftest as results_fixtures
from tests.results.conftest import TODAY
from tests.results.evidence_files import image_bytes, pdf_bytes, upload, zip_bomb_docx
from thidua.core.models import AuditEvent
from thidua.movements import services as movement_services
from thidua.results.computation import indicator_totals
from thidua.results.models import Activity, EvidenceFile

world = results_fixtures.world
evidence_storage = results_fixtures.evidence_storage
reporting = results_fixtures.reporting

ACTIVITIES = "/api/v1/movements/TTDN-2018/activities"


def body(rw, **kw):
    data = {
        "unit_code": "TTBCXB",
        "kind": "BORDER_PROP",
        "title": "Tuyên truyền pháp luật tại xã Tân Thanh",
        "occurred_on": TODAY.isoformat(),
        "place": "LS-TANTHANH",
        "participants": "Đồn Biên phòng Tân Thanh",
        "values": {"BORDER_PROP.sessions": 1, "BORDER_PROP.residents": 120},
    }
    data.update(kw)
    return data


def denied(permission: str) -> list[AuditEvent]:
    return [
        e
        for e in AuditEvent.objects.filter(action="access.denied")
        if e.after["permission"] == permission
    ]


def test_a_unit_head_reports_an_activity(reporting, api_client_for):
    api = api_client_for(reporting.head_a)
    response = post(api, ACTIVITIES, body(reporting, parent_task="NV1"))
    assert response.status_code == 201
    data = response.json()
    activity = Activity.objects.get()
    assert data == {
        "id": activity.pk,
        "movement_code": "TTDN-2018",
        "unit_code": "TTBCXB",
        "person_code": None,
        "kind": "BORDER_PROP",
        "title": "Tuyên truyền pháp luật tại xã Tân Thanh",
        "occurred_on": TODAY.isoformat(),
        "place": "LS-TANTHANH",
        "place_name": "Xã Tân Thanh",
        "in_border_area": True,
        "participants": "Đồn Biên phòng Tân Thanh",
        "description": "",
        "target": None,
        "parent_task": "NV1",
        "values": {"BORDER_PROP.sessions": 1.0, "BORDER_PROP.residents": 120.0},
        "evidence": [],
        "created_at": data["created_at"],
        "withdrawn_at": None,
    }
    assert indicator_totals(reporting.movement, by="unit")[reporting.div_a.pk] == {
        "BORDER_PROP.sessions": Decimal(1),
        "BORDER_PROP.residents": Decimal(120),
    }


def test_reporting_for_another_unit_is_403_and_recorded(reporting, api_client_for):
    response = post(api_client_for(reporting.head_a), ACTIVITIES, body(reporting, unit_code="CNTT"))
    assert response.status_code == 403
    assert response.json()["detail"] == "Bạn không có quyền báo cáo hoạt động của đơn vị “CNTT”."
    assert Activity.objects.count() == 0
    assert len(denied("results.report_activity")) == 1


def test_invalid_values_and_unknown_codes_are_422_on_their_fields(reporting, api_client_for):
    api = api_client_for(reporting.head_a)
    unknown = post(api, ACTIVITIES, body(reporting, kind="NOPE", place="XX"))
    assert unknown.status_code == 422
    assert sorted(error_locs(unknown)) == [["body", "kind"], ["body", "place"]]
    negative = post(api, ACTIVITIES, body(reporting, values={"BORDER_PROP.sessions": -2}))
    assert negative.status_code == 422
    assert negative.json()["detail"] == [
        {
            "loc": ["body", "values"],
            "msg": "Giá trị của chỉ số “Buổi tuyên truyền” không được âm.",
            "type": "value_error",
        }
    ]
    foreign = post(api, ACTIVITIES, body(reporting, values={"FL_NEWS.items": 3}))
    assert error_locs(foreign) == [["body", "values"]]
    assert Activity.objects.count() == 0


def test_a_closed_movement_answers_409(reporting, api_client_for):
    movement_services.set_movement_state(reporting.movement, "UNDER_REVIEW")
    movement_services.set_movement_state(reporting.movement, "CLOSED")
    response = post(api_client_for(reporting.head_a), ACTIVITIES, body(reporting))
    assert response.status_code == 409


def test_staff_report_as_themselves_and_cannot_name_a_colleague(reporting, api_client_for):
    api = api_client_for(reporting.staff_a)
    response = post(api, ACTIVITIES, body(reporting))
    assert (response.status_code, response.json()["person_code"]) == (201, "PA")
    other = post(api, ACTIVITIES, body(reporting, person_code="PA2"))
    assert other.status_code == 403


def test_the_list_is_scoped_and_filtered(reporting, api_client_for):
    head_a = api_client_for(reporting.head_a)
    head_b = api_client_for(reporting.head_b)
    post(head_a, ACTIVITIES, body(reporting, title="Biên giới"))
    post(head_a, ACTIVITIES, body(reporting, title="Thành phố", place="LS-CHILANG"))
    post(head_b, ACTIVITIES, body(reporting, unit_code="CNTT", title="Của phòng B", place=None))
    officer = api_client_for(reporting.officer)
    everything = officer.get(ACTIVITIES).json()
    assert everything["count"] == 3
    border = officer.get(ACTIVITIES, {"border": "true"}).json()["items"]
    assert [a["title"] for a in border] == ["Biên giới"]
    elsewhere = officer.get(ACTIVITIES, {"border": "false"}).json()["items"]
    assert {a["title"] for a in elsewhere} == {"Thành phố", "Của phòng B"}
    by_unit = officer.get(ACTIVITIES, {"unit_code": "CNTT"}).json()["items"]
    assert [a["title"] for a in by_unit] == ["Của phòng B"]
    assert officer.get(ACTIVITIES, {"kind": "FL_NEWS"}).json()["count"] == 0
    assert [a["title"] for a in head_b.get(ACTIVITIES).json()["items"]] == ["Của phòng B"]


def test_read_correct_and_withdraw(reporting, api_client_for):
    api = api_client_for(reporting.head_a)
    created = post(api, ACTIVITIES, body(reporting)).json()
    path = f"/api/v1/activities/{created['id']}"
    assert api.get(path).json()["title"] == created["title"]
    changed = put(api, path, body(reporting, values={"BORDER_PROP.sessions": 3}))
    assert changed.status_code == 200
    assert changed.json()["values"] == {"BORDER_PROP.sessions": 3.0}
    withdrawn = post(api, f"{path}/withdraw", {"reason": "Nhập trùng"})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_at"] is not None
    assert indicator_totals(reporting.movement, by="unit") == {}
    assert post(api, f"{path}/withdraw", {}).status_code == 409
    assert put(api, path, body(reporting)).status_code == 409
    assert api.get(ACTIVITIES).json()["count"] == 0
    assert api.get(ACTIVITIES, {"include_withdrawn": "true"}).json()["count"] == 1


def test_another_division_gets_404_recorded(reporting, api_client_for):
    created = post(api_client_for(reporting.head_a), ACTIVITIES, body(reporting)).json()
    head_b = api_client_for(reporting.head_b)
    response = head_b.get(f"/api/v1/activities/{created['id']}")
    assert response.status_code == 404
    assert put(head_b, f"/api/v1/activities/{created['id']}", body(reporting)).status_code == 404
    assert len(denied("results.view_activity")) == 2


def test_evidence_upload_checks_content_and_download_is_scoped(reporting, api_client_for):
    api = api_client_for(reporting.head_a)
    created = post(api, ACTIVITIES, body(reporting)).json()
    url = f"/api/v1/activities/{created['id']}/evidence"
    ok = api.post(url, {"file": upload("Biên bản.pdf", pdf_bytes())})
    assert ok.status_code == 201
    item = ok.json()
    assert (item["original_name"], item["content_type"]) == ("Biên bản.pdf", "application/pdf")
    assert item["download_url"] == f"/api/v1/evidence/{item['id']}/content"
    program = api.post(url, {"file": upload("report.pdf", b"MZ" + bytes(64))})
    assert program.status_code == 422
    assert program.json()["detail"] == [
        {
            "loc": ["body", "file"],
            "msg": "Tệp “report.pdf” không phải là PDF: nội dung là tệp thực thi.",
            "type": "value_error",
        }
    ]
    bomb = api.post(url, {"file": upload("bomb.docx", zip_bomb_docx(200))})
    assert bomb.status_code == 422
    assert bomb.json()["detail"][0]["msg"].startswith("Tệp nén “bomb.docx” giải nén quá lớn")
    photo = api.post(url, {"file": upload("anh.jpg", image_bytes("JPEG", gps=True))})
    assert photo.status_code == 201
    assert EvidenceFile.objects.count() == 2
    shown = api.get(f"/api/v1/activities/{created['id']}").json()["evidence"]
    assert [e["original_name"] for e in shown] == ["Biên bản.pdf", "anh.jpg"]

    download = api.get(item["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf_bytes()
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    refused = api_client_for(reporting.head_b).get(item["download_url"])
    assert refused.status_code == 404
    assert len(denied("results.view_evidence")) == 1


def test_staff_cannot_add_evidence_to_what_their_head_reported(reporting, api_client_for):
    created = post(api_client_for(reporting.head_a), ACTIVITIES, body(reporting)).json()
    staff = api_client_for(reporting.staff_a)
    response = staff.post(
        f"/api/v1/activities/{created['id']}/evidence", {"file": upload("a.pdf", pdf_bytes())}
    )
    assert response.status_code == 403
    assert EvidenceFile.objects.count() == 0


def test_the_catalogue_of_kinds(reporting, api_client_for):
    kinds = api_client_for(reporting.staff_a).get("/api/v1/activity-kinds").json()
    assert len(kinds) == 14
    border = next(k for k in kinds if k["code"] == "BORDER_PROP")
    assert [i["key"] for i in border["indicators"]] == [
        "BORDER_PROP.sessions",
        "BORDER_PROP.residents",
        "BORDER_PROP.soldiers",
    ]
