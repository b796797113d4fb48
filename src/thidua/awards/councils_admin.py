"""Council administration beyond ``thidua.awards.councils``: ending a membership (never a
deletion: ``valid_to`` is set, so past sessions keep their members) and the cap a ranking
starts from (the QuotaCounter limits of the session's movement)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from thidua.awards.models import Ballot, CouncilMember, CouncilSession, QuotaCounter
from thidua.core.audit import record_event


def end_membership(member: CouncilMember, *, valid_to: dt.date, actor: Any) -> CouncilMember:
    """End ``member``'s term on ``valid_to`` (the last day). The row stays: attendance and
    receipts of past sessions refer to it."""
    if valid_to is None:
        raise ValidationError({"valid_to": _("Nhập ngày kết thúc nhiệm kỳ.")})
    with transaction.atomic():
        member = CouncilMember.objects.select_for_update().get(pk=member.pk)
        if member.valid_from and valid_to < member.valid_from:
            raise ValidationError(
                {
                    "valid_to": _(
                        "Ngày kết thúc (%(end)s) trước ngày bắt đầu nhiệm kỳ (%(start)s) của "
                        "%(who)s."
                    )
                    % {
                        "end": valid_to.strftime("%d/%m/%Y"),
                        "start": member.valid_from.strftime("%d/%m/%Y"),
                        "who": member,
                    }
                }
            )
        before = {"valid_to": member.valid_to.isoformat() if member.valid_to else None}
        member.valid_to = valid_to
        member.save(update_fields=["valid_to"])
        record_event(
            "awards.council_member_end",
            member,
            actor=actor,
            before=before,
            after={"valid_to": valid_to.isoformat(), "council": member.council_id},
        )
    return member


def session_award_codes(session: CouncilSession) -> list[str]:
    """The titles voted on in ``session``, in code order."""
    return sorted(
        set(Ballot.objects.filter(session=session).values_list("nomination__award_code", flat=True))
    )


def default_cap(session: CouncilSession, award_code: str) -> int | None:
    """The sum of the caps (QuotaCounter limits) of ``award_code`` in the session's movement
    for the years voted on; None when no cap applies (the user then enters a number)."""
    years = set(
        Ballot.objects.filter(session=session, nomination__award_code=award_code).values_list(
            "nomination__year", flat=True
        )
    )
    if not years:
        return None
    total = QuotaCounter.objects.filter(
        movement_id=session.movement_id,
        award_code=award_code,
        year__in=years,
        limit__isnull=False,
    ).aggregate(total=Sum("limit"))["total"]
    return int(total) if total is not None else None
