"""Who may see and change the local rule parameters (perms ``awards.view_overrides`` and
``awards.manage_overrides``). A local value applies to the whole deployment (every unit
screened under the regime), so changing one needs the ADMIN role on a top unit (a unit
without a parent) or a superuser account; an administrator of any unit may read them."""

from __future__ import annotations

from typing import Any

import rules

from thidua.org.enums import Role
from thidua.org.models import Unit
from thidua.org.queries import scope_paths

ADMIN_ROLES = (Role.ADMIN,)


@rules.predicate
def can_view_overrides(user: Any, obj: Any = None) -> bool:
    return bool(scope_paths(user, ADMIN_ROLES))


def covers_a_top_unit(user: Any, roles: tuple[str, ...]) -> bool:
    """Whether the user holds one of ``roles`` on a top unit (a whole tree), or is a
    superuser: for settings that are one for the whole deployment."""
    paths = scope_paths(user, roles)
    if "" in paths:
        return True
    return bool(paths) and Unit.objects.filter(parent__isnull=True, path__in=paths).exists()


@rules.predicate
def can_manage_overrides(user: Any, obj: Any = None) -> bool:
    return covers_a_top_unit(user, ADMIN_ROLES)


rules.add_perm("awards.view_overrides", can_view_overrides)
rules.add_perm("awards.manage_overrides", can_manage_overrides)
