"""The people list of an officer who sees the whole country, through the real view.

    .venv/bin/python bench/bench_people_list.py [--database-url URL] [--n 200]

Django's test ``Client`` logged in as ``bench_officer`` (national scope, from
``generate_dataset``) requests ``/to-chuc/can-bo/`` through the whole middleware stack: 50 rows,
the total count, the filter form. Measured ``--n`` times each after 5 warm-up requests: page 1,
a deep page, and single filters (a province, staff type, a name search). Prints p50/p95/max and
the SQL queries of one request. The unfiltered total is cached per scope for
``THIDUA_COUNT_CACHE_SECONDS`` (set it to 0 to measure the exact count on every request).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common


def main() -> None:
    p = _common.parser(__doc__ or "")
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--deep-page", type=int, default=2000)
    args = p.parse_args()
    _common.setup(args.database_url)

    from django.db import connection
    from django.test import Client

    from thidua.demo.dataset import NATIONAL_OFFICER
    from thidua.org.models import Unit, User

    print(_common.machine())
    user = User.objects.get(username=NATIONAL_OFFICER)
    province = Unit.objects.filter(depth=1).order_by("path").values_list("code", flat=True)[0]
    client = Client()
    client.force_login(user)
    url = "/to-chuc/can-bo/"
    cases = {
        "page 1": {},
        f"page {args.deep_page}": {"page": str(args.deep_page)},
        "filter unit=first province": {"unit": province},
        "filter staff_type=CAN_BO": {"staff_type": "CAN_BO"},
        "filter q='tran thi thu'": {"q": "tran thi thu"},
    }
    for label, params in cases.items():
        for _ in range(5):
            response = client.get(url, params)
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code}")
        captured: list[tuple[float, str]] = []

        def spy(execute, sql, params, many, context, captured=captured):  # type: ignore[no-untyped-def]  # noqa: PLR0917
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                captured.append((time.perf_counter() - started, sql))

        with connection.execute_wrapper(spy):
            client.get(url, params)
        times = []
        for _ in range(args.n):
            started = time.perf_counter()
            response = client.get(url, params)
            times.append(time.perf_counter() - started)
        size = len(response.content)
        print(f"{label}: {_common.summary_ms(times)}; {len(captured)} queries, "
              f"{size / 1024:.0f} KiB")  # fmt: skip
        for seconds, sql in captured:
            if seconds > 0.01:
                print(f"   slow query {seconds * 1000:.0f} ms: {sql[:400]}")


if __name__ == "__main__":
    main()
