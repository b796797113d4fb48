"""Caps enforced at submission: CSTĐCS at most 15% of the unit's LĐTT (Nghị định 91/2017,
Điều 9.3), the counter locked in the submitting transaction, a slot freed on withdrawal."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connections

from tests.awards.nomination_world import YEAR, add_ldtt_people, nominate, prepare
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import nominations
from thidua.awards.models import QuotaCounter
from thidua.awards.regimes import set_rule_override

CAP_FULL = (
    "Đã đủ hạn mức “Chiến sĩ thi đua cơ sở” năm 2022 của Phòng Thông tin - Báo chí - Xuất bản: "
    "1/1 đề nghị (không quá 15% số Lao động tiên tiến của đơn vị)."
)


@pytest.fixture
def nw(world):  # noqa: F811
    return prepare(world)


def _counter(nw) -> QuotaCounter:
    return QuotaCounter.objects.get(movement=nw.movement, unit=nw.div_a, award_code="CSTDCS")


def test_limit_is_floor_of_15_percent_of_ldtt(nw):
    people = add_ldtt_people(nw.div_a, 7)
    nomination = nominate(nw, people[0], cite=False)
    assert nominations.ldtt_count(nw.div_a, YEAR) == 7
    assert nominations.cap_limit(nomination) == 1
    add_ldtt_people(nw.div_a, 7)
    assert nominations.cap_limit(nomination) == 2  # floor(0.15 × 14) = floor(2.1)


def test_second_submission_refused_then_withdraw_frees_the_slot(nw):
    people = add_ldtt_people(nw.div_a, 7)
    first = nominate(nw, people[0])
    second = nominate(nw, people[1])
    nominations.set_nomination_state(first, "SUBMITTED", actor=nw.head_a)
    assert (_counter(nw).used, _counter(nw).limit) == (1, 1)

    with pytest.raises(ValidationError) as exc:
        nominations.set_nomination_state(second, "SUBMITTED", actor=nw.head_a)
    assert exc.value.message_dict == {"state": [CAP_FULL]}
    second.refresh_from_db()
    assert second.state == "DRAFT"
    assert _counter(nw).used == 1

    nominations.set_nomination_state(first, "WITHDRAWN", actor=nw.head_a)
    assert _counter(nw).used == 0
    nominations.set_nomination_state(second, "SUBMITTED", actor=nw.head_a)
    assert _counter(nw).used == 1
    second.refresh_from_db()
    assert second.state == "SUBMITTED"


def test_submitted_ldtt_nominations_count_toward_the_base(nw):
    # 6 LĐTT in the register and one submitted (eligible) LĐTT nomination: 7, so the cap is 1.
    people = add_ldtt_people(nw.div_a, 6)
    candidate = nw.person_a  # rated HTXSNV, LĐTT only through the nomination
    from thidua.org import services as org_services

    org_services.set_person_rating(candidate, YEAR, "HTXSNV")
    ldtt = nominate(nw, candidate, "LDTT")
    assert nominations.ldtt_count(nw.div_a, YEAR) == 6
    nominations.set_nomination_state(ldtt, "SUBMITTED", actor=nw.head_a)
    assert nominations.ldtt_count(nw.div_a, YEAR) == 7
    nomination = nominate(nw, people[0])
    assert nominations.cap_limit(nomination) == 1


def test_local_override_of_the_cap(nw):
    people = add_ldtt_people(nw.div_a, 7)
    set_rule_override("ND91_2017", "CSTDCS", "CSTDCS_CAP", "max_share_of_ldtt", 0.3)
    first, second, third = (nominate(nw, p) for p in people[:3])
    nominations.set_nomination_state(first, "SUBMITTED", actor=nw.head_a)
    nominations.set_nomination_state(second, "SUBMITTED", actor=nw.head_a)
    with pytest.raises(ValidationError):
        nominations.set_nomination_state(third, "SUBMITTED", actor=nw.head_a)
    assert (_counter(nw).used, _counter(nw).limit) == (2, 2)


def test_no_cap_under_a_regime_without_one(nw):
    # Achievements of 2024 (ND98_2023): no national cap on CSTĐCS.
    people = add_ldtt_people(nw.div_a, 1)
    nomination = nominate(nw, people[0], year=2024, cite=False)
    assert nominations.cap_limit(nomination) is None


@pytest.mark.postgres
def test_concurrent_submissions_never_exceed_the_cap(transactional_db, world):  # noqa: F811
    nw = prepare(world)
    people = add_ldtt_people(nw.div_a, 14)  # floor(0.15 × 14) = 2
    pending = [nominate(nw, p) for p in people[:6]]
    barrier = threading.Barrier(len(pending))
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit(nomination) -> None:
        result = "error"
        try:
            barrier.wait()
            nominations.set_nomination_state(nomination, "SUBMITTED", actor=nw.head_a)
            result = "ok"
        except ValidationError:
            result = "refused"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit, args=(n,)) for n in pending]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "ok", "refused", "refused", "refused", "refused"]
    assert _counter(nw).used == 2
    assert nw.movement.nominations.filter(state="SUBMITTED").count() == 2
