"""POST /awards/imports, POST /initiatives/imports and GET /imports/{id}."""

from __future__ import annotations

from django.test import Client

from tests.api.conftest import error_locs
from tests.awards.test_award_imports import (
    AWARD_HEADER,
    INITIATIVE_HEADER,
    award_row,
    initiative_row,
)
from tests.factories import make_user
from tests.org.test_imports import private_storage  # noqa: F401  (autouse: files in tmp_path)
from tests.org.xlsx import upload, workbook_bytes
from thidua.awards.models import Award, Initiative
from thidua.core.models import AuditEvent
from thidua.core.permissions import DENIED
from thidua.org.enums import Role


def post_file(client: Client, path: str, content: bytes, name: str = "khen-thuong.xlsx"):
    return client.post(path, {"file": upload(content, name)})


def test_good_award_file_answers_the_finished_job(two_divisions, api_client_for):
    api = api_client_for(two_divisions.officer)
    content = workbook_bytes(AWARD_HEADER, [award_row(), award_row("PB", "LDTT", 2021)])
    response = post_file(api, "/api/v1/awards/imports", content)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["status"], body["errors"]) == ("AWARDS", "SUCCEEDED", [])
    assert body["summary"] == {"created": 2, "updated": 0, "unchanged": 0}
    assert body["original_name"] == "khen-thuong.xlsx"
    assert Award.objects.filter(source="IMPORT").count() == 2
    again = post_file(api, "/api/v1/awards/imports", content).json()
    assert again["summary"] == {"created": 0, "updated": 0, "unchanged": 2}
    followed = api.get(f"/api/v1/imports/{body['id']}")
    assert followed.status_code == 200
    assert followed.json()["summary"] == body["summary"]


def test_bad_award_file_lists_errors_and_writes_nothing(two_divisions, api_client_for):
    api = api_client_for(two_divisions.officer)
    rows = [award_row(), award_row("PA", "Chiến sĩ thi đua cơ sở", 2022, number="2/QĐ")]
    response = post_file(api, "/api/v1/awards/imports", workbook_bytes(AWARD_HEADER, rows))
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "FAILED"
    assert body["errors"] == [
        {
            "row": 3,
            "column": "Danh hiệu/hình thức",
            "message": "Khen thưởng “Chiến sĩ thi đua cơ sở” năm 2022 của “PA” bị trùng với "
            "dòng 2.",
        }
    ]
    assert Award.objects.count() == 0


def test_upload_that_is_not_xlsx_is_422_on_file(two_divisions, api_client_for):
    api = api_client_for(two_divisions.officer)
    response = post_file(api, "/api/v1/awards/imports", b"a;b", "khen.csv")
    assert response.status_code == 422
    assert error_locs(response) == [["body", "file"]]
    assert response.json()["detail"][0]["msg"] == "Chỉ nhận tệp Excel .xlsx."
    missing = api.post("/api/v1/awards/imports", {})
    assert missing.status_code == 422


def test_auth_permission_and_other_users_jobs(two_divisions, api_client_for):
    content = workbook_bytes(AWARD_HEADER, [award_row()])
    assert post_file(Client(), "/api/v1/awards/imports", content).status_code == 401
    head = api_client_for(two_divisions.head_a)  # unit head: no editor role
    refused = post_file(head, "/api/v1/awards/imports", content)
    assert refused.status_code == 403
    assert refused.json() == {"detail": "Bạn không có quyền ghi sổ khen thưởng."}
    denied = AuditEvent.objects.get(action=DENIED, actor=two_divisions.head_a)
    assert denied.after["permission"] == "awards.record_award"
    officer_a = make_user(Role.OFFICER, two_divisions.div_a, username="officer_a")
    outside = post_file(
        api_client_for(officer_a),
        "/api/v1/awards/imports",
        workbook_bytes(AWARD_HEADER, [award_row("PB")]),
    ).json()
    assert outside["errors"][0]["message"] == (
        "Cán bộ “PB” nằm ngoài phạm vi bạn được quyền cập nhật."
    )
    mine = post_file(api_client_for(two_divisions.officer), "/api/v1/awards/imports", content)
    job_id = mine.json()["id"]
    other = api_client_for(officer_a).get(f"/api/v1/imports/{job_id}")
    assert other.status_code == 404
    assert other.json() == {"detail": f"Không tìm thấy lần nhập số {job_id}."}


def test_initiative_import(two_divisions, api_client_for):
    api = api_client_for(two_divisions.officer)
    content = workbook_bytes(INITIATIVE_HEADER, [initiative_row(authors="PA;PB")])
    response = post_file(api, "/api/v1/initiatives/imports", content, "sang-kien.xlsx")
    assert response.status_code == 201
    assert response.json()["summary"] == {"created": 1, "updated": 0, "unchanged": 0}
    initiative = Initiative.objects.get(code="SK01")
    assert set(initiative.authors.values_list("code", flat=True)) == {"PA", "PB"}


def test_openapi_lists_import_endpoints(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"201", "202", "401", "403", "422"} <= set(
        paths["/api/v1/awards/imports"]["post"]["responses"]
    )
    assert "post" in paths["/api/v1/initiatives/imports"]
    assert "get" in paths["/api/v1/imports/{job_id}"]
