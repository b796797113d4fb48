"""``python -m thidua demo_logins``: print the demo logins as a table."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from thidua.demo.data_people import ACCOUNTS, DEMO_PASSWORD
from thidua.org.enums import Role
from thidua.org.models import Person, RoleAssignment, User


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    return [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]


class Command(BaseCommand):
    help = "In bảng tài khoản mẫu: tên đăng nhập, mật khẩu, vai trò, phạm vi và cán bộ liên kết."

    def handle(self, *args: Any, **options: Any) -> None:
        usernames = [a.username for a in ACCOUNTS]
        users = User.objects.in_bulk(usernames, field_name="username")
        roles: dict[str, list[RoleAssignment]] = defaultdict(list)
        for assignment in (
            RoleAssignment.objects.filter(user__username__in=usernames)
            .select_related("user", "unit")
            .order_by("user__username", "role", "unit__code")
        ):
            roles[assignment.user.username].append(assignment)
        people = {
            username: f"{full_name} ({code})"
            for username, full_name, code in Person.objects.filter(
                user__username__in=usernames
            ).values_list("user__username", "full_name", "code")
        }
        rows = []
        for account in ACCOUNTS:
            user = users.get(account.username)
            if user is None:
                missing = _("(chưa có: chạy python -m thidua load_demo)")
                rows.append([account.username, "", missing, "", ""])
                continue
            held = roles.get(account.username, [])
            role = "; ".join(str(Role(a.role).label) for a in held) or _("(không có vai trò)")
            if user.is_superuser:
                role += " " + _("(toàn quyền)")
            scope = "; ".join(f"{a.unit.code}: {a.unit.name}" for a in held)
            rows.append(
                [
                    account.username,
                    DEMO_PASSWORD,
                    role,
                    scope,
                    people.get(account.username, "—"),
                ]
            )
        header = [_("Tên đăng nhập"), _("Mật khẩu"), _("Vai trò"), _("Phạm vi"), _("Cán bộ")]
        for text in _table(header, rows):
            self.stdout.write(text.rstrip())
        self.stdout.write(
            _(
                "Mật khẩu chỉ được đặt khi tạo tài khoản; nếu đã đổi trong bản demo, "
                "hãy dùng mật khẩu mới."
            )
        )
