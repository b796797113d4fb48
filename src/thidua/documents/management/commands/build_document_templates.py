"""Rebuild the shipped Word templates (QĐ and certificates) from ``templates_build``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from thidua.documents.templates_build import build_all


class Command(BaseCommand):
    help = "Tạo lại các mẫu Word kèm theo phần mềm (quyết định, giấy khen)."

    def handle(self, *args: Any, **options: Any) -> None:
        for path in build_all():
            self.stdout.write(str(path))
