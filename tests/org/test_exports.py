import datetime as dt
import io

import pytest
from django.apps import apps
from openpyxl import load_workbook

from tests.factories import make_place, make_unit, make_user
from tests.org.xlsx import read_rows, sheet_names, upload
from thidua.core.models import AuditEvent, ImportJob
from thidua.org import tasks
from thidua.org.enums import Role
from thidua.org.import_formats import FORMATS
from thidua.org.imports import estimate_rows
from thidua.org.services import record_discipline, set_person_rating, set_unit_rating


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


def counts() -> dict[str, int]:
    models = [*apps.get_app_config("org").get_models(), AuditEvent]
    return {m._meta.label: m._default_manager.count() for m in models}


def download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return b"".join(response.streaming_content)


@pytest.fixture
def richer(two_divisions):
    """The two divisions with ratings, discipline, a subordinate unit with a place."""
    t = two_divisions
    make_unit(
        "TT",
        parent=t.agency,
        name="Trung tâm Dữ liệu",
        kind="SUBORDINATE",
        place=make_place("X01"),
        valid_from=dt.date(2019, 7, 1),
        short_name="TTDL",
    )
    set_person_rating(t.person_a, 2024, "HTXSNV")
    set_person_rating(t.person_b, 2024, "HTNV")
    set_unit_rating(t.div_a, 2024, "HTTNV")
    record_discipline(
        t.person_b,
        status="DECIDED",
        level="CANH_CAO",
        decided_on=dt.date(2024, 3, 1),
        effective_from=dt.date(2024, 3, 1),
        decision_number="7/QĐ",
        note="Ghi chú\ndòng hai",
    )
    record_discipline(t.person_a, status="UNDER_REVIEW")
    return t


def test_template_download_has_vietnamese_headers_and_guide(two_divisions, client_for):
    content = download(client_for(two_divisions.officer), "/to-chuc/nhap-xuat/mau/can-bo/")
    assert sheet_names(content) == ["Cán bộ", "Hướng dẫn"]
    assert read_rows(content) == [
        (
            "Mã cán bộ",
            "Họ và tên",
            "Giới tính",
            "Ngày sinh",
            "Loại cán bộ",
            "Mã đơn vị",
            "Chức vụ",
            "Lãnh đạo",
            "Trực tiếp",
            "Ngày vào cơ quan",
            "Ngày thôi việc",
            "Thư điện tử",
        )
    ]
    guide = read_rows(content, "Hướng dẫn")
    assert guide[0] == ("Cột", "Bắt buộc", "Giải thích", "Giá trị hợp lệ")
    staff = next(row for row in guide if row[0] == "Loại cán bộ")
    assert staff[1] == "Có"
    assert staff[3] == (
        "CAN_BO (Cán bộ), CONG_CHUC (Công chức), VIEN_CHUC (Viên chức), "
        "NGUOI_LAO_DONG (Người lao động)"
    )


@pytest.mark.parametrize(
    ("slug", "header"),
    [
        (
            "don-vi",
            (
                "Mã đơn vị",
                "Tên đơn vị",
                "Tên viết tắt",
                "Loại đơn vị",
                "Mã đơn vị cấp trên",
                "Mã địa bàn",
                "Hiệu lực từ",
                "Hiệu lực đến",
            ),
        ),
        ("xep-loai-ca-nhan", ("Mã cán bộ", "Năm", "Xếp loại")),
        ("xep-loai-tap-the", ("Mã đơn vị", "Năm", "Xếp loại")),
        (
            "ky-luat",
            (
                "Mã cán bộ",
                "Trạng thái",
                "Hình thức kỷ luật",
                "Ngày quyết định",
                "Hiệu lực từ",
                "Hiệu lực đến",
                "Số quyết định",
                "Ghi chú",
            ),
        ),
    ],
)
def test_template_headers_of_each_kind(two_divisions, client_for, slug, header):
    content = download(client_for(two_divisions.officer), f"/to-chuc/nhap-xuat/mau/{slug}/")
    assert read_rows(content) == [header]


def test_export_people_values(richer, client_for):
    content = download(client_for(richer.officer), "/to-chuc/nhap-xuat/xuat/can-bo/")
    rows = read_rows(content)
    first = rows[1]
    assert (*first[:9], first[9].date(), *first[10:]) == (
        "PA",
        "Nguyễn Văn Đức",
        "Nam",
        None,
        "CONG_CHUC",
        "VP",
        None,
        "Không",
        "Có",
        dt.date(2015, 1, 1),
        None,
        None,
    )
    assert load_workbook(io.BytesIO(content))["Cán bộ"]["J2"].number_format == "DD/MM/YYYY"
    assert [r[0] for r in rows[1:]] == ["PA", "PB"]
    event = AuditEvent.objects.get(action="org.exported")
    assert (event.actor, event.after) == (richer.officer, {"kind": "PEOPLE", "rows": 2})


def test_export_only_what_the_user_may_see(richer, client_for):
    officer_a = make_user(Role.OFFICER, richer.div_a, username="officer_a")
    client = client_for(officer_a)
    people = read_rows(download(client, "/to-chuc/nhap-xuat/xuat/can-bo/"))
    assert [r[0] for r in people[1:]] == ["PA"]
    discipline = read_rows(download(client, "/to-chuc/nhap-xuat/xuat/ky-luat/"))
    assert [r[:2] for r in discipline[1:]] == [("PA", "UNDER_REVIEW")]
    units = read_rows(download(client, "/to-chuc/nhap-xuat/xuat/don-vi/"))
    assert [r[0] for r in units[1:]] == ["VP"]


def test_export_and_template_need_import_permission(two_divisions, client_for):
    client = client_for(two_divisions.head_a)
    assert client.get("/to-chuc/nhap-xuat/xuat/can-bo/").status_code == 403
    assert client.get("/to-chuc/nhap-xuat/mau/can-bo/").status_code == 403
    assert (
        AuditEvent.objects.filter(action="access.denied", actor=two_divisions.head_a).count() == 2
    )
    assert not AuditEvent.objects.filter(action="org.exported").exists()


def test_export_unknown_kind_is_404(two_divisions, client_for):
    assert (
        client_for(two_divisions.officer).get("/to-chuc/nhap-xuat/xuat/khong-co/").status_code
        == 404
    )


@pytest.mark.parametrize(
    ("slug", "kind", "rows"),
    [
        ("don-vi", "UNITS", 4),
        ("can-bo", "PEOPLE", 2),
        ("xep-loai-ca-nhan", "PERSON_RATINGS", 2),
        ("xep-loai-tap-the", "UNIT_RATINGS", 1),
        ("ky-luat", "DISCIPLINE", 2),
    ],
)
def test_export_then_reimport_changes_nothing(richer, client_for, slug, kind, rows):
    content = download(client_for(richer.officer), f"/to-chuc/nhap-xuat/xuat/{slug}/")
    before = counts()
    job = tasks.start_import(kind, upload(content, f"{slug}.xlsx"), actor=richer.officer)
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert job.summary == {"created": 0, "updated": 0, "unchanged": rows}
    assert counts() == before


def test_exported_file_edited_then_imported_updates_the_change(richer, client_for):
    content = download(client_for(richer.officer), "/to-chuc/nhap-xuat/xuat/can-bo/")
    wb = load_workbook(io.BytesIO(content))
    wb["Cán bộ"]["G3"] = "Phó trưởng phòng"
    out = io.BytesIO()
    wb.save(out)
    job = tasks.start_import("PEOPLE", upload(out.getvalue()), actor=richer.officer)
    assert job.summary == {"created": 0, "updated": 1, "unchanged": 1}, job.errors
    richer.person_b.refresh_from_db()
    assert richer.person_b.position == "Phó trưởng phòng"


def test_exported_file_row_count_is_estimated_without_a_dimension(richer, client_for):
    """openpyxl's write-only mode records no sheet dimension: rows are counted instead, so
    the choice between the request and a background task still sees the real size."""
    content = download(client_for(richer.officer), "/to-chuc/nhap-xuat/xuat/don-vi/")
    assert estimate_rows(FORMATS["UNITS"], io.BytesIO(content)) == 4
    assert estimate_rows(FORMATS["UNITS"], io.BytesIO(b"not a workbook")) == 0
