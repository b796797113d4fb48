from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.awards.conftest import make_award
from thidua.awards import register
from thidua.awards.models import Award, InitiativeUse
from thidua.core.models import AuditEvent


def test_duplicate_active_award_is_refused(two_divisions):
    first = make_award(two_divisions.person_a, "CSTDCS", 2022, actor=two_divisions.officer)
    with pytest.raises(register.DuplicateAward) as info:
        make_award(two_divisions.person_a, "CSTDCS", 2022, decision_number="99/QĐ")
    assert info.value.existing == first
    assert "Một thành tích chỉ khen thưởng một lần" in info.value.message
    assert Award.objects.filter(person=two_divisions.person_a).count() == 1
    event = AuditEvent.objects.get(action="awards.award.recorded")
    assert event.object_id == str(first.pk)
    assert event.actor == two_divisions.officer


def test_same_code_other_year_and_revoked_allow_new(two_divisions):
    a = make_award(two_divisions.person_a, "CSTDCS", 2022)
    make_award(two_divisions.person_a, "CSTDCS", 2023)
    register.revoke_award(a, reason="Hồ sơ sai", actor=two_divisions.officer)
    again = make_award(two_divisions.person_a, "CSTDCS", 2022, decision_number="5/QĐ")
    assert again.status == "ACTIVE"
    assert Award.objects.filter(person=two_divisions.person_a, year=2022).count() == 2


def test_award_code_must_fit_recipient(two_divisions):
    with pytest.raises(ValidationError) as info:
        make_award(two_divisions.div_a, "LDTT", 2022)
    assert info.value.message_dict["award_code"] == [
        "“Lao động tiên tiến” chỉ dành cho cá nhân, không tặng cho tập thể “Văn phòng Sở”."
    ]
    with pytest.raises(ValidationError) as info:
        make_award(two_divisions.person_a, "TTLDXS", 2022)
    assert "chỉ dành cho tập thể" in info.value.message_dict["award_code"][0]


def test_decision_date_before_year_and_bad_year(two_divisions):
    with pytest.raises(ValidationError) as info:
        make_award(two_divisions.person_a, "LDTT", 2018, decision_date=dt.date(2017, 12, 31))
    assert info.value.message_dict["decision_date"] == [
        "Ngày quyết định 31/12/2017 trước năm thành tích 2018: quyết định khen thưởng thành "
        "tích năm 2018 phải ký từ năm 2018 trở đi."
    ]
    make_award(two_divisions.person_a, "LDTT", 2018, decision_date=dt.date(2018, 12, 20))
    with pytest.raises(ValidationError) as info:
        make_award(two_divisions.person_a, "LDTT", 1900, decision_date=dt.date(2000, 1, 1))
    assert set(info.value.message_dict) == {"year"}


def test_revocation_keeps_row_and_lists_dependents_transitively(two_divisions):
    officer = two_divisions.officer
    base = make_award(two_divisions.person_a, "CSTDCS", 2020)
    mid = make_award(two_divisions.person_a, "CSTD_TINH", 2022, based_on=[base])
    top = make_award(two_divisions.person_a, "CSTD_TQ", 2024, based_on=[mid])
    make_award(two_divisions.person_a, "LDTT", 2024)  # unrelated
    dependents = register.revoke_award(base, reason="Khai man thành tích", actor=officer)
    assert [d.pk for d in dependents] == [mid.pk, top.pk]
    base.refresh_from_db()
    assert base.status == "REVOKED"
    assert base.revoked_reason == "Khai man thành tích"
    assert base.revoked_by == officer
    assert base.revoked_at is not None
    event = AuditEvent.objects.get(action="awards.award.revoked")
    assert event.after["dependents"] == [mid.pk, top.pk]


def test_revoke_requires_reason_and_not_twice(two_divisions):
    award = make_award(two_divisions.person_a)
    with pytest.raises(ValidationError) as info:
        register.revoke_award(award, reason="  ", actor=two_divisions.officer)
    assert info.value.message_dict == {"reason": ["Cần ghi lý do thu hồi khen thưởng."]}
    register.revoke_award(award, reason="Sai", actor=two_divisions.officer)
    with pytest.raises(ValidationError) as info:
        register.revoke_award(award, reason="Lần nữa", actor=two_divisions.officer)
    assert list(info.value.message_dict) == ["status"]


def test_upsert_initiative_is_idempotent(two_divisions):
    args = {
        "title": "Số hóa hồ sơ thi đua",
        "authors": [two_divisions.person_a, two_divisions.person_b],
        "unit": two_divisions.agency,
        "recognized_on": dt.date(2023, 5, 2),
        "scope": "SCOPE_CO_SO",
    }
    obj, created, changed = register.upsert_initiative("SK-01", **args)
    assert (created, changed) == (True, True)
    again, created, changed = register.upsert_initiative("SK-01", **args)
    assert (again.pk, created, changed) == (obj.pk, False, False)
    _o, created, changed = register.upsert_initiative(
        "SK-01", **(args | {"authors": [two_divisions.person_a]})
    )
    assert (created, changed) == (False, True)
    assert list(obj.authors.values_list("code", flat=True)) == ["PA"]
    actions = list(
        AuditEvent.objects.filter(action__startswith="awards.initiative")
        .values_list("action", flat=True)
        .order_by("pk")
    )
    assert actions == ["awards.initiative.created", "awards.initiative.updated"]


def test_initiative_validation_in_vietnamese(two_divisions):
    with pytest.raises(ValidationError) as info:
        register.upsert_initiative(
            "SK-02",
            title=" ",
            authors=[],
            unit=two_divisions.agency,
            recognized_on=dt.date(2023, 1, 1),
            scope="SCOPE_XA",
        )
    errors = info.value.message_dict
    assert errors["title"] == ["Tên sáng kiến không được để trống."]
    assert errors["authors"] == ["Sáng kiến phải có ít nhất một tác giả."]
    assert errors["scope"][0].startswith("Phạm vi ảnh hưởng “SCOPE_XA” không hợp lệ")


def test_mark_initiative_used_once_per_title(two_divisions):
    initiative, _c, _ch = register.upsert_initiative(
        "SK-03",
        title="Sáng kiến",
        authors=[two_divisions.person_a],
        unit=two_divisions.div_a,
        recognized_on=dt.date(2023, 1, 1),
        scope="SCOPE_CO_SO",
    )
    award = make_award(two_divisions.person_a, "CSTDCS", 2023)
    use = register.mark_initiative_used(
        initiative, person=two_divisions.person_a, award_code="CSTDCS", year=2023, award=award
    )
    assert InitiativeUse.objects.get() == use
    with pytest.raises(ValidationError) as info:
        register.mark_initiative_used(
            initiative, person=two_divisions.person_a, award_code="CSTDCS", year=2024
        )
    assert "không dùng lại cho cùng danh hiệu" in info.value.message_dict["initiative"][0]
    with pytest.raises(ValidationError) as info:
        register.mark_initiative_used(
            initiative, person=two_divisions.person_b, award_code="CSTDCS", year=2024
        )
    assert list(info.value.message_dict) == ["person"]
