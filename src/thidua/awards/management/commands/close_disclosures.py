"""``python -m thidua close_disclosures``: close every disclosure whose period is over (run
daily from cron or a scheduled task; safe to run twice)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from thidua.awards.disclosure import close_expired_disclosures


class Command(BaseCommand):
    help = "Kết thúc các đợt công khai đã hết thời hạn."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = close_expired_disclosures()
        self.stdout.write(f"{closed}")
