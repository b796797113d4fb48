"""``python -m thidua generate_dataset --people N --units M --years Y --seed S``: a synthetic
national data set for benchmarks (see ``thidua.demo.dataset``). Adds to what the database
holds; meant for an empty database made for the purpose."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from thidua.demo.dataset import Options, generate


class Command(BaseCommand):
    help = (
        "Sinh bộ dữ liệu tổng hợp quy mô toàn quốc để đo hiệu năng: cây đơn vị 4-5 cấp, cán bộ "
        "với họ tên tiếng Việt, xếp loại, kỷ luật, sổ khen thưởng nhiều năm (có chuỗi năm liên "
        "tục và khen thưởng bị thu hồi), sáng kiến. Cùng --seed cho cùng dữ liệu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=10_000, help="Số cán bộ.")
        parser.add_argument("--units", type=int, default=1_000, help="Số đơn vị.")
        parser.add_argument("--years", type=int, default=10, help="Số năm lịch sử.")
        parser.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên.")
        parser.add_argument(
            "--end-year", type=int, default=2025, help="Năm cuối (năm được xét, chưa có khen)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["people"] < 1 or options["units"] < 10 or options["years"] < 1:
            self.stderr.write("--people phải >= 1, --units >= 10, --years >= 1.")
            raise SystemExit(2)
        opts = Options(
            people=options["people"],
            units=options["units"],
            years=options["years"],
            seed=options["seed"],
            end_year=options["end_year"],
        )
        verbose = options["verbosity"] >= 1
        summary = generate(opts, log=self.stdout.write if verbose else None)
        if not verbose:
            return
        for table, count in summary.counts.items():
            self.stdout.write(f"{table}: {count:,}")
        self.stdout.write(
            f"Năm {summary.first_year}-{summary.last_year}, cây sâu {summary.depth_max + 1} cấp; "
            f"tổng {summary.seconds['total']:.1f} giây."
        )
