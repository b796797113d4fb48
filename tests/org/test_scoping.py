from thidua.org.queries import visible_discipline, visible_people, visible_units
from thidua.org.services import record_discipline


def test_visible_people_head_of_division_sees_only_own_division(two_divisions):
    t = two_divisions
    assert list(visible_people(t.head_a).values_list("code", flat=True)) == ["PA"]
    assert list(visible_people(t.head_b).values_list("code", flat=True)) == ["PB"]


def test_visible_people_officer_of_agency_sees_whole_subtree(two_divisions):
    codes = set(visible_people(two_divisions.officer).values_list("code", flat=True))
    assert codes == {"PA", "PB"}


def test_visible_units_head_sees_own_subtree_only(two_divisions):
    assert list(visible_units(two_divisions.head_a).values_list("code", flat=True)) == ["VP"]


def test_person_list_page_head_of_division_sees_none_of_other_division(two_divisions, client_for):
    body = client_for(two_divisions.head_a).get("/to-chuc/can-bo/").content.decode()
    assert "Nguyễn Văn Đức" in body
    assert "Hoàng Thị Lan" not in body


def test_person_detail_other_division_is_404_and_recorded(two_divisions, client_for):
    from thidua.core.models import AuditEvent

    response = client_for(two_divisions.head_a).get("/to-chuc/can-bo/PB/")
    assert response.status_code == 404
    denied = AuditEvent.objects.filter(action="access.denied")
    assert [(e.actor.username, e.object_id) for e in denied] == [
        ("head_a", str(two_divisions.person_b.pk))
    ]


def test_visible_discipline_head_does_not_see_other_division(two_divisions):
    t = two_divisions
    record_discipline(t.person_b, status="UNDER_REVIEW")
    assert visible_discipline(t.head_a).count() == 0
    assert visible_discipline(t.head_b).count() == 1


def test_unit_detail_does_not_link_to_a_parent_outside_scope(two_divisions, client_for):
    body = client_for(two_divisions.head_a).get("/to-chuc/don-vi/VP/").content.decode()
    assert "Sở Thông tin và Truyền thông" in body
    assert 'href="/to-chuc/don-vi/STTTT/"' not in body
    officer_body = client_for(two_divisions.officer).get("/to-chuc/don-vi/VP/").content.decode()
    assert 'href="/to-chuc/don-vi/STTTT/"' in officer_body


def test_navigation_hides_the_unit_list_from_staff(two_divisions, client_for):
    from tests.factories import make_user
    from thidua.org.enums import Role
    from thidua.org.services import link_user

    staff = make_user(Role.STAFF, two_divisions.div_a, username="staff_a")
    link_user(two_divisions.person_a, staff)
    body = client_for(staff).get("/").content.decode()
    assert 'href="/to-chuc/don-vi/"' not in body
    assert client_for(staff).get("/to-chuc/don-vi/").status_code == 403
    head_body = client_for(two_divisions.head_a).get("/").content.decode()
    assert 'href="/to-chuc/don-vi/"' in head_body
