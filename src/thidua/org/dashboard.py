"""What the organisation asks an officer to look at on the home page.

The counts cover the officer's whole scope (two million people for a national officer): the
"people without a rating" count is an anti-join that takes about a second there, so the figures
are cached per scope and day for ``THIDUA_DASHBOARD_CACHE_SECONDS`` (Django's cache: locmem, or
Redis with ``THIDUA_CACHE_URL``). An import of people or ratings calls ``forget_counts`` so its
own figures show at once; other changes show when the entry expires. With the per-process
memory cache, ``forget_counts`` reaches only its own process (an import run by the background
worker does not reach the web processes): there the entries simply expire.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.dashboard import AttentionItem
from thidua.org.enums import DIRECTORY_ROLES, ORG_EDITOR_ROLES, DisciplineStatus, Role
from thidua.org.queries import (
    is_org_editor,
    own_person_id,
    read_paths,
    scope_paths,
    visible_discipline,
    visible_people,
)

_GENERATION_KEY = "org.counts.generation"


def counts_generation() -> int:
    """A number that ``forget_counts`` changes: part of every cached count's key."""
    value = cache.get(_GENERATION_KEY)
    if value is None:
        cache.add(_GENERATION_KEY, 1, timeout=None)
        value = cache.get(_GENERATION_KEY, 1)
    return int(value)


def forget_counts() -> None:
    """Make every cached count of the organisation stale (after an import wrote people or
    ratings)."""
    try:
        cache.incr(_GENERATION_KEY)
    except ValueError:  # not set yet: nothing cached under a generation
        cache.add(_GENERATION_KEY, 1, timeout=None)


def scope_key(user: Any, *parts: Any) -> str:
    """A cache key for figures that depend only on what ``user`` may read (the same for every
    user with the same scopes), the day and the counts generation."""
    scopes = (
        tuple(read_paths(user, DIRECTORY_ROLES)),
        tuple(scope_paths(user, (*ORG_EDITOR_ROLES, Role.UNIT_HEAD))),
        own_person_id(user),
        timezone.localdate().isoformat(),
        counts_generation(),
        *parts,
    )
    return "org.counts:" + hashlib.sha256(repr(scopes).encode()).hexdigest()


def _counts(user: Any, year: int) -> tuple[int, int]:
    people = visible_people(user).filter(left_on__isnull=True)
    unrated = people.exclude(ratings__year=year).count()
    reviews = visible_discipline(user).filter(status=DisciplineStatus.UNDER_REVIEW).count()
    return unrated, reviews


def attention_items(user: Any) -> list[AttentionItem]:
    if not is_org_editor(user):
        return []
    year = timezone.localdate().year - 1
    seconds = settings.THIDUA_DASHBOARD_CACHE_SECONDS
    if seconds > 0:
        key = scope_key(user, "dashboard", year)
        cached = cache.get(key)
        if cached is None:
            cached = _counts(user, year)
            cache.set(key, cached, timeout=seconds)
        unrated, reviews = cached
    else:
        unrated, reviews = _counts(user, year)
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
