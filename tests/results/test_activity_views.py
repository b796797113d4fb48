"""The activity pages: list with border/elsewhere figures, reporting with indicator inputs and
evidence files, detail, download, edit, withdraw, progress per unit and the kind catalogue;
who may do what (refusals recorded)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import Role, make_user
from tests.results.conftest import TODAY
from tests.results.evidence_files import pdf_bytes, upload
from thidua.core.models import AuditEvent
from thidua.results.activities import report_activity
from thidua.results.computation import indicator_totals
from thidua.results.evidence import store_evidence
from thidua.results.models import Activity, ActivityKind, EvidenceFile

CODE = "TTDN-2018"
LIST = f"/ket-qua/phong-trao/{CODE}/hoat-dong/"
REPORT = f"/ket-qua/phong-trao/{CODE}/hoat-dong/bao-cao/"
INDICATORS = f"/ket-qua/phong-trao/{CODE}/hoat-dong/chi-so/"
PROGRESS = f"/ket-qua/phong-trao/{CODE}/tien-do-bao-cao/"


def add(rw, unit=None, *, kind="FL_NEWS", values=None, place=None, title="Tin bài", actor=None):
    return report_activity(
        rw.movement,
        unit=unit or rw.div_a,
        kind=ActivityKind.objects.get(code=kind),
        title=title,
        occurred_on=TODAY,
        place=place,
        values=values if values is not None else {"FL_NEWS.items": 10},
        actor=actor or rw.head_a,
    )


def form_data(rw, **kw):
    data = {
        "action": "save",
        "unit": rw.div_a.code,
        "kind": "BORDER_PROP",
        "title": "Tuyên truyền pháp luật cho người dân xã Tân Thanh",
        "occurred_on": TODAY.isoformat(),
        "place": str(rw.border_place.pk),
        "participants": "Đồn Biên phòng Tân Thanh",
        "description": "Phát 300 tờ rơi song ngữ.",
        "ind_sessions": "1",
        "ind_residents": "120",
        "ind_soldiers": "",
    }
    data.update(kw)
    return data


def denied(permission: str) -> list[AuditEvent]:
    return [
        e
        for e in AuditEvent.objects.filter(action="access.denied")
        if e.after["permission"] == permission
    ]


# -- Reporting -------------------------------------------------------------------------------


def test_the_report_form_offers_kinds_and_communes_grouped_with_border_marked(
    reporting, client_for
):
    response = client_for(reporting.head_a).get(REPORT)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<optgroup label="Huyện Văn Lãng">' in html
    assert "Xã Tân Thanh (biên giới)" in html
    assert ">Phường Chi Lăng<" in html
    assert 'hx-get="/ket-qua/phong-trao/TTDN-2018/hoat-dong/chi-so/"' in html
    assert 'name="evidence"' in html
    assert "multiple" in html
    assert 'enctype="multipart/form-data"' in html
    # Only division A is offered to its head.
    assert f'value="{reporting.div_a.code}"' in html
    assert f'value="{reporting.div_b.code}"' not in html


def test_a_unit_head_reports_an_activity_with_evidence(reporting, client_for):
    data = form_data(reporting, evidence=[upload("Biên bản.pdf", pdf_bytes())])
    response = client_for(reporting.head_a).post(REPORT, data)
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ket-qua/hoat-dong/{activity.pk}/"
    assert (activity.unit, activity.place, activity.person, activity.created_by) == (
        reporting.div_a,
        reporting.border_place,
        None,
        reporting.head_a,
    )
    (item,) = EvidenceFile.objects.filter(activity=activity)
    assert (item.original_name, item.content_type) == ("Biên bản.pdf", "application/pdf")
    totals = indicator_totals(reporting.movement, by="unit")[reporting.div_a.pk]
    assert totals == {"BORDER_PROP.sessions": Decimal(1), "BORDER_PROP.residents": Decimal(120)}


def test_a_refused_file_refuses_the_whole_report(reporting, client_for):
    program = upload("report.pdf", b"MZ\x90\x00" + bytes(100))
    data = form_data(reporting, evidence=[upload("a.pdf", pdf_bytes()), program])
    response = client_for(reporting.head_a).post(REPORT, data)
    assert response.status_code == 422
    assert "Tệp “report.pdf” không phải là PDF: nội dung là tệp thực thi." in (
        response.content.decode()
    )
    assert (Activity.objects.count(), EvidenceFile.objects.count()) == (0, 0)
    assert [p for p in reporting.private.rglob("*") if p.is_file()] == []


def test_a_unit_head_cannot_report_for_another_unit(reporting, client_for):
    data = form_data(reporting, unit=reporting.div_b.code)
    response = client_for(reporting.head_a).post(REPORT, data)
    assert response.status_code == 403
    assert Activity.objects.count() == 0
    (event,) = denied("results.report_activity")
    assert (event.actor, event.object_id, event.after["path"]) == (
        reporting.head_a,
        str(reporting.div_b.pk),
        REPORT,
    )


def test_a_member_of_staff_reports_for_their_unit_as_themselves(reporting, client_for):
    response = client_for(reporting.staff_a).post(
        REPORT, form_data(reporting, person=str(reporting.person_b.pk))
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.unit, activity.person) == (reporting.div_a, reporting.person_a)


def test_invalid_data_is_shown_beside_the_fields(reporting, client_for):
    late = (reporting.movement.period_end + dt.timedelta(days=1)).isoformat()
    data = form_data(reporting, title="", occurred_on=late, ind_residents="-5")
    response = client_for(reporting.head_a).post(REPORT, data)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_title_error"' in html
    assert 'id="id_ind_residents_error"' in html
    assert Activity.objects.count() == 0


def test_the_kind_choice_brings_its_indicator_inputs_with_htmx(reporting, client_for):
    response = client_for(reporting.head_a).get(
        INDICATORS, {"kind": "TRAINING"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("ind_courses", "ind_trainees", "ind_border_trainees"):
        assert f'name="{name}"' in html
    assert "<html" not in html
    assert "Học viên ở khu vực biên giới (người)" in html


def test_without_javascript_choose_re_renders_the_form_with_what_was_typed(reporting, client_for):
    data = form_data(reporting, action="choose_kind", kind="LEAFLET", ind_sessions="")
    response = client_for(reporting.head_a).post(REPORT, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="ind_leaflets"' in html
    assert 'name="ind_people"' in html
    assert 'value="Tuyên truyền pháp luật cho người dân xã Tân Thanh"' in html
    assert "form-row__error" not in html
    assert Activity.objects.count() == 0


# -- The list and its figures ----------------------------------------------------------------


def test_the_list_shows_border_beside_elsewhere(reporting, client_for):
    add(reporting, place=reporting.border_place, values={"FL_NEWS.items": 12})
    add(reporting, place=reporting.other_place, values={"FL_NEWS.items": 5})
    add(reporting, values={"FL_NEWS.items": 3})
    response = client_for(reporting.officer).get(LIST)
    assert response.status_code == 200
    assert response.context["counts"].total == 3
    (figures,) = response.context["figures"]
    (items,) = figures.indicators
    assert (items.border, items.other) == (Decimal(12), Decimal(8))
    html = response.content.decode()
    assert "3 hoạt động: 1 ở khu vực biên giới, 2 nơi khác." in html


def test_the_list_filters_border_areas_and_searches_titles(reporting, client_for):
    add(reporting, place=reporting.border_place, title="Tuyên truyền ở Tân Thanh")
    add(reporting, place=reporting.other_place, title="Họp báo quý III")
    client = client_for(reporting.officer)
    border = client.get(LIST, {"border": "yes"}).context["page"].object_list
    assert [a.title for a in border] == ["Tuyên truyền ở Tân Thanh"]
    elsewhere = client.get(LIST, {"border": "no"}).context["page"].object_list
    assert [a.title for a in elsewhere] == ["Họp báo quý III"]
    found = client.get(LIST, {"q": "họp báo"}).context["page"].object_list
    assert [a.title for a in found] == ["Họp báo quý III"]


def test_a_unit_head_sees_only_the_activities_of_their_unit(reporting, client_for):
    add(reporting, title="Của phòng A")
    add(reporting, reporting.div_b, title="Của phòng B", actor=reporting.head_b)
    page = client_for(reporting.head_b).get(LIST).context["page"]
    assert [a.title for a in page.object_list] == ["Của phòng B"]


def test_withdrawn_activities_leave_the_list_and_the_figures(reporting, client_for):
    kept = add(reporting, values={"FL_NEWS.items": 4})
    gone = add(reporting, values={"FL_NEWS.items": 9}, title="Trùng")
    client = client_for(reporting.head_a)
    response = client.post(f"/ket-qua/hoat-dong/{gone.pk}/rut-lai/", {"reason": "Trùng"})
    assert response.status_code == 302
    page = client.get(LIST)
    assert [a.pk for a in page.context["page"].object_list] == [kept.pk]
    (figures,) = page.context["figures"]
    assert figures.indicators[0].total == Decimal(4)
    shown = client.get(LIST, {"withdrawn": "on"}).context["page"].object_list
    assert {a.pk for a in shown} == {kept.pk, gone.pk}
    assert indicator_totals(reporting.movement, by="unit")[reporting.div_a.pk] == {
        "FL_NEWS.items": Decimal(4)
    }


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


def test_the_list_takes_as_many_queries_for_three_activities_as_for_one(reporting, client_for):
    client = client_for(reporting.officer)
    first = add(reporting, place=reporting.border_place)
    store_evidence(upload("a.pdf", pdf_bytes()), activity=first, actor=None)
    one = _list_queries(client)
    for unit, actor in ((reporting.div_b, reporting.head_b), (reporting.div_a, reporting.head_a)):
        other = add(
            reporting,
            unit,
            kind="BORDER_PROP",
            values={"BORDER_PROP.sessions": 2},
            place=reporting.other_place,
            actor=actor,
        )
        store_evidence(upload("b.pdf", pdf_bytes()), activity=other, actor=None)
    assert Activity.objects.count() == 3
    assert _list_queries(client) == one


# -- One activity, its evidence --------------------------------------------------------------


@pytest.fixture
def with_file(reporting):
    activity = add(reporting, place=reporting.border_place)
    item = store_evidence(
        upload("Biên bản tuyên truyền.pdf", pdf_bytes()), activity=activity, actor=None
    )
    return activity, item


def test_the_detail_lists_the_evidence_with_download_links(reporting, client_for, with_file):
    activity, item = with_file
    response = client_for(reporting.head_a).get(f"/ket-qua/hoat-dong/{activity.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/ket-qua/minh-chung/{item.pk}/tai-ve/"' in html
    assert "Biên bản tuyên truyền.pdf" in html
    assert item.sha256 in html
    assert f'href="/ket-qua/hoat-dong/{activity.pk}/sua/"' in html


def test_the_head_of_another_division_gets_404_recorded(reporting, client_for, with_file):
    activity, _item = with_file
    response = client_for(reporting.head_b).get(f"/ket-qua/hoat-dong/{activity.pk}/")
    assert response.status_code == 404
    (event,) = denied("results.view_activity")
    assert (event.actor, event.object_id) == (reporting.head_b, str(activity.pk))


def test_the_unit_head_downloads_the_file_as_an_attachment(reporting, client_for, with_file):
    _activity, item = with_file
    response = client_for(reporting.head_a).get(f"/ket-qua/minh-chung/{item.pk}/tai-ve/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('Biên bản tuyên truyền.pdf')}" in disposition


def test_the_head_of_another_division_cannot_download(reporting, client_for, with_file):
    _activity, item = with_file
    response = client_for(reporting.head_b).get(f"/ket-qua/minh-chung/{item.pk}/tai-ve/")
    assert response.status_code == 404
    (event,) = denied("results.view_evidence")
    assert (event.actor, event.object_id, event.after["path"]) == (
        reporting.head_b,
        str(item.pk),
        f"/ket-qua/minh-chung/{item.pk}/tai-ve/",
    )


def test_the_officer_running_the_movement_downloads_too(reporting, client_for, with_file):
    _activity, item = with_file
    response = client_for(reporting.officer).get(f"/ket-qua/minh-chung/{item.pk}/tai-ve/")
    assert response.status_code == 200


def test_more_evidence_is_added_from_the_detail_page(reporting, client_for, with_file):
    activity, _item = with_file
    response = client_for(reporting.head_a).post(
        f"/ket-qua/hoat-dong/{activity.pk}/minh-chung/",
        {"evidence": [upload("phu-luc.pdf", pdf_bytes("phu luc"))]},
    )
    assert response.status_code == 302
    assert activity.evidence.count() == 2


# -- Editing and withdrawing -----------------------------------------------------------------


def test_the_unit_head_corrects_an_activity(reporting, client_for):
    activity = add(reporting, kind="BORDER_PROP", values={"BORDER_PROP.sessions": 1})
    response = client_for(reporting.head_a).post(
        f"/ket-qua/hoat-dong/{activity.pk}/sua/",
        form_data(reporting, ind_sessions="2", ind_residents="300"),
    )
    assert response.status_code == 302
    totals = indicator_totals(reporting.movement, by="unit")[reporting.div_a.pk]
    assert totals == {"BORDER_PROP.sessions": Decimal(2), "BORDER_PROP.residents": Decimal(300)}
    assert (
        AuditEvent.objects.for_object(activity).filter(action="results.activity.updated").exists()
    )


def test_the_officer_corrects_the_report_of_an_outside_organisation(reporting, client_for):
    # Báo Lạng Sơn takes part but lies outside the department's tree: its head reports, the
    # department's officer (who runs the movement) corrects the figures.
    head_outside = make_user(Role.UNIT_HEAD, reporting.outside, username="head_baols")
    activity = add(reporting, reporting.outside, values={"FL_NEWS.items": 3}, actor=head_outside)
    data = form_data(reporting, unit="BAOLS", kind="FL_NEWS", ind_items="30", place="")
    response = client_for(reporting.officer).post(f"/ket-qua/hoat-dong/{activity.pk}/sua/", data)
    assert response.status_code == 302
    assert indicator_totals(reporting.movement, by="unit")[reporting.outside.pk] == {
        "FL_NEWS.items": Decimal(30)
    }
    moved = form_data(reporting, unit="CNTT", kind="FL_NEWS", ind_items="30", place="")
    response = client_for(head_outside).post(f"/ket-qua/hoat-dong/{activity.pk}/sua/", moved)
    assert response.status_code == 403


def test_staff_cannot_change_what_their_head_reported(reporting, client_for):
    activity = add(reporting)
    client = client_for(reporting.staff_a)
    assert client.get(f"/ket-qua/hoat-dong/{activity.pk}/").status_code == 200
    response = client.post(f"/ket-qua/hoat-dong/{activity.pk}/rut-lai/", {"reason": ""})
    assert response.status_code == 403
    activity.refresh_from_db()
    assert activity.withdrawn_at is None
    assert len(denied("results.change_activity")) == 1


def test_the_edit_form_shows_the_stored_values(reporting, client_for):
    activity = add(reporting, kind="BORDER_PROP", values={"BORDER_PROP.residents": "120.50"})
    html = client_for(reporting.head_a).get(f"/ket-qua/hoat-dong/{activity.pk}/sua/")
    assert 'name="ind_residents"' in html.content.decode()
    assert 'value="120.5"' in html.content.decode()


# -- Progress per unit -----------------------------------------------------------------------


def test_the_progress_page_shows_counts_and_counted_criteria(reporting, client_for):
    add(reporting, place=reporting.border_place, values={"FL_NEWS.items": 30})
    add(reporting, values={"FL_NEWS.items": 10})
    add(reporting, reporting.div_b, values={"FL_NEWS.items": 5}, actor=reporting.head_b)
    response = client_for(reporting.officer).get(PROGRESS)
    assert response.status_code == 200
    rows = {row["unit"].code: row for row in response.context["rows"]}
    assert set(rows) == {"TTBCXB", "CNTT", "BAOLS"}
    a = rows["TTBCXB"]
    assert (a["figures"].activities, a["figures"].border, a["figures"].last_on) == (2, 1, TODAY)
    (cell,) = a["cells"]  # criterion 2.1: FL_NEWS.items against 50
    assert (cell["value"], cell["target"], cell["percent"]) == (Decimal(40), Decimal(50), 80)
    assert rows["BAOLS"]["figures"].activities == 0
    assert rows["BAOLS"]["cells"][0]["value"] == 0


def test_a_unit_head_sees_the_progress_of_their_unit_only(reporting, client_for):
    response = client_for(reporting.head_b).get(PROGRESS)
    assert [row["unit"].code for row in response.context["rows"]] == ["CNTT"]


def test_staff_are_refused_the_progress_page(reporting, client_for):
    assert client_for(reporting.staff_a).get(PROGRESS).status_code == 403
    assert len(denied("movements.view_unit_progress")) == 1


# -- The movement page links here ------------------------------------------------------------


def test_the_movement_page_links_to_the_activities(reporting, client_for):
    html = client_for(reporting.head_a).get(f"/phong-trao/{CODE}/").content.decode()
    assert f'href="{LIST}"' in html
    assert f'href="{REPORT}"' in html


# -- The catalogue of kinds ------------------------------------------------------------------


def test_the_officer_adds_and_deactivates_a_kind(reporting, client_for):
    client = client_for(reporting.officer)
    assert client.get("/ket-qua/loai-hoat-dong/").status_code == 200
    data = {
        "code": "INITIATIVE",
        "name": "Sáng kiến đổi mới thông tin đối ngoại",
        "description": "",
        "order": "200",
        "is_active": "on",
        "indicators-TOTAL_FORMS": "2",
        "indicators-INITIAL_FORMS": "0",
        "indicators-0-code": "proposals",
        "indicators-0-name": "Đề xuất",
        "indicators-0-measure_unit": "đề xuất",
        "indicators-0-order": "10",
        "indicators-1-code": "",
        "indicators-1-name": "",
    }
    response = client.post("/ket-qua/loai-hoat-dong/them/", data)
    assert response.status_code == 302
    created = ActivityKind.objects.get(code="INITIATIVE")
    assert [i.key for i in created.indicators.all()] == ["INITIATIVE.proposals"]
    client.post("/ket-qua/loai-hoat-dong/FL_NEWS/trang-thai/", {"active": "0"})
    assert ActivityKind.objects.get(code="FL_NEWS").is_active is False
    form = client_for(reporting.head_a).get(REPORT).content.decode()
    assert 'value="FL_NEWS"' not in form
    assert 'value="INITIATIVE"' in form


def test_editing_a_kind_keeps_its_indicator_codes(reporting, client_for):
    client = client_for(reporting.officer)
    page = client.get("/ket-qua/loai-hoat-dong/FL_NEWS/sua/")
    assert page.status_code == 200
    data = {
        "code": "CHANGED",  # ignored: the code never changes
        "name": "Tin, bài tiếng nước ngoài",
        "order": "20",
        "is_active": "on",
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "1",
        "indicators-0-code": "renamed",  # ignored as well
        "indicators-0-name": "Tin, bài đã đăng",
        "indicators-0-measure_unit": "tin, bài",
        "indicators-0-order": "10",
    }
    assert client.post("/ket-qua/loai-hoat-dong/FL_NEWS/sua/", data).status_code == 302
    kind = ActivityKind.objects.get(code="FL_NEWS")
    assert kind.name == "Tin, bài tiếng nước ngoài"
    assert list(kind.indicators.values_list("code", "name")) == [("items", "Tin, bài đã đăng")]
    assert not ActivityKind.objects.filter(code="CHANGED").exists()


def test_a_unit_head_cannot_edit_the_catalogue(reporting, client_for):
    assert client_for(reporting.head_a).get("/ket-qua/loai-hoat-dong/").status_code == 403
    assert len(denied("results.manage_activity_kinds")) == 1
