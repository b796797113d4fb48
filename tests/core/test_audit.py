import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType

from tests.factories import make_person, make_user
from thidua.core.audit import record_event, snapshot
from thidua.core.models import AuditEvent
from thidua.org import services
from thidua.org.enums import Role
from thidua.org.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(two_divisions):
    return two_divisions.person_a


def test_record_event_writes_actor_action_object_before_after(two_divisions, person):
    event = record_event(
        "test.changed",
        person,
        actor=two_divisions.officer,
        before={"position": "", "joined_on": dt.date(2015, 1, 1)},
        after={"position": "Chuyên viên", "joined_on": dt.date(2016, 3, 1)},
        note="sửa theo quyết định 12/QĐ",
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.action == "test.changed"
    assert stored.actor == two_divisions.officer
    assert stored.content_type == ContentType.objects.get_for_model(Person)
    assert stored.object_id == str(person.pk)
    assert stored.object_repr == "Nguyễn Văn Đức (PA)"
    assert stored.before == {"position": "", "joined_on": "2015-01-01"}
    assert stored.after == {"position": "Chuyên viên", "joined_on": "2016-03-01"}
    assert stored.note == "sửa theo quyết định 12/QĐ"
    assert stored.changed_fields() == [
        ("joined_on", "2015-01-01", "2016-03-01"),
        ("position", "", "Chuyên viên"),
    ]


def test_record_event_anonymous_actor_is_stored_as_none(person):
    event = record_event("test.seen", person, actor=AnonymousUser())
    assert AuditEvent.objects.get(pk=event.pk).actor is None


def test_snapshot_gives_foreign_keys_by_id_and_dates_as_iso(person):
    assert snapshot(person, ["unit", "joined_on", "full_name"]) == {
        "unit": person.unit_id,
        "joined_on": "2015-01-01",
        "full_name": "Nguyễn Văn Đức",
    }


def test_audit_event_save_of_existing_row_raises_and_keeps_row(person):
    event = record_event("test.changed", person, after={"x": 1})
    event.action = "tampered"
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "test.changed"


def test_audit_event_delete_raises(person):
    event = record_event("test.changed", person)
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_audit_queryset_update_and_delete_raise(person):
    event = record_event("test.changed", person)
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.all().delete()
    assert list(AuditEvent.objects.filter(pk=event.pk).values_list("action", flat=True)) == [
        "test.changed"
    ]


def _history_url(person: Person) -> str:
    return f"/lich-su/org/person/{person.pk}/"


def test_history_page_officer_sees_events_of_person(two_divisions, person, client_for):
    services.upsert_person(
        "PA",
        full_name="Nguyễn Văn Đức",
        gender="M",
        staff_type="CONG_CHUC",
        unit=two_divisions.div_a,
        position="Chuyên viên chính",
        joined_on=dt.date(2015, 1, 1),
        actor=two_divisions.officer,
    )
    response = client_for(two_divisions.officer).get(_history_url(person))
    assert response.status_code == 200
    body = response.content.decode()
    assert [e.action for e in response.context["page"].object_list] == [
        "org.person.updated",
        "org.person.created",
    ]
    assert "<code>org.person.updated</code>" in body
    assert "<del></del> → <ins>Chuyên viên chính</ins>" in body
    assert "<td>officer</td>" in body


def test_history_page_staff_of_same_unit_is_403_and_recorded(two_divisions, person, client_for):
    staff = make_user(Role.STAFF, two_divisions.div_a, username="staff_a")
    response = client_for(staff).get(_history_url(person))
    assert response.status_code == 403
    denied = AuditEvent.objects.filter(action="access.denied")
    assert [(e.actor.username, e.object_id, e.after) for e in denied] == [
        (
            "staff_a",
            str(person.pk),
            {"permission": "core.view_history", "path": _history_url(person)},
        )
    ]


def test_history_page_officer_of_other_subtree_is_403(two_divisions, client_for):
    outsider_unit = make_person("PX", unit=two_divisions.div_b).unit
    officer_b = make_user(Role.OFFICER, outsider_unit, username="officer_b")
    response = client_for(officer_b).get(_history_url(two_divisions.person_a))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="access.denied", actor=officer_b).count() == 1
