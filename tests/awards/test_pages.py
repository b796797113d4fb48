from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.awards.conftest import make_award
from thidua.awards import register
from thidua.awards.models import Award, Initiative


def test_register_list_scoped_and_filtered(two_divisions, client_for):
    mine = make_award(two_divisions.person_a, "LDTT", 2023)
    make_award(two_divisions.person_b, "LDTT", 2023)
    page = client_for(two_divisions.head_a).get(reverse("awards:list"))
    assert page.status_code == 200
    assert [a.pk for a in page.context["page"].object_list] == [mine.pk]
    hidden = Award.objects.get(person=two_divisions.person_b)
    assert (
        client_for(two_divisions.head_a).get(reverse("awards:detail", args=[hidden.pk])).status_code
        == 404
    )
    officer = client_for(two_divisions.officer)
    found = officer.get(reverse("awards:list"), {"q": "hoang thi lan"})
    assert [a.person.code for a in found.context["page"].object_list] == ["PB"]
    by_unit = officer.get(reverse("awards:list"), {"unit": "VP"})
    assert [a.pk for a in by_unit.context["page"].object_list] == [mine.pk]


def test_nav_item_and_revoked_badge(two_divisions, client_for):
    award = make_award(two_divisions.person_a, "LDTT", 2023)
    register.revoke_award(award, reason="Sai", actor=two_divisions.officer)
    html = client_for(two_divisions.officer).get(reverse("awards:list")).content.decode()
    assert "Khen thưởng</a>" in html
    assert '<span class="badge badge--danger">Đã thu hồi</span>' in html


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("awards:list")).status_code == 200
    return len(ctx.captured_queries)


def test_register_list_query_count_is_flat(two_divisions, client_for):
    client = client_for(two_divisions.officer)
    make_award(two_divisions.person_a, "LDTT", 2021)
    one = _list_queries(client)
    make_award(two_divisions.person_b, "LDTT", 2022)
    make_award(two_divisions.div_a, "TTLDTT", 2022)
    three = _list_queries(client)
    assert one == three


def test_revoke_form_requires_reason_then_lists_dependents(two_divisions, client_for):
    base = make_award(two_divisions.person_a, "CSTDCS", 2021)
    dependent = make_award(two_divisions.person_a, "CSTD_TINH", 2023, based_on=[base])
    client = client_for(two_divisions.officer)
    url = reverse("awards:revoke", args=[base.pk])
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 422
    assert refused.context["revoke_form"].errors["reason"] == ["Cần ghi lý do thu hồi khen thưởng."]
    done = client.post(url, {"reason": "Hồ sơ sai"}, follow=True)
    assert done.status_code == 200
    base.refresh_from_db()
    assert base.status == "REVOKED"
    assert [d.pk for d in done.context["dependents"]] == [dependent.pk]
    assert "Khen thưởng cần xét lại" in done.content.decode()


def test_unit_head_cannot_revoke_or_record(two_divisions, client_for):
    award = make_award(two_divisions.person_a, "LDTT", 2023)
    client = client_for(two_divisions.head_a)
    assert (
        client.post(reverse("awards:revoke", args=[award.pk]), {"reason": "x"}).status_code == 403
    )
    assert client.get(reverse("awards:create")).status_code == 403
    award.refresh_from_db()
    assert award.status == "ACTIVE"


def test_record_form_duplicate_message(two_divisions, client_for):
    make_award(two_divisions.person_a, "LDTT", 2022)
    data = {
        "recipient_type": "person",
        "recipient_code": "PA",
        "award_code": "LDTT",
        "year": "2022",
        "kind": "MERIT",
        "decision_number": "7/QĐ",
        "decision_date": "2023-01-10",
    }
    client = client_for(two_divisions.officer)
    page = client.post(reverse("awards:create"), data)
    assert page.status_code == 200
    assert "Một thành tích chỉ khen thưởng một lần" in page.context["form"].non_field_errors()[0]
    created = client.post(
        reverse("awards:create"), data | {"year": "2023", "decision_date": "2024-01-10"}
    )
    assert created.status_code == 302
    assert Award.objects.filter(person=two_divisions.person_a).count() == 2


def test_initiative_form_and_list(two_divisions, client_for):
    client = client_for(two_divisions.officer)
    data = {
        "code": "SK-1",
        "title": "Cải tiến quy trình",
        "author_codes": "PA, PB",
        "unit": "VP",
        "recognized_on": "2023-04-01",
        "scope": "SCOPE_CO_SO",
    }
    assert client.post(reverse("awards:initiative_create"), data).status_code == 302
    initiative = Initiative.objects.get()
    assert sorted(initiative.authors.values_list("code", flat=True)) == ["PA", "PB"]
    listed = client_for(two_divisions.head_b).get(reverse("awards:initiative_list"))
    assert list(listed.context["page"].object_list) == []
    own = client_for(two_divisions.head_a).get(reverse("awards:initiative_list"))
    assert [i.code for i in own.context["page"].object_list] == ["SK-1"]
