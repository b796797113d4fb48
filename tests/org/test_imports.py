import datetime as dt

import pytest
from django.apps import apps
from django.db import connection
from django.tasks.signals import task_enqueued
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_place, make_unit, make_user
from tests.org.xlsx import upload, workbook_bytes
from thidua.core.models import AuditEvent, ImportJob
from thidua.org import tasks
from thidua.org.enums import Role
from thidua.org.imports import create_import_job, run_import_job
from thidua.org.models import DisciplineRecord, Membership, Person, PersonRating, Unit, UnitRating
from thidua.org.services import record_discipline, set_person_rating, unit_path

PEOPLE_HEADER = [
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
]
UNITS_HEADER = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Tên viết tắt",
    "Loại đơn vị",
    "Mã đơn vị cấp trên",
    "Mã địa bàn",
    "Hiệu lực từ",
    "Hiệu lực đến",
]
DISCIPLINE_HEADER = [
    "Mã cán bộ",
    "Trạng thái",
    "Hình thức kỷ luật",
    "Ngày quyết định",
    "Hiệu lực từ",
    "Hiệu lực đến",
    "Số quyết định",
    "Ghi chú",
]


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
    """Rows in every org table and in the audit trail."""
    models = [*apps.get_app_config("org").get_models(), AuditEvent]
    return {m._meta.label: m._default_manager.count() for m in models}


def run(kind: str, header, rows, user) -> ImportJob:
    return tasks.start_import(kind, upload(workbook_bytes(header, rows)), actor=user)


def person_row(code, unit, *, name="Trần Văn An", birth="15/03/1985", gender="Nam"):
    return [
        code,
        name,
        gender,
        birth,
        "Công chức",
        unit,
        "Chuyên viên",
        "Không",
        "Có",
        "01/02/2010",
    ]


# --- One bad row: nothing written, the error says where and why --------------------------


def test_import_people_bad_date_on_row_4_writes_nothing(two_divisions, client_for):
    before = counts()
    content = workbook_bytes(
        PEOPLE_HEADER,
        [
            person_row("N1", "VP"),
            person_row("N2", "VP"),
            person_row("N3", "VP", birth="31/02/1990"),
            person_row("N4", "CNTT"),
        ],
    )
    client = client_for(two_divisions.officer)
    response = client.post("/to-chuc/nhap-xuat/", {"kind": "PEOPLE", "file": upload(content)})
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/to-chuc/nhap-xuat/lan-nhap/{job.pk}/"
    assert job.status == ImportJob.Status.FAILED
    assert job.errors == [
        {
            "row": 4,
            "column": "Ngày sinh",
            "message": "“31/02/1990” không phải là ngày hợp lệ (dd/mm/yyyy).",
        }
    ]
    assert counts() == before
    page = client.get(response["Location"]).content.decode()
    assert "“31/02/1990” không phải là ngày hợp lệ (dd/mm/yyyy)." in page
    assert '<td data-label="Dòng">4</td>' in page
    assert '<td data-label="Cột">Ngày sinh</td>' in page


def test_import_errors_list_each_problem_with_row_and_column(two_divisions):
    t = two_divisions
    before = counts()
    job = run(
        "PEOPLE",
        PEOPLE_HEADER,
        [
            person_row("N1", "VP"),
            person_row("N1", "VP"),
            person_row("N2", "KHONGCO"),
            person_row("N3", "VP", gender="Khác"),
            ["N4", "", "Nữ", None, "Công chức", "VP", "", "", "", ""],
        ],
        t.officer,
    )
    assert job.status == ImportJob.Status.FAILED
    assert job.errors == [
        {"row": 3, "column": "Mã cán bộ", "message": "Mã cán bộ “N1” bị trùng với dòng 2."},
        {"row": 4, "column": "Mã đơn vị", "message": "Không tìm thấy đơn vị có mã “KHONGCO”."},
        {
            "row": 5,
            "column": "Giới tính",
            "message": "“Khác” không hợp lệ; chọn một trong: F (Nữ), M (Nam).",
        },
        {"row": 6, "column": "Họ và tên", "message": "Ô này không được để trống."},
    ]
    assert counts() == before


def test_import_missing_required_column_is_one_clear_error(two_divisions):
    header = [h for h in PEOPLE_HEADER if h != "Họ và tên"]
    rows = [[c for i, c in enumerate(person_row("N1", "VP")) if i != 1]]
    job = run("PEOPLE", header, rows, two_divisions.officer)
    assert job.status == ImportJob.Status.FAILED
    assert job.errors == [
        {
            "row": 1,
            "column": "Họ và tên",
            "message": "Thiếu cột bắt buộc “Họ và tên” ở dòng tiêu đề.",
        }
    ]


def test_import_headers_match_without_accents_or_case(two_divisions):
    header = ["MA CAN BO", "ho va ten", "Giới Tính", "loai can bo", "mã đơn vị"]
    job = run(
        "PEOPLE", header, [["N1", "Lê  Thị   Hoa", "Nữ", "VIEN_CHUC", "VP"]], two_divisions.officer
    )
    assert job.status == ImportJob.Status.SUCCEEDED
    person = Person.objects.get(code="N1")
    assert (person.full_name, person.gender, person.staff_type, person.unit.code) == (
        "Lê Thị Hoa",
        "F",
        "VIEN_CHUC",
        "VP",
    )
    assert (person.is_leader, person.is_frontline, person.search) == (False, True, "le thi hoa n1")


def test_import_not_an_excel_file_fails_cleanly(two_divisions):
    job = tasks.start_import("PEOPLE", upload(b"not a workbook"), actor=two_divisions.officer)
    assert job.status == ImportJob.Status.FAILED
    assert job.errors == [
        {"row": None, "column": "", "message": "Tệp không phải là tệp Excel (.xlsx) hợp lệ."}
    ]


# --- Successful imports -------------------------------------------------------------------


def test_import_units_with_parent_defined_later_in_file(two_divisions):
    t = two_divisions
    make_place("X01", name="Xã Một")
    job = run(
        "UNITS",
        UNITS_HEADER,
        [
            ["TO1", "Tổ Một", "T1", "Đơn vị trực thuộc", "TT", "X01", "01/01/2020", None],
            ["TT", "Trung tâm Dữ liệu", "", "SUBORDINATE", "STTTT", "", None, None],
            ["VP", "Văn phòng Sở", "", "DIVISION", "STTTT", "", None, None],
        ],
        t.officer,
    )
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert job.summary == {"created": 2, "updated": 0, "unchanged": 1}
    tt = Unit.objects.get(code="TT")
    to1 = Unit.objects.get(code="TO1")
    assert tt.parent == t.agency
    assert tt.path == unit_path(t.agency.path, tt.pk)
    assert (tt.depth, to1.depth) == (1, 2)
    assert to1.parent == tt
    assert to1.path == unit_path(tt.path, to1.pk)
    assert (to1.short_name, to1.kind, to1.place.code, to1.valid_from) == (
        "T1",
        "SUBORDINATE",
        "X01",
        dt.date(2020, 1, 1),
    )
    assert to1.search == "to1 to mot"
    created = AuditEvent.objects.filter(action="org.unit.created", actor=t.officer).order_by("id")
    assert [(e.object_id, e.after["parent"], e.actor) for e in created] == [
        (str(to1.pk), tt.pk, t.officer),
        (str(tt.pk), t.agency.pk, t.officer),
    ]
    # The new units are found by the subtree queries.
    assert set(
        Unit.objects.filter(path__startswith=t.agency.path).values_list("code", flat=True)
    ) == {"STTTT", "VP", "CNTT", "TT", "TO1"}


def test_import_units_moves_existing_unit_with_its_subtree(two_divisions):
    t = two_divisions
    team = make_unit("TEAM", parent=t.div_b, name="Tổ phần mềm")
    job = run(
        "UNITS",
        UNITS_HEADER[:5],
        [
            ["CNTT", "Phòng Công nghệ thông tin", "", "DIVISION", "VP"],
        ],
        t.officer,
    )
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert job.summary == {"created": 0, "updated": 1, "unchanged": 0}
    div_b = Unit.objects.get(code="CNTT")
    team.refresh_from_db()
    assert div_b.parent == t.div_a
    assert div_b.path == unit_path(t.div_a.path, div_b.pk)
    assert (div_b.depth, team.depth) == (2, 3)
    assert team.path == unit_path(div_b.path, team.pk)
    event = AuditEvent.objects.get(action="org.unit.updated")
    assert (event.before["parent"], event.after["parent"]) == (t.agency.pk, t.div_a.pk)


def test_import_units_cycle_is_an_error(two_divisions):
    t = two_divisions
    before = counts()
    job = run(
        "UNITS",
        UNITS_HEADER[:5],
        [
            ["VP", "Văn phòng Sở", "", "DIVISION", "CNTT"],
            ["CNTT", "Phòng Công nghệ thông tin", "", "DIVISION", "VP"],
        ],
        t.officer,
    )
    assert job.status == ImportJob.Status.FAILED
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (2, "Mã đơn vị cấp trên"),
        (3, "Mã đơn vị cấp trên"),
    ]
    assert job.errors[0]["message"] == "Đơn vị cấp trên tạo thành vòng lặp: VP → CNTT → VP."
    assert counts() == before


def test_import_units_unknown_parent_and_existing_parent_below_itself(two_divisions):
    t = two_divisions
    make_unit("TEAM", parent=t.div_b, name="Tổ phần mềm")
    job = run(
        "UNITS",
        UNITS_HEADER[:5],
        [
            ["MOI", "Đơn vị mới", "", "DIVISION", "KHONGCO"],
            ["CNTT", "Phòng Công nghệ thông tin", "", "DIVISION", "TEAM"],
        ],
        t.officer,
    )
    assert job.errors == [
        {
            "row": 2,
            "column": "Mã đơn vị cấp trên",
            "message": "Không tìm thấy đơn vị cấp trên có mã “KHONGCO” "
            "(trong tệp và trong hệ thống).",
        },
        {
            "row": 3,
            "column": "Mã đơn vị cấp trên",
            "message": "Đơn vị cấp trên tạo thành vòng lặp: CNTT → TEAM → CNTT.",
        },
    ]


def test_import_people_creates_people_and_memberships(two_divisions):
    t = two_divisions
    job = run(
        "PEOPLE",
        PEOPLE_HEADER,
        [
            [
                "N1",
                "Trần  Văn An",
                "M",
                dt.date(1985, 3, 15),
                "CONG_CHUC",
                "VP",
                "Trưởng phòng",
                "Có",
                "Không",
                "01/02/2010",
            ],
            ["N2", "Lê Thị Bình", "Nữ", "", "Viên chức", "CNTT", "", "", "", ""],
        ],
        t.officer,
    )
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert job.summary == {"created": 2, "updated": 0, "unchanged": 0}
    n1 = Person.objects.get(code="N1")
    n2 = Person.objects.get(code="N2")
    assert (n1.full_name, n1.gender, n1.birth_date, n1.staff_type, n1.unit, n1.position) == (
        "Trần Văn An",
        "M",
        dt.date(1985, 3, 15),
        "CONG_CHUC",
        t.div_a,
        "Trưởng phòng",
    )
    assert (n1.is_leader, n1.is_frontline, n1.joined_on) == (True, False, dt.date(2010, 2, 1))
    assert (n2.birth_date, n2.staff_type, n2.is_leader, n2.is_frontline) == (
        None,
        "VIEN_CHUC",
        False,
        True,
    )
    assert list(n1.memberships.values_list("unit__code", "start", "end", "position")) == [
        ("VP", dt.date(2010, 2, 1), None, "Trưởng phòng")
    ]
    assert list(n2.memberships.values_list("unit__code", "start", "end")) == [
        ("CNTT", timezone.localdate(), None)
    ]
    event = AuditEvent.objects.get(action="org.person.created", object_id=str(n1.pk))
    assert event.after["birth_date"] == "1985-03-15"
    assert event.after["unit"] == t.div_a.pk
    assert event.object_repr == "Trần Văn An (N1)"
    assert event.actor == t.officer


def test_import_person_moved_to_other_unit_closes_and_opens_membership(two_divisions):
    t = two_divisions
    old_position = t.person_a.position
    job = run(
        "PEOPLE",
        ["Mã cán bộ", "Họ và tên", "Giới tính", "Loại cán bộ", "Mã đơn vị"],
        [
            ["PA", "Nguyễn Văn Đức", "Nam", "CONG_CHUC", "CNTT"],
        ],
        t.officer,
    )
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert job.summary == {"created": 0, "updated": 1, "unchanged": 0}
    today = timezone.localdate()
    person = Person.objects.get(code="PA")
    assert person.unit == t.div_b
    assert person.position == old_position  # the column is not in the file: kept
    assert list(person.memberships.order_by("start").values_list("unit__code", "start", "end")) == [
        ("VP", dt.date(2015, 1, 1), today - dt.timedelta(days=1)),
        ("CNTT", today, None),
    ]
    event = AuditEvent.objects.get(action="org.person.updated")
    assert (event.before["unit"], event.after["unit"]) == (t.div_a.pk, t.div_b.pk)


def test_import_person_ratings_unit_ratings_and_discipline(two_divisions):
    t = two_divisions
    set_person_rating(t.person_b, 2023, "HTNV")
    ratings = run(
        "PERSON_RATINGS",
        ["Mã cán bộ", "Năm", "Xếp loại"],
        [
            ["PA", 2024, "HTXSNV"],
            ["PB", "2024", "Hoàn thành tốt nhiệm vụ"],
            ["PB", 2023, "HTTNV"],
        ],
        t.officer,
    )
    assert ratings.summary == {"created": 2, "updated": 1, "unchanged": 0}, ratings.errors
    assert set(PersonRating.objects.values_list("person__code", "year", "rating")) == {
        ("PA", 2024, "HTXSNV"),
        ("PB", 2024, "HTTNV"),
        ("PB", 2023, "HTTNV"),
    }
    changed = AuditEvent.objects.get(action="org.rating.changed")
    assert (changed.object_id, changed.before, changed.after) == (
        str(t.person_b.pk),
        {"year": 2023, "rating": "HTNV"},
        {"year": 2023, "rating": "HTTNV"},
    )
    unit_ratings = run(
        "UNIT_RATINGS",
        ["Mã đơn vị", "Năm", "Xếp loại"],
        [
            ["VP", 2024, "HTXSNV"],
        ],
        t.officer,
    )
    assert unit_ratings.summary == {"created": 1, "updated": 0, "unchanged": 0}
    assert list(UnitRating.objects.values_list("unit__code", "year", "rating")) == [
        ("VP", 2024, "HTXSNV")
    ]
    assert (
        AuditEvent.objects.filter(action="org.unit_rating.set", object_id=str(t.div_a.pk)).count()
        == 1
    )
    discipline = run(
        "DISCIPLINE",
        DISCIPLINE_HEADER,
        [
            [
                "PA",
                "Đã quyết định",
                "Khiển trách",
                "10/05/2024",
                "10/05/2024",
                "10/05/2025",
                "12/QĐ-STTTT",
                "Vi phạm giờ làm việc",
            ],
            ["PB", "UNDER_REVIEW", "", "", "", "", "", ""],
        ],
        t.officer,
    )
    assert discipline.summary == {"created": 2, "updated": 0, "unchanged": 0}, discipline.errors
    decided = DisciplineRecord.objects.get(person=t.person_a)
    assert (decided.status, decided.level, decided.decided_on, decided.effective_to) == (
        "DECIDED",
        "KHIEN_TRACH",
        dt.date(2024, 5, 10),
        dt.date(2025, 5, 10),
    )
    assert (decided.decision_number, decided.note) == ("12/QĐ-STTTT", "Vi phạm giờ làm việc")
    assert DisciplineRecord.objects.get(person=t.person_b).status == "UNDER_REVIEW"
    assert AuditEvent.objects.filter(action="org.discipline.recorded").count() == 2


def test_import_discipline_decided_without_level_is_an_error(two_divisions):
    job = run(
        "DISCIPLINE",
        DISCIPLINE_HEADER,
        [
            ["PA", "DECIDED", "", "", "", "", "", ""],
        ],
        two_divisions.officer,
    )
    assert job.errors == [
        {
            "row": 2,
            "column": "Hình thức kỷ luật",
            "message": "Kỷ luật đã quyết định phải có hình thức kỷ luật.",
        },
        {
            "row": 2,
            "column": "Ngày quyết định",
            "message": "Kỷ luật đã quyết định phải có ngày quyết định.",
        },
    ]


# --- Importing the same file again changes nothing ----------------------------------------


@pytest.mark.parametrize(
    ("kind", "header", "rows"),
    [
        (
            "UNITS",
            UNITS_HEADER,
            [
                ["TO1", "Tổ Một", "", "SUBORDINATE", "TT", "", "01/01/2020", ""],
                ["TT", "Trung tâm", "TT", "SUBORDINATE", "STTTT", "", "", ""],
            ],
        ),
        (
            "PEOPLE",
            PEOPLE_HEADER,
            [person_row("N1", "VP"), person_row("PA", "CNTT"), person_row("N2", "CNTT", birth="")],
        ),
        (
            "PERSON_RATINGS",
            ["Mã cán bộ", "Năm", "Xếp loại"],
            [["PA", 2024, "HTTNV"], ["PB", 2024, "HTNV"]],
        ),
        ("UNIT_RATINGS", ["Mã đơn vị", "Năm", "Xếp loại"], [["VP", 2024, "HTTNV"]]),
        (
            "DISCIPLINE",
            DISCIPLINE_HEADER,
            [
                ["PA", "DECIDED", "CANH_CAO", "01/03/2024", "", "", "5/QĐ", ""],
                ["PB", "UNDER_REVIEW", "", "", "", "", "", ""],
            ],
        ),
    ],
)
def test_reimport_same_file_changes_nothing(two_divisions, kind, header, rows):
    t = two_divisions
    first = run(kind, header, rows, t.officer)
    assert first.status == ImportJob.Status.SUCCEEDED, first.errors
    assert first.summary["created"] + first.summary["updated"] == len(rows)
    before = counts()
    second = run(kind, header, rows, t.officer)
    assert second.status == ImportJob.Status.SUCCEEDED, second.errors
    assert second.summary == {"created": 0, "updated": 0, "unchanged": len(rows)}
    assert counts() == before


def test_discipline_already_recorded_by_service_is_unchanged(two_divisions):
    t = two_divisions
    record_discipline(t.person_b, status="UNDER_REVIEW")
    job = run(
        "DISCIPLINE", DISCIPLINE_HEADER, [["PB", "UNDER_REVIEW", "", "", "", "", "", ""]], t.officer
    )
    assert job.summary == {"created": 0, "updated": 0, "unchanged": 1}


# --- Permissions --------------------------------------------------------------------------


def test_import_page_unit_head_gets_403_and_attempt_recorded(two_divisions, client_for):
    t = two_divisions
    response = client_for(t.head_a).get("/to-chuc/nhap-xuat/")
    assert response.status_code == 403
    denied = AuditEvent.objects.get(action="access.denied")
    assert (denied.actor, denied.after) == (
        t.head_a,
        {"permission": "org.import", "path": "/to-chuc/nhap-xuat/"},
    )
    content = workbook_bytes(PEOPLE_HEADER, [person_row("N1", "VP")])
    post = client_for(t.head_a).post(
        "/to-chuc/nhap-xuat/", {"kind": "PEOPLE", "file": upload(content)}
    )
    assert post.status_code == 403
    assert ImportJob.objects.count() == 0
    assert not Person.objects.filter(code="N1").exists()


def test_officer_page_shows_form_and_nav_link(two_divisions, client_for):
    body = client_for(two_divisions.officer).get("/to-chuc/nhap-xuat/").content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert '<a href="/to-chuc/nhap-xuat/" aria-current="page">Nhập/Xuất Excel</a>' in body
    head_home = client_for(two_divisions.head_a).get("/").content.decode()
    assert "Nhập/Xuất Excel" not in head_home


def test_officer_of_division_a_cannot_import_into_division_b(two_divisions):
    t = two_divisions
    officer_a = make_user(Role.OFFICER, t.div_a, username="officer_a")
    before = counts()
    job = run(
        "PEOPLE",
        PEOPLE_HEADER,
        [
            person_row("N1", "VP"),
            person_row("N2", "CNTT"),
            person_row("PB", "VP", name="Hoàng Thị Lan"),
        ],
        officer_a,
    )
    assert job.status == ImportJob.Status.FAILED
    assert job.errors == [
        {
            "row": 3,
            "column": "Mã đơn vị",
            "message": "Đơn vị “CNTT” nằm ngoài phạm vi bạn được quyền cập nhật.",
        },
        {
            "row": 4,
            "column": "Mã cán bộ",
            "message": "Cán bộ “PB” nằm ngoài phạm vi bạn được quyền cập nhật.",
        },
    ]
    assert counts() == before
    ratings = run(
        "PERSON_RATINGS", ["Mã cán bộ", "Năm", "Xếp loại"], [["PB", 2024, "HTNV"]], officer_a
    )
    assert ratings.errors == [
        {
            "row": 2,
            "column": "Mã cán bộ",
            "message": "Cán bộ “PB” nằm ngoài phạm vi bạn được quyền cập nhật.",
        }
    ]
    units = run(
        "UNITS",
        UNITS_HEADER[:5],
        [["MOI", "Tổ mới", "", "DIVISION", "CNTT"], ["VP2", "Tổ gốc", "", "AGENCY", ""]],
        officer_a,
    )
    assert units.errors == [
        {
            "row": 2,
            "column": "Mã đơn vị cấp trên",
            "message": "Đơn vị cấp trên “CNTT” nằm ngoài phạm vi bạn được quyền cập nhật.",
        },
        {
            "row": 3,
            "column": "Mã đơn vị cấp trên",
            "message": "Đơn vị cấp cao nhất (không có đơn vị cấp trên) "
            "nằm ngoài phạm vi bạn được quyền cập nhật.",
        },
    ]
    assert counts() == before


def test_job_page_of_another_user_is_404_and_recorded(two_divisions, client_for):
    t = two_divisions
    job = run("PEOPLE", PEOPLE_HEADER, [person_row("N1", "VP")], t.officer)
    officer_a = make_user(Role.OFFICER, t.div_a, username="officer_a")
    response = client_for(officer_a).get(f"/to-chuc/nhap-xuat/lan-nhap/{job.pk}/")
    assert response.status_code == 404
    denied = AuditEvent.objects.get(action="access.denied")
    assert (denied.actor, denied.object_id) == (officer_a, str(job.pk))


# --- Large files: background task with a progress bar -------------------------------------


def test_large_file_runs_as_background_job_with_progress(two_divisions, client_for, settings):
    t = two_divisions
    settings.THIDUA_IMPORT_SYNC_MAX_ROWS = 3
    enqueued = []

    def receiver(sender, task_result, **kwargs):
        enqueued.append((task_result.task.name, task_result.args))

    task_enqueued.connect(receiver)
    try:
        rows = [person_row(f"N{i}", "VP") for i in range(1, 6)]
        client = client_for(t.officer)
        response = client.post(
            "/to-chuc/nhap-xuat/",
            {"kind": "PEOPLE", "file": upload(workbook_bytes(PEOPLE_HEADER, rows))},
        )
    finally:
        task_enqueued.disconnect(receiver)
    job = ImportJob.objects.get()
    assert enqueued == [("run_import", [job.pk])]
    assert job.status == ImportJob.Status.SUCCEEDED
    assert (job.total_rows, job.processed_rows) == (5, 5)
    assert job.summary == {"created": 5, "updated": 0, "unchanged": 0}
    assert Person.objects.filter(code__startswith="N").count() == 5
    page = client.get(response["Location"]).content.decode()
    assert '<progress id="job-progress" max="5" value="5">100%</progress>' in page
    assert "every 1s" not in page  # done: no more polling


def test_small_file_runs_in_the_request_without_a_task(two_divisions, settings):
    settings.THIDUA_IMPORT_SYNC_MAX_ROWS = 3
    enqueued = []

    def receiver(sender, task_result, **kwargs):
        enqueued.append(task_result.args)

    task_enqueued.connect(receiver)
    try:
        job = run("PEOPLE", PEOPLE_HEADER, [person_row("N1", "VP")], two_divisions.officer)
    finally:
        task_enqueued.disconnect(receiver)
    assert (job.status, enqueued) == (ImportJob.Status.SUCCEEDED, [])


def test_running_job_page_polls_its_status_partial(two_divisions, client_for):
    t = two_divisions
    content = workbook_bytes(PEOPLE_HEADER, [person_row(f"N{i}", "VP") for i in range(4)])
    job = create_import_job("PEOPLE", upload(content), actor=t.officer)
    client = client_for(t.officer)
    page = client.get(f"/to-chuc/nhap-xuat/lan-nhap/{job.pk}/").content.decode()
    assert f'hx-get="/to-chuc/nhap-xuat/lan-nhap/{job.pk}/" hx-trigger="every 1s"' in page
    assert '<progress id="job-progress" max="4" value="0">0%</progress>' in page
    partial = client.get(f"/to-chuc/nhap-xuat/lan-nhap/{job.pk}/", headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert body.lstrip().startswith('<div id="job-status"')
    assert "<html" not in body
    run_import_job(job.pk)
    done = client.get(f"/to-chuc/nhap-xuat/lan-nhap/{job.pk}/", headers={"HX-Request": "true"})
    assert "hx-trigger" not in done.content.decode()
    assert "<dt>Thêm mới</dt><dd>4</dd>" in done.content.decode()


def test_task_run_twice_changes_nothing_the_second_time(two_divisions):
    t = two_divisions
    content = workbook_bytes(PEOPLE_HEADER, [person_row("N1", "VP")])
    job = create_import_job("PEOPLE", upload(content), actor=t.officer)
    assert tasks.run_import.call(job.pk) == "SUCCEEDED"
    before = counts()
    finished_at = ImportJob.objects.get(pk=job.pk).finished_at
    assert tasks.run_import.call(job.pk) == "SUCCEEDED"
    assert counts() == before
    assert ImportJob.objects.get(pk=job.pk).finished_at == finished_at


# --- No query per row ---------------------------------------------------------------------


def _import_queries(user, codes) -> int:
    content = workbook_bytes(PEOPLE_HEADER, [person_row(code, "VP") for code in codes])
    job = create_import_job("PEOPLE", upload(content), actor=user)
    with CaptureQueriesContext(connection) as ctx:
        done = run_import_job(job.pk)
    assert done.summary["created"] == len(codes), done.errors
    return len(ctx.captured_queries)


def test_import_query_count_does_not_grow_with_rows(two_divisions):
    officer = two_divisions.officer
    _import_queries(officer, ["W1"])  # warm caches (content types)
    three = _import_queries(officer, [f"A{i}" for i in range(3)])
    thirty = _import_queries(officer, [f"B{i}" for i in range(30)])
    assert three == thirty


def test_update_query_count_does_not_grow_with_rows(two_divisions):
    officer = two_divisions.officer
    for prefix, n in (("C", 3), ("D", 30)):
        _import_queries(officer, [f"{prefix}{i}" for i in range(n)])
    queries = []
    for prefix, n in (("C", 3), ("D", 30)):
        content = workbook_bytes(
            PEOPLE_HEADER, [person_row(f"{prefix}{i}", "CNTT") for i in range(n)]
        )
        job = create_import_job("PEOPLE", upload(content), actor=officer)
        with CaptureQueriesContext(connection) as ctx:
            done = run_import_job(job.pk)
        assert done.summary["updated"] == n, done.errors
        queries.append(len(ctx.captured_queries))
    assert queries[0] == queries[1]
    assert Membership.objects.filter(person__code="D7", end__isnull=True).get().unit.code == "CNTT"


def test_import_renames_update_name_and_search_column_only(two_divisions):
    t = two_divisions
    header = ["Mã cán bộ", "Họ và tên", "Giới tính", "Loại cán bộ", "Mã đơn vị"]
    job = run(
        "PEOPLE",
        header,
        [
            ["PA", "Nguyễn Văn Đạt", "Nam", "CONG_CHUC", "VP"],
            ["PB", "Hoàng Thị Lan Anh", "Nữ", "CONG_CHUC", "CNTT"],
        ],
        t.officer,
    )
    assert job.summary == {"created": 0, "updated": 2, "unchanged": 0}, job.errors
    assert list(
        Person.objects.order_by("code").values_list("code", "full_name", "gender", "search")
    ) == [
        ("PA", "Nguyễn Văn Đạt", "M", "nguyen van dat pa"),
        ("PB", "Hoàng Thị Lan Anh", "F", "hoang thi lan anh pb"),
    ]
    assert Membership.objects.filter(person=t.person_b).count() == 1  # same unit: no new period
    event = AuditEvent.objects.get(action="org.person.updated", object_id=str(t.person_b.pk))
    assert {k for k in event.after if event.after[k] != event.before[k]} == {"full_name", "gender"}
    assert event.object_repr == "Hoàng Thị Lan Anh (PB)"


def test_upload_that_is_not_xlsx_is_refused_by_the_form(two_divisions, client_for):
    response = client_for(two_divisions.officer).post(
        "/to-chuc/nhap-xuat/", {"kind": "PEOPLE", "file": upload(b"a,b", "can-bo.csv")}
    )
    assert response.status_code == 200
    assert "Chỉ nhận tệp Excel .xlsx." in response.content.decode()
    assert ImportJob.objects.count() == 0
