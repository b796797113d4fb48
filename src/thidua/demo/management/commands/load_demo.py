"""``python -m thidua load_demo``: load the demo data set (idempotent) and print what it did."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from thidua.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu (Sở Thông tin và Truyền thông Lạng Sơn năm 2018) và các tài khoản "
        "mẫu, trong một giao dịch. Chạy lại không tạo bản ghi trùng và không đổi mật khẩu."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        verbose = options["verbosity"] >= 1
        started = time.perf_counter()
        if verbose:
            self.stdout.write(_("Nạp dữ liệu mẫu:"))
        # load_demo runs every step in one transaction.
        summary = load_demo(stdout=self.stdout if verbose else None)
        if not verbose:
            return
        self.stdout.write(
            _("Xong: %(created)d bản ghi tạo mới, %(present)d đã có (%(seconds).1f giây).")
            % {
                "created": summary.created,
                "present": summary.present,
                "seconds": time.perf_counter() - started,
            }
        )
        self.stdout.write(_("Tài khoản mẫu: python -m thidua demo_logins"))
