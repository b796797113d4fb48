"""Managing the public-holiday calendar that working-day periods are counted with
(``thidua.core.workdays``): adding a compensatory day off or a local holiday, and removing one.

Statutory holidays (Bộ luật Lao động 2019 Điều 112) come from the seed and are never added or
removed here. A compensatory day on a Saturday or Sunday is refused: it would change nothing.

Removal is a real delete, not an "inactive" flag, because ``PublicHoliday`` has no such flag
and ``core.workdays`` counts every row: a day wrongly entered must stop counting. It is safe
because it is refused whenever a published disclosure (OPEN or CLOSED) had the day within its
period: that period's end was computed with it, and the decision relying on the disclosure
must stay explainable. The audit event keeps the removed day's date, name and kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.awards.models import Disclosure, DisclosureState
from thidua.core.audit import record_event, snapshot
from thidua.core.models import PublicHoliday
from thidua.core.workdays import SATURDAY, add_holiday

ADDABLE_KINDS = (PublicHoliday.Kind.COMPENSATORY, PublicHoliday.Kind.LOCAL)
PUBLISHED = (DisclosureState.OPEN, DisclosureState.CLOSED)


def add_day_off(*, day: dt.date, name: str, kind: str, actor: Any) -> PublicHoliday:
    """A compensatory day off (not on a weekend) or a local holiday; duplicates refused."""
    if kind not in ADDABLE_KINDS:
        raise ValidationError(
            {
                "kind": _(
                    "Loại ngày nghỉ: chỉ thêm ngày nghỉ bù hoặc ngày nghỉ của địa phương; "
                    "ngày lễ, tết theo Bộ luật Lao động đã có sẵn."
                )
            }
        )
    if kind == PublicHoliday.Kind.COMPENSATORY and day.weekday() >= SATURDAY:
        raise ValidationError(
            {
                "day": _(
                    "Ngày %(day)s là thứ Bảy hoặc Chủ nhật, vốn đã là ngày nghỉ: ngày nghỉ bù "
                    "phải là một ngày làm việc."
                )
                % {"day": day.strftime("%d/%m/%Y")}
            }
        )
    return add_holiday(day=day, name=name, kind=kind, actor=actor)


def dependent_disclosures(holiday: PublicHoliday) -> list[Disclosure]:
    """Published disclosures whose period (opens_on..closes_on) contains the day."""
    return list(
        Disclosure.objects.filter(
            state__in=PUBLISHED, opens_on__lte=holiday.date, closes_on__gte=holiday.date
        ).order_by("code")
    )


def remove_day_off(holiday: PublicHoliday, *, actor: Any) -> None:
    """Remove a compensatory or local day off that no published disclosure counted with."""
    if holiday.kind == PublicHoliday.Kind.STATUTORY:
        raise ValidationError(
            _("Không thể bỏ ngày lễ, tết theo Bộ luật Lao động (%(holiday)s).")
            % {"holiday": str(holiday)}
        )
    with transaction.atomic():
        locked = PublicHoliday.objects.select_for_update().get(pk=holiday.pk)
        used = dependent_disclosures(locked)
        if used:
            raise ValidationError(
                _(
                    "Không thể bỏ ngày nghỉ %(day)s: thời hạn của đợt công khai %(codes)s đã "
                    "được tính với ngày nghỉ này."
                )
                % {
                    "day": locked.date.strftime("%d/%m/%Y"),
                    "codes": ", ".join(d.code for d in used),
                }
            )
        record_event(
            "core.holiday.remove",
            locked,
            actor=actor,
            before=snapshot(locked, ("date", "name", "kind")),
        )
        locked.delete()
