"""``python -m thidua create_api_token USERNAME [--superuser]``: print a new API token.

The output is the token and nothing else (one line), so scripts can capture it. The user is
created if missing, without a password (API only); ``--superuser`` makes them a system
administrator who sees and may change everything.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from thidua.api.tokens import create_api_token


class Command(BaseCommand):
    help = "Tạo mã truy cập API mới cho tài khoản USERNAME và in mã đó ra (chỉ một dòng)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--superuser",
            action="store_true",
            help="Tài khoản là quản trị hệ thống (thấy và sửa được mọi dữ liệu).",
        )
        parser.add_argument("--name", default="", help="Tên gợi nhớ của mã truy cập.")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        username = options["username"].strip()
        if not username:
            raise CommandError("Tên tài khoản không được để trống.")
        user_model = get_user_model()
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(username=username)
            user.set_unusable_password()
        if not user.is_active:
            raise CommandError(f"Tài khoản “{username}” đã bị khóa.")
        if options["superuser"]:
            user.is_superuser = True
            user.is_staff = True
        user.save()
        _row, token = create_api_token(user, name=options["name"])
        self.stdout.write(token)
