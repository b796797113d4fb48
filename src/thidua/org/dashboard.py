"""What the organisation asks an officer to look at on the home page."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.dashboard import AttentionItem
from thidua.org.enums import DisciplineStatus
from thidua.org.queries import is_org_editor, visible_discipline, visible_people


def attention_items(user: Any) -> list[AttentionItem]:
    if not is_org_editor(user):
        return []
    year = timezone.localdate().year - 1
    people = visible_people(user).filter(left_on__isnull=True)
    unrated = people.exclude(ratings__year=year).count()
    reviews = visible_discipline(user).filter(status=DisciplineStatus.UNDER_REVIEW).count()
    return [
        AttentionItem(
            label=_("Cán bộ chưa có xếp loại chất lượng năm %(year)s") % {"year": year},
            count=unrated,
            url=reverse("org:person_list") + f"?unrated={year}",
            level="warning" if unrated else "info",
        ),
        AttentionItem(
            label=_("Vụ việc kỷ luật đang xem xét (tạm dừng khen thưởng)"),
            count=reviews,
            url=reverse("org:discipline_list") + "?status=UNDER_REVIEW",
            level="danger" if reviews else "info",
        ),
    ]
