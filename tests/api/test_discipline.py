from typing import get_args

from tests.api.conftest import error_locs, post
from thidua.api.schemas import DisciplineLevelCode, DisciplineStatusCode
from thidua.core.models import AuditEvent
from thidua.org.enums import DisciplineLevel, DisciplineStatus
from thidua.org.models import DisciplineRecord
from thidua.org.services import record_discipline

DECIDED = {
    "person_code": "PA",
    "status": "DECIDED",
    "level": "KHIEN_TRACH",
    "decided_on": "2024-05-10",
    "effective_from": "2024-05-10",
    "effective_to": "2025-05-09",
}


def test_post_discipline_201_then_same_case_200_one_record(two_divisions, admin_api):
    first = post(admin_api, "/api/v1/discipline", DECIDED)
    second = post(admin_api, "/api/v1/discipline", DECIDED)
    record = DisciplineRecord.objects.get()
    expected = {"id": record.pk, **DECIDED, "decision_number": ""}
    assert (first.status_code, first.json()) == (201, expected)
    assert (second.status_code, second.json()) == (200, expected)
    events = AuditEvent.objects.filter(action="org.discipline.recorded")
    assert [(e.object_id, e.actor.username) for e in events] == [
        (str(two_divisions.person_a.pk), "admin")
    ]


def test_post_discipline_under_review_with_nulls(two_divisions, admin_api):
    body = {
        "person_code": "PB",
        "status": "UNDER_REVIEW",
        "level": None,
        "decided_on": None,
        "effective_from": None,
        "effective_to": None,
    }
    response = post(admin_api, "/api/v1/discipline", body)
    assert response.status_code == 201
    record = DisciplineRecord.objects.get()
    assert response.json() == {"id": record.pk, **body, "decision_number": ""}


def test_post_decided_without_level_and_date_names_both(two_divisions, admin_api):
    body = {"person_code": "PA", "status": "DECIDED", "level": None, "decided_on": None}
    response = post(admin_api, "/api/v1/discipline", body)
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "level"],
            "msg": "Kỷ luật đã quyết định phải có hình thức kỷ luật.",
            "type": "value_error",
        },
        {
            "loc": ["body", "decided_on"],
            "msg": "Kỷ luật đã quyết định phải có ngày quyết định.",
            "type": "value_error",
        },
    ]
    assert not DisciplineRecord.objects.exists()


def test_post_discipline_bad_codes_are_named(two_divisions, admin_api):
    body = {**DECIDED, "status": "DONE", "level": "PHAT_TIEN"}
    response = post(admin_api, "/api/v1/discipline", body)
    assert response.status_code == 422
    assert error_locs(response) == [["body", "status"], ["body", "level"]]


def test_post_discipline_unknown_person_is_422_on_person_code(two_divisions, admin_api):
    response = post(admin_api, "/api/v1/discipline", {**DECIDED, "person_code": "KHONGCO"})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "person_code"],
            "msg": "Không có cán bộ mã “KHONGCO”.",
            "type": "value_error",
        }
    ]


def test_list_discipline_filters_by_person(two_divisions, admin_api):
    mine = record_discipline(two_divisions.person_a, status="UNDER_REVIEW")[0]
    record_discipline(two_divisions.person_b, status="UNDER_REVIEW")
    body = admin_api.get("/api/v1/discipline", {"person_code": "PA"}).json()
    assert body["count"] == 1
    assert [(item["id"], item["person_code"]) for item in body["items"]] == [(mine.pk, "PA")]
    assert admin_api.get("/api/v1/discipline").json()["count"] == 2


def test_get_discipline_by_id(two_divisions, admin_api):
    record = record_discipline(two_divisions.person_b, status="UNDER_REVIEW")[0]
    response = admin_api.get(f"/api/v1/discipline/{record.pk}")
    assert (response.status_code, response.json()["person_code"]) == (200, "PB")
    assert admin_api.get("/api/v1/discipline/999999").status_code == 404


def test_post_discipline_by_unit_head_is_403(two_divisions, api_client_for):
    response = post(api_client_for(two_divisions.head_a), "/api/v1/discipline", DECIDED)
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền ghi nhận kỷ luật cho cán bộ “PA”."}
    assert not DisciplineRecord.objects.exists()


def test_discipline_codes_are_the_stable_enum_values():
    assert list(get_args(DisciplineStatusCode)) == list(DisciplineStatus.values)
    assert list(get_args(DisciplineLevelCode)) == list(DisciplineLevel.values)
