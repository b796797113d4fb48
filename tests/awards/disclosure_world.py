"""A movement world with submitted nominations ready to be disclosed, an officer of the
agency (who runs the movement) and an officer of division B only, and helpers for the public
comment form (a signed token of a chosen age)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from django.core import signing

from tests.factories import make_person, make_user
from tests.movements.conftest import MovementWorld
from thidua.awards import disclosure as services
from thidua.awards.models import Disclosure, Nomination
from thidua.core import holidays_vn
from thidua.core.models import PublicHoliday
from thidua.movements import services as movement_services
from thidua.org.enums import Role
from thidua.org.models import User

YEAR = 2025


@dataclass
class DisclosureWorld:
    w: MovementWorld
    officer_b: User
    n_a: Nomination  # CSTĐCS for person A (division A)
    n_a2: Nomination  # LĐTT for another person of division A
    n_b: Nomination  # LĐTT for person B (division B)


def nominate(w: MovementWorld, person: Any, code: str, state: str = "SUBMITTED") -> Nomination:
    return Nomination.objects.create(
        movement=w.movement,
        award_code=code,
        year=YEAR,
        proposing_unit=person.unit,
        person=person,
        state=state,
        achievement=f"Hoàn thành xuất sắc nhiệm vụ năm {YEAR}.",
    )


def build(w: MovementWorld) -> DisclosureWorld:
    if not PublicHoliday.objects.exists():
        PublicHoliday.objects.bulk_create(
            [PublicHoliday(date=d, name=n) for d, n in holidays_vn.all_statutory_holidays()]
        )
    movement_services.set_foreseen_awards(w.movement, ["LDTT", "CSTDCS", "CSTD_TQ"])
    officer_b = make_user(Role.OFFICER, w.div_b, username="officer_b")
    other = make_person("PA3", unit=w.div_a, full_name="Hoàng Văn Nam")
    return DisclosureWorld(
        w,
        officer_b,
        nominate(w, w.person_a, "CSTDCS"),
        nominate(w, other, "LDTT", "COUNCIL_PASSED"),
        nominate(w, w.person_b, "LDTT"),
    )


def open_disclosure(dw: DisclosureWorld, *nominations: Nomination) -> Disclosure:
    disclosure = services.create_disclosure(
        unit=dw.w.agency,
        movement=dw.w.movement,
        nominations=list(nominations) or [dw.n_a, dw.n_a2],
        actor=dw.w.officer,
    )
    return services.set_disclosure_state(disclosure, "OPEN", actor=dw.w.officer)


def token(disclosure: Disclosure, age: float = 10) -> str:
    signer = signing.TimestampSigner(salt=services.FORM_SIGNING_NAMESPACE)
    return signer.sign_object({"d": disclosure.code, "t": int(time.time() - age)})


def comment_data(disclosure: Disclosure, **kw: Any) -> dict[str, Any]:
    data = {
        "name": "Trần Văn Bình",
        "contact": "0912 345 678",
        "text": "Đề nghị xem xét lại thành tích của cá nhân này.",
        "kind": "COMMENT",
        "honeypot": "",
        "token": token(disclosure),
        "client_ip": "203.0.113.7",
    }
    data.update(kw)
    return data
