"""Excel import and export of the award register and of initiatives."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.tasks.signals import task_enqueued
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.awards.conftest import make_award
from tests.factories import make_person, make_user
from tests.org.test_imports import private_storage  # noqa: F401  (autouse: files in tmp_path)
from tests.org.xlsx import read_rows, sheet_names, upload, workbook_bytes
from thidua.awards import register
from thidua.awards.enums import AwardSource, AwardStatus
from thidua.awards.import_formats import AWARDS, INITIATIVES
from thidua.awards.models import Award, Initiative
from thidua.awards.tasks import start_award_import
from thidua.core.models import AuditEvent, ImportJob
from thidua.org.enums import Role

AWARD_HEADER = [
    "Đối tượng",
    "Mã cá nhân hoặc mã đơn vị",
    "Họ tên/Tên đơn vị",
    "Danh hiệu/hình thức",
    "Năm thành tích",
    "Loại hình",
    "Số quyết định",
    "Ngày quyết định",
    "Cấp quyết định",
    "Mã phong trào",
    "Tóm tắt thành tích",
    "Trạng thái",
    "Lý do thu hồi",
]
INITIATIVE_HEADER = [
    "Mã sáng kiến",
    "Tên sáng kiến",
    "Mã đơn vị",
    "Mã tác giả",
    "Ngày công nhận",
    "Phạm vi ảnh hưởng",
]


def award_row(
    code="PA",
    award="CSTDCS",
    year=2022,
    *,
    who="Cá nhân",
    name="",
    kind="Công trạng",
    number="12/QĐ-STTTT",
    date="20/01/2023",
    status="",
    reason="",
):
    return [
        who,
        code,
        name,
        award,
        year,
        kind,
        number,
        date,
        "Giám đốc Sở",
        "",
        "Tốt",
        status,
        reason,
    ]


def run(kind, header, rows, user) -> ImportJob:
    return start_award_import(kind, upload(workbook_bytes(header, rows)), actor=user)


def errors(job: ImportJob) -> list[tuple]:
    return [(e["row"], e["column"], e["message"]) for e in job.errors]


def counts() -> tuple[int, int, int]:
    return Award.objects.count(), Initiative.objects.count(), AuditEvent.objects.count()


# --- Awards: a good file ------------------------------------------------------------------


def test_good_file_writes_every_row_with_source_import_and_audit(two_divisions):
    w = two_divisions
    job = run(
        AWARDS,
        AWARD_HEADER,
        [
            award_row("PA", "CSTDCS", 2022, name="nguyễn  văn đức"),
            award_row("PB", "Lao động tiên tiến", 2021, date="15/12/2021", kind="MERIT"),
            award_row("VP", "TTLDXS", 2022, who="Tập thể", name="Văn phòng Sở"),
            award_row(
                "PA", "LDTT", 2020, number="3/QĐ", status="Đã thu hồi", reason="Khai man hồ sơ"
            ),
        ],
        w.officer,
    )
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert job.summary == {"created": 4, "updated": 0, "unchanged": 0}
    awards = {(a.person_id or a.unit_id, a.award_code, a.year): a for a in Award.objects.all()}
    assert set(awards) == {
        (w.person_a.pk, "CSTDCS", 2022),
        (w.person_b.pk, "LDTT", 2021),
        (w.div_a.pk, "TTLDXS", 2022),
        (w.person_a.pk, "LDTT", 2020),
    }
    first = awards[(w.person_a.pk, "CSTDCS", 2022)]
    assert (first.source, first.created_by, first.decision_date) == (
        AwardSource.IMPORT,
        w.officer,
        dt.date(2023, 1, 20),
    )
    assert (first.issuer, first.achievement, first.kind) == ("Giám đốc Sở", "Tốt", "MERIT")
    assert awards[(w.div_a.pk, "TTLDXS", 2022)].recipient_type == "unit"
    revoked = awards[(w.person_a.pk, "LDTT", 2020)]
    assert (revoked.status, revoked.revoked_reason) == (AwardStatus.REVOKED, "Khai man hồ sơ")
    events = AuditEvent.objects.filter(action="awards.award.recorded")
    assert events.count() == 4
    event = events.get(object_id=str(first.pk))
    assert event.actor == w.officer
    assert event.after["source"] == "IMPORT"
    assert event.after["decision_date"] == "2023-01-20"


# --- Awards: one bad row, nothing written -------------------------------------------------


def test_bad_rows_write_nothing_and_each_error_names_row_column_and_reason(two_divisions):
    make_award(two_divisions.person_b, "LDTT", 2019)
    before = counts()
    next_year = timezone.localdate().year + 1
    job = run(
        AWARDS,
        AWARD_HEADER,
        [
            award_row("PA", "CSTDCS", 2022),  # fine
            award_row("ZZ", "CSTDCS", 2022),
            award_row("PB", "CSTDCS", 2022, name="Trần Văn Bình"),
            award_row("PA", "TTLDTT", 2022),
            award_row("PA", "LDTT", next_year, date="01/01/2020"),
            award_row("PA", "LDTT", 2018, date="31/12/2017"),
            award_row("PA", "LDTT", 2017, date="31/02/2018"),
            award_row("PA", "GIAY_KHEN", 2021, status="Đã thu hồi"),
            award_row("PA", "BANG_KHEN_TINH", 2021, reason="Sai"),
            award_row("PA", "Huy chương", 2021),
            award_row("CNTT", "CO_TINH", 2022, who="Tập thể", kind="Khen lắm"),
        ],
        two_divisions.officer,
    )
    assert job.status == ImportJob.Status.FAILED
    assert counts() == before
    year_message = f"Năm thành tích {next_year} không hợp lệ: phải từ 1945 đến {next_year - 1}."
    assert errors(job) == [
        (3, "Mã cá nhân hoặc mã đơn vị", "Không tìm thấy cán bộ có mã “ZZ”."),
        (
            4,
            "Họ tên/Tên đơn vị",
            "Tên “Trần Văn Bình” không khớp với mã “PB”: trong hệ thống là “Hoàng Thị Lan”.",
        ),
        (
            5,
            "Danh hiệu/hình thức",
            "“Tập thể lao động tiên tiến” chỉ dành cho tập thể, không tặng cho cá nhân "
            "“Nguyễn Văn Đức”.",
        ),
        (6, "Năm thành tích", year_message),
        (
            7,
            "Ngày quyết định",
            "Ngày quyết định 31/12/2017 trước năm thành tích 2018: quyết định khen thưởng "
            "thành tích năm 2018 phải ký từ năm 2018 trở đi.",
        ),
        (8, "Ngày quyết định", "“31/02/2018” không phải là ngày hợp lệ (dd/mm/yyyy)."),
        (9, "Lý do thu hồi", "Khen thưởng đã thu hồi phải ghi lý do thu hồi."),
        (10, "Lý do thu hồi", "Chỉ ghi lý do thu hồi khi trạng thái là “Đã thu hồi”."),
        (11, "Danh hiệu/hình thức", job.errors[8]["message"]),
        (12, "Loại hình", job.errors[9]["message"]),
    ]
    assert job.errors[8]["message"].startswith("“Huy chương” không hợp lệ; chọn một trong: LDTT")
    assert job.errors[9]["message"].startswith("“Khen lắm” không hợp lệ; chọn một trong: MERIT")


def test_missing_required_column_and_empty_required_cell(two_divisions):
    header = [h for h in AWARD_HEADER if h != "Số quyết định"]
    job = run(AWARDS, header, [award_row()[:6] + award_row()[7:]], two_divisions.officer)
    assert errors(job) == [
        (1, "Số quyết định", "Thiếu cột bắt buộc “Số quyết định” ở dòng tiêu đề.")
    ]
    job = run(AWARDS, AWARD_HEADER, [award_row(number=None)], two_divisions.officer)
    assert errors(job) == [(2, "Số quyết định", "Ô này không được để trống.")]
    assert Award.objects.count() == 0


def test_optional_columns_may_be_left_out(two_divisions):
    header = AWARD_HEADER[:2] + AWARD_HEADER[3:8]
    row = award_row()
    job = run(AWARDS, header, [row[:2] + row[3:8]], two_divisions.officer)
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    award = Award.objects.get()
    assert (award.status, award.issuer, award.movement) == (AwardStatus.ACTIVE, "", None)


# --- Awards: one achievement, one award ---------------------------------------------------


def test_duplicate_within_the_file_names_the_first_row(two_divisions):
    job = run(
        AWARDS,
        AWARD_HEADER,
        [
            award_row("PA", "CSTDCS", 2022),
            award_row("PB", "CSTDCS", 2022),
            award_row("PA", "Chiến sĩ thi đua cơ sở", 2022, number="99/QĐ"),
            # a revoked award of the same achievement is history, not a second award
            award_row("PA", "CSTDCS", 2022, number="1/QĐ", status="Đã thu hồi", reason="Sai"),
        ],
        two_divisions.officer,
    )
    assert errors(job) == [
        (
            4,
            "Danh hiệu/hình thức",
            "Khen thưởng “Chiến sĩ thi đua cơ sở” năm 2022 của “PA” bị trùng với dòng 2.",
        )
    ]
    assert Award.objects.count() == 0


def test_duplicate_of_an_active_award_in_the_register_names_its_decision(two_divisions):
    existing = make_award(two_divisions.person_a, "CSTDCS", 2022)  # 2022/QĐ-CSTDCS, 15/01/2023
    old = make_award(two_divisions.div_b, "TTLDXS", 2021)
    register.revoke_award(old, reason="Sai", actor=two_divisions.officer)
    job = run(
        AWARDS,
        AWARD_HEADER,
        [
            award_row("PA", "CSTDCS", 2022, number="7/QĐ"),
            award_row("CNTT", "TTLDXS", 2021, who="Tập thể"),  # the old one was revoked
        ],
        two_divisions.officer,
    )
    assert errors(job) == [
        (
            2,
            "Danh hiệu/hình thức",
            "Một thành tích chỉ khen thưởng một lần: Khen thưởng “Chiến sĩ thi đua cơ sở” năm "
            "2022 của “PA” đã có trong sổ: QĐ số 2022/QĐ-CSTDCS ngày 15/01/2023.",
        )
    ]
    job = run(
        AWARDS,
        AWARD_HEADER,
        [award_row("CNTT", "TTLDXS", 2021, who="Tập thể")],
        two_divisions.officer,
    )
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert Award.objects.filter(unit=two_divisions.div_b, status="ACTIVE").count() == 1
    assert Award.objects.filter(person=two_divisions.person_a).get() == existing


def test_same_decision_with_other_content_is_an_error(two_divisions):
    make_award(two_divisions.person_a, "CSTDCS", 2022, issuer="UBND tỉnh")
    row = award_row(number="2022/QĐ-CSTDCS", date="15/01/2023")
    job = run(AWARDS, AWARD_HEADER, [row], two_divisions.officer)
    assert errors(job) == [
        (
            2,
            "Số quyết định",
            "Khen thưởng này đã có trong sổ theo QĐ số 2022/QĐ-CSTDCS ngày 15/01/2023 nhưng "
            "khác nội dung; sửa hoặc thu hồi trong sổ khen thưởng, không nhập lại.",
        )
    ]


def test_reimporting_the_same_file_changes_nothing(two_divisions):
    rows = [
        award_row("PA", "CSTDCS", 2022),
        award_row("VP", "TTLDXS", 2022, who="Tập thể"),
        award_row("PB", "LDTT", 2020, number="3/QĐ", status="Đã thu hồi", reason="Sai"),
    ]
    first = run(AWARDS, AWARD_HEADER, rows, two_divisions.officer)
    assert first.summary["created"] == 3
    before = counts()
    again = run(AWARDS, AWARD_HEADER, rows, two_divisions.officer)
    assert again.status == ImportJob.Status.SUCCEEDED, again.errors
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 3}
    assert counts() == before


# --- Awards: scope ------------------------------------------------------------------------


def test_officer_imports_only_recipients_in_their_subtree(two_divisions):
    officer_a = make_user(Role.OFFICER, two_divisions.div_a, username="officer_a")
    job = run(
        AWARDS,
        AWARD_HEADER,
        [
            award_row("PA", "CSTDCS", 2022),
            award_row("PB", "CSTDCS", 2022),
            award_row("CNTT", "TTLDXS", 2022, who="Tập thể"),
        ],
        officer_a,
    )
    assert errors(job) == [
        (
            3,
            "Mã cá nhân hoặc mã đơn vị",
            "Cán bộ “PB” nằm ngoài phạm vi bạn được quyền cập nhật.",
        ),
        (
            4,
            "Mã cá nhân hoặc mã đơn vị",
            "Đơn vị “CNTT” nằm ngoài phạm vi bạn được quyền cập nhật.",
        ),
    ]
    assert Award.objects.count() == 0


# --- Awards: export -----------------------------------------------------------------------


def test_export_round_trip_reimports_as_unchanged(two_divisions, client_for, settings):
    w = two_divisions
    make_award(w.person_a, "CSTDCS", 2022, issuer="Giám đốc Sở", achievement="Dẫn đầu\nkhối")
    make_award(w.div_b, "TTLDXS", 2021)
    revoked = make_award(w.person_b, "LDTT", 2020)
    register.revoke_award(revoked, reason="Khai man", actor=w.officer)
    client = client_for(w.officer)
    response = client.get(reverse("awards:export_data", args=["khen-thuong"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="khen-thuong-')
    content = b"".join(response.streaming_content)
    assert sheet_names(content) == ["Khen thưởng", "Hướng dẫn"]
    rows = read_rows(content)
    assert list(rows[0]) == AWARD_HEADER
    assert rows[1] == (
        "Cá nhân",
        "PA",
        "Nguyễn Văn Đức",
        "CSTDCS",
        2022,
        "MERIT",
        "2022/QĐ-CSTDCS",
        dt.datetime(2023, 1, 15),  # noqa: DTZ001 (an Excel date cell)
        "Giám đốc Sở",
        None,
        "Dẫn đầu\nkhối",
        "Có hiệu lực",
        None,
    )
    assert rows[3][:3] == ("Cá nhân", "PB", "Hoàng Thị Lan")
    assert rows[3][11:] == ("Đã thu hồi", "Khai man")
    assert AuditEvent.objects.filter(action="awards.exported", actor=w.officer).count() == 1
    # filtered like the list page
    filtered = client.get(reverse("awards:export_data", args=["khen-thuong"]), {"year": 2021})
    assert [r[1] for r in read_rows(b"".join(filtered.streaming_content))[1:]] == ["CNTT"]
    before = counts()
    job = start_award_import(AWARDS, upload(content), actor=w.officer)
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert job.summary == {"created": 0, "updated": 0, "unchanged": 3}
    assert counts() == before


def test_template_download_and_pages(two_divisions, client_for):
    client = client_for(two_divisions.officer)
    response = client.get(reverse("awards:import_template", args=["khen-thuong"]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert list(read_rows(content)[0]) == AWARD_HEADER
    page = client.get(reverse("awards:import_start"))
    assert page.status_code == 200
    assert reverse("awards:import_template", args=["sang-kien"]) in page.content.decode()
    posted = client.post(
        reverse("awards:import_start"),
        {"kind": AWARDS, "file": upload(workbook_bytes(AWARD_HEADER, [award_row()]))},
    )
    job = ImportJob.objects.get(kind=AWARDS)
    assert posted.status_code == 302
    assert posted["Location"] == reverse("awards:import_job", args=[job.pk])
    shown = client.get(posted["Location"])
    assert shown.status_code == 200
    assert "Thêm mới" in shown.content.decode()
    assert f'href="{reverse("awards:import_start")}"' in shown.content.decode()
    assert Award.objects.count() == 1
    # another user does not see the job; a user without an editor role may not import
    head = client_for(two_divisions.head_a)
    assert head.get(reverse("awards:import_start")).status_code == 403
    other = make_user(Role.OFFICER, two_divisions.agency, username="officer2")
    assert client_for(other).get(posted["Location"]).status_code == 404
    bad = client.post(
        reverse("awards:import_start"), {"kind": AWARDS, "file": upload(b"x", "a.csv")}
    )
    assert bad.status_code == 200
    assert "Chỉ nhận tệp Excel .xlsx." in bad.content.decode()


# --- Query count --------------------------------------------------------------------------


def _many_rows(people, count, first_year):
    return [
        award_row(p.code, "LDTT", first_year + i // len(people), date="01/12/2024")
        for i, p in zip(range(count), people * (count // len(people) + 1), strict=False)
    ]


def test_query_count_does_not_grow_with_rows(two_divisions, django_assert_max_num_queries):
    people = [make_person(unit=two_divisions.div_a) for _ in range(20)]
    small = upload(workbook_bytes(AWARD_HEADER, _many_rows(people, 10, 2000)))
    with CaptureQueriesContext(connection) as ten:
        job = start_award_import(AWARDS, small, actor=two_divisions.officer)
    assert job.summary["created"] == 10
    big = upload(workbook_bytes(AWARD_HEADER, _many_rows(people, 200, 2001)))
    with django_assert_max_num_queries(len(ten.captured_queries)):
        job = start_award_import(AWARDS, big, actor=two_divisions.officer)
    assert job.summary["created"] == 200, job.errors


# --- Initiatives --------------------------------------------------------------------------


def initiative_row(code="SK01", *, title="Số hóa hồ sơ", unit="VP", authors="PA", on="10/05/2023"):
    return [code, title, unit, authors, on, "Phạm vi ảnh hưởng cấp cơ sở"]


def test_initiatives_are_created_updated_and_unchanged(two_divisions):
    w = two_divisions
    extra = make_person("PC", unit=w.div_a, full_name="Lê Văn Chung")
    rows = [initiative_row(), initiative_row("SK02", authors="PA; PC", unit="CNTT")]
    job = run(INITIATIVES, INITIATIVE_HEADER, rows, w.officer)
    assert job.summary == {"created": 2, "updated": 0, "unchanged": 0}, job.errors
    second = Initiative.objects.get(code="SK02")
    assert set(second.authors.all()) == {w.person_a, extra}
    assert (second.unit, second.scope) == (w.div_b, "SCOPE_CO_SO")
    created = AuditEvent.objects.get(action="awards.initiative.created", object_id=str(second.pk))
    assert created.after["authors"] == sorted([w.person_a.pk, extra.pk])
    again = run(INITIATIVES, INITIATIVE_HEADER, rows, w.officer)
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 2}
    changed = run(
        INITIATIVES,
        INITIATIVE_HEADER,
        [initiative_row(), initiative_row("SK02", title="Số hóa 2", authors="PC", unit="CNTT")],
        w.officer,
    )
    assert changed.summary == {"created": 0, "updated": 1, "unchanged": 1}, changed.errors
    second.refresh_from_db()
    assert second.title == "Số hóa 2"
    assert list(second.authors.all()) == [extra]
    event = AuditEvent.objects.get(action="awards.initiative.updated")
    assert (event.before["title"], event.after["title"]) == ("Số hóa hồ sơ", "Số hóa 2")
    assert event.after["authors"] == [extra.pk]


def test_initiative_errors_write_nothing(two_divisions):
    officer_a = make_user(Role.OFFICER, two_divisions.div_a, username="officer_a")
    register.upsert_initiative(
        "SK09",
        title="Của phòng khác",
        authors=[two_divisions.person_b],
        unit=two_divisions.div_b,
        recognized_on=dt.date(2023, 1, 1),
        scope="SCOPE_CO_SO",
    )
    before = counts()
    job = run(
        INITIATIVES,
        INITIATIVE_HEADER,
        [
            initiative_row(),
            initiative_row("SK01", title="Lặp"),
            initiative_row("SK03", authors="PA; X1;X2"),
            initiative_row("SK04", unit="CNTT"),
            initiative_row("SK05", unit="KHONGCO"),
            initiative_row("SK06", authors=" ; "),
            initiative_row("SK09"),
        ],
        officer_a,
    )
    assert errors(job) == [
        (3, "Mã sáng kiến", "Mã sáng kiến “SK01” bị trùng với dòng 2."),
        (4, "Mã tác giả", "Không tìm thấy cán bộ có mã “X1”, “X2”."),
        (5, "Mã đơn vị", "Đơn vị “CNTT” nằm ngoài phạm vi bạn được quyền cập nhật."),
        (6, "Mã đơn vị", "Không tìm thấy đơn vị có mã “KHONGCO”."),
        (7, "Mã tác giả", "Ghi ít nhất một mã cán bộ; nhiều mã cách nhau bằng dấu “;”."),
        (8, "Mã sáng kiến", "Sáng kiến “SK09” nằm ngoài phạm vi bạn được quyền cập nhật."),
    ]
    assert counts() == before


def test_initiative_export_round_trip(two_divisions, client_for):
    w = two_divisions
    make_person("PC", unit=w.div_a, full_name="Lê Văn Chung")
    rows = [initiative_row(authors="PC;PA"), initiative_row("SK02", on="01/02/2022")]
    run(INITIATIVES, INITIATIVE_HEADER, rows, w.officer)
    response = client_for(w.officer).get(reverse("awards:export_data", args=["sang-kien"]))
    content = b"".join(response.streaming_content)
    exported = read_rows(content)
    assert exported[1] == (
        "SK01",
        "Số hóa hồ sơ",
        "VP",
        "PA; PC",
        dt.datetime(2023, 5, 10),  # noqa: DTZ001 (an Excel date cell)
        "Phạm vi ảnh hưởng cấp cơ sở",
    )
    job = start_award_import(INITIATIVES, upload(content), actor=w.officer)
    assert job.summary == {"created": 0, "updated": 0, "unchanged": 2}, job.errors


def test_large_file_runs_as_the_awards_background_task(two_divisions, settings):
    settings.THIDUA_IMPORT_SYNC_MAX_ROWS = 0
    enqueued = []

    def on_enqueue(sender, task_result, **kwargs):
        enqueued.append(task_result.task.name)

    task_enqueued.connect(on_enqueue)
    try:
        job = run(AWARDS, AWARD_HEADER, [award_row()], two_divisions.officer)
    finally:
        task_enqueued.disconnect(on_enqueue)
    assert enqueued == ["run_award_import"]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert Award.objects.filter(source="IMPORT").count() == 1
