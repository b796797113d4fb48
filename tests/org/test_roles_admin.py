"""Role assignments and logins: only administrators of a subtree (or superusers) manage them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_person, make_unit, make_user
from thidua.core.models import AuditEvent
from thidua.org.enums import Role
from thidua.org.models import Person, RoleAssignment, User
from thidua.org.rules_admin import manageable_role_assignments
from thidua.org.services import link_user

PASSWORD = "Hoa-sen-Lang-Son-2024"


@pytest.fixture
def admin_a(two_divisions) -> User:
    """An administrator of division A only."""
    return make_user(Role.ADMIN, two_divisions.div_a, username="admin_a")


def _denied(user: User) -> list[str]:
    return [
        e.after["permission"]
        for e in AuditEvent.objects.filter(action="access.denied", actor=user).order_by("pk")
    ]


def test_roles_page_only_admins_reach_it(two_divisions, client_for, admin_a):
    t = two_divisions
    superuser = make_user(username="root", is_superuser=True)
    assert client_for(admin_a).get("/to-chuc/phan-quyen/").status_code == 200
    assert client_for(superuser).get("/to-chuc/phan-quyen/").status_code == 200
    assert client_for(t.officer).get("/to-chuc/phan-quyen/").status_code == 403
    assert client_for(t.head_a).get("/to-chuc/phan-quyen/").status_code == 403
    assert _denied(t.officer) == ["org.manage_roles"]
    assert _denied(t.head_a) == ["org.manage_roles"]


def test_role_list_shows_only_assignments_in_admin_scope(two_divisions, client_for, admin_a):
    body = client_for(admin_a).get("/to-chuc/phan-quyen/").content.decode()
    assert "head_a" in body
    assert "admin_a" in body
    assert "head_b" not in body
    assert ">officer<" not in body
    visible = set(manageable_role_assignments(admin_a).values_list("user__username", flat=True))
    assert visible == {"head_a", "admin_a"}


def test_role_list_filters_by_role_and_htmx_returns_results_only(
    two_divisions, client_for, admin_a
):
    response = client_for(admin_a).get(
        "/to-chuc/phan-quyen/", {"role": "UNIT_HEAD"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "head_a" in body
    assert "admin_a" not in body


def test_assign_role_creates_assignment_and_event(two_divisions, client_for, admin_a):
    t = two_divisions
    make_user(username="nv_moi")
    response = client_for(admin_a).post(
        "/to-chuc/phan-quyen/them/",
        {
            "username": "nv_moi",
            "role": "OFFICER",
            "unit": t.div_a.pk,
            "valid_from": "2024-01-01",
            "valid_to": "",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/to-chuc/phan-quyen/?q=nv_moi"
    assert list(
        RoleAssignment.objects.filter(user__username="nv_moi").values_list(
            "role", "unit__code", "valid_from", "valid_to"
        )
    ) == [("OFFICER", "VP", dt.date(2024, 1, 1), None)]
    event = AuditEvent.objects.get(action="org.role.assigned", actor=admin_a)
    assert (event.actor, event.after["role"], event.after["unit"]) == (admin_a, "OFFICER", "VP")


def test_assign_role_on_unit_outside_scope_is_refused(two_divisions, client_for, admin_a):
    t = two_divisions
    make_user(username="nv_moi")
    response = client_for(admin_a).post(
        "/to-chuc/phan-quyen/them/",
        {"username": "nv_moi", "role": "ADMIN", "unit": t.div_b.pk, "valid_from": "2024-01-01"},
    )
    assert response.status_code == 200
    assert 'id="id_unit_error"' in response.content.decode()
    assert not RoleAssignment.objects.filter(user__username="nv_moi").exists()


def test_assign_role_unknown_user_and_bad_dates_are_shown(two_divisions, client_for, admin_a):
    t = two_divisions
    response = client_for(admin_a).post(
        "/to-chuc/phan-quyen/them/",
        {
            "username": "khong_co",
            "role": "STAFF",
            "unit": t.div_a.pk,
            "valid_from": "2024-06-01",
            "valid_to": "2024-01-01",
        },
    )
    body = response.content.decode()
    assert "Không có tài khoản đang hoạt động nào tên “khong_co”." in body
    assert "Ngày kết thúc phải sau ngày bắt đầu." in body
    assert RoleAssignment.objects.filter(role="STAFF").count() == 0


def test_end_role_sets_end_date_and_records_event(two_divisions, client_for, admin_a):
    t = two_divisions
    assignment = t.head_a.role_assignments.get()
    response = client_for(admin_a).post(
        f"/to-chuc/phan-quyen/{assignment.pk}/ket-thuc/", {"on": "2024-12-31"}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.valid_to == dt.date(2024, 12, 31)
    event = AuditEvent.objects.get(action="org.role.ended")
    assert (event.actor, event.object_id, event.after) == (
        admin_a,
        str(t.head_a.pk),
        {"valid_to": "2024-12-31"},
    )


def test_end_role_before_start_is_refused(two_divisions, client_for, admin_a):
    t = two_divisions
    assignment = t.head_a.role_assignments.get()
    response = client_for(admin_a).post(
        f"/to-chuc/phan-quyen/{assignment.pk}/ket-thuc/", {"on": "1999-01-01"}
    )
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu (01/01/2000)." in response.content.decode()
    assignment.refresh_from_db()
    assert assignment.valid_to is None


def test_end_role_outside_scope_is_404_and_recorded(two_divisions, client_for, admin_a):
    t = two_divisions
    assignment = t.head_b.role_assignments.get()
    response = client_for(admin_a).post(
        f"/to-chuc/phan-quyen/{assignment.pk}/ket-thuc/", {"on": "2024-12-31"}
    )
    assert response.status_code == 404
    assignment.refresh_from_db()
    assert assignment.valid_to is None
    denied = AuditEvent.objects.get(action="access.denied", actor=admin_a)
    assert (denied.object_id, denied.after["permission"]) == (
        str(assignment.pk),
        "org.manage_roles",
    )


def test_create_login_validates_password_then_links_user(two_divisions, client_for, admin_a):
    client = client_for(admin_a)
    response = client.post(
        "/to-chuc/can-bo/PA/tai-khoan/",
        {"username": "duc.nv", "password1": "12345678", "password2": "12345678"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_password2_error"' in body
    assert "Mật khẩu này quá phổ biến." in body
    assert not User.objects.filter(username="duc.nv").exists()

    response = client.post(
        "/to-chuc/can-bo/PA/tai-khoan/",
        {"username": "duc.nv", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/to-chuc/phan-quyen/them/?username=duc.nv&unit=VP&role=STAFF"
    account = User.objects.get(username="duc.nv")
    assert account.check_password(PASSWORD)
    assert Person.objects.get(code="PA").user_id == account.pk
    event = AuditEvent.objects.get(action="org.person.user_linked")
    assert (event.actor, event.after) == (admin_a, {"user": account.pk})
    created = AuditEvent.objects.get(action="org.user.created")
    assert (created.actor, created.after) == (admin_a, {"username": "duc.nv", "person": "PA"})
    assert (account.first_name, account.last_name) == ("Nguyễn Văn", "Đức")
    form_page = client.get(response["Location"]).content.decode()
    assert 'value="duc.nv"' in form_page


def test_create_login_taken_username_is_refused(two_divisions, client_for, admin_a):
    response = client_for(admin_a).post(
        "/to-chuc/can-bo/PA/tai-khoan/",
        {"username": "HEAD_B", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert 'id="id_username_error"' in response.content.decode()
    assert Person.objects.get(code="PA").user_id is None


def test_create_login_for_person_outside_admin_scope_is_404(two_divisions, client_for, admin_a):
    t = two_divisions
    response = client_for(admin_a).get("/to-chuc/can-bo/PB/tai-khoan/")
    assert response.status_code == 404
    assert _denied(admin_a) == ["org.manage_roles"]
    assert not t.person_b.user


def test_can_manage_roles_agrees_with_manageable_assignments(two_divisions, admin_a):
    t = two_divisions
    sub = make_unit("VP-TH", parent=t.div_a)
    make_user(Role.STAFF, sub, username="staff_sub")
    for assignment in RoleAssignment.objects.select_related("unit"):
        allowed = admin_a.has_perm("org.manage_roles", assignment)
        listed = manageable_role_assignments(admin_a).filter(pk=assignment.pk).exists()
        assert allowed == listed, assignment
    assert admin_a.has_perm("org.manage_roles", sub)
    assert not admin_a.has_perm("org.manage_roles", t.agency)
    assert not t.officer.has_perm("org.manage_roles", None)


def _count_queries(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_role_list_query_count_is_the_same_for_1_and_3_rows(two_divisions, client_for):
    t = two_divisions
    admin = make_user(Role.ADMIN, t.div_b, username="admin_b")  # rows: head_b, admin_b
    client = client_for(admin)
    client.get("/to-chuc/phan-quyen/")  # warm the session and the content-type cache
    few, body = _count_queries(client, "/to-chuc/phan-quyen/?role=UNIT_HEAD")
    assert body.count("/ket-thuc/") == 1
    for i in range(2):
        user = make_user(Role.UNIT_HEAD, t.div_b, username=f"pho_{i}")
        link_user(make_person(f"PS{i}", unit=t.div_b), user)
    many, body = _count_queries(client, "/to-chuc/phan-quyen/?role=UNIT_HEAD")
    assert body.count("/ket-thuc/") == 3
    assert many == few
