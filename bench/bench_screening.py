"""Screen the whole country for one year: CSTDCS and CSTD_TINH, and the SQL floor.

    .venv/bin/python bench/bench_screening.py [--database-url URL] [--year 2025]
        [--unit S1-P02] [--codes CSTDCS,CSTD_TINH] [--modes summary,stream] [--workers 2]

Each measure runs in a fresh child process so its peak RSS (``ru_maxrss``) is its own. The
candidates are those of ``eligibility.scope_for_user`` for the national officer
(``bench_officer`` of ``generate_dataset``), as on the eligibility page and in the API:

- ``summary``: ``Scope.summary(workers=...)``, what the eligibility page computes for its
  counts: every person, every rule, the verdict and the failed rules' codes, chunk by chunk
  (``eligibility.CHUNK_SIZE``), shared among ``--workers`` processes (their peak RSS is
  added: ``ru_maxrss`` of the children).
- ``stream``: ``eligibility.iter_screen`` in one process: every result with every check
  (messages not rendered), one chunk held at a time, counted and dropped.
- ``full``: ``screen_for_user``, every result held in memory (the API without paging; only
  for a province or less: about 2 KB a person).
- ``floor``: one hand-written SQL query (UNION ALL over people, ratings, active awards,
  initiatives with their authors and discipline, the same years as ``facts.gather_facts``
  by default: ten years of every code) whose rows are only fetched, through a server-side
  cursor, not interpreted: no screening can gather the same facts faster.
- ``floor CODE``: the same query narrowed as the screening of CODE narrows its facts
  (``eligibility._reach``: the years of ratings and the codes and years of awards its rules
  and the titles they rely on can read): the floor of that screening.

Prints seconds, peak RSS and the ratio screen / floor.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common

FLOOR_SQL = """
WITH pool AS (
  SELECT p.id, p.code, p.unit_id FROM org_person p JOIN org_unit u ON u.id = p.unit_id
   WHERE u.path LIKE %(path)s
)
SELECT 0, id, 0, code, unit_id::text FROM pool
UNION ALL
SELECT 1, r.person_id, r.year, r.rating, NULL FROM org_personrating r
  JOIN pool ON pool.id = r.person_id
 WHERE r.year BETWEEN %(ry0)s AND %(y)s
UNION ALL
SELECT 2, a.person_id, a.year, a.award_code, a.kind FROM awards_award a
  JOIN pool ON pool.id = a.person_id
 WHERE a.status = 'ACTIVE' AND a.year BETWEEN %(ay0)s AND %(y)s
   AND (%(all_codes)s OR a.award_code = ANY(%(codes)s))
UNION ALL
SELECT 3, ia.person_id, EXTRACT(YEAR FROM i.recognized_on)::int, i.scope, i.id::text
  FROM awards_initiative_authors ia JOIN pool ON pool.id = ia.person_id
  JOIN awards_initiative i ON i.id = ia.initiative_id
 WHERE i.recognized_on BETWEEN make_date(%(y0)s, 1, 1) AND make_date(%(y)s, 12, 31)
UNION ALL
SELECT 4, u.person_id, 0, u.award_code, u.initiative_id::text FROM awards_initiativeuse u
  JOIN pool ON pool.id = u.person_id
UNION ALL
SELECT 5, d.person_id, 0, d.status, d.level FROM org_disciplinerecord d
  JOIN pool ON pool.id = d.person_id
"""


def _unit(code: str):  # type: ignore[no-untyped-def]
    from thidua.org.models import Unit

    return Unit.objects.get(code=code) if code else None


def run_screen(mode: str, code: str, year: int, unit_code: str, workers: int) -> dict[str, object]:
    import resource

    from thidua.awards.eligibility import iter_screen, scope_for_user, screen_for_user
    from thidua.demo.dataset import NATIONAL_OFFICER
    from thidua.org.models import User

    user = User.objects.get(username=NATIONAL_OFFICER)
    started = time.perf_counter()
    verdicts: dict[str, int] = {}
    extra: dict[str, object] = {}
    if mode == "summary":
        summary = scope_for_user(user, code, year, unit=_unit(unit_code)).summary(workers=workers)
        verdicts = {v: n for v, n in summary.verdicts.items() if n}
        extra = {"workers": workers, "chunks": summary.chunks, "failed_rules": summary.failed_rules}
    elif mode == "stream":
        scope = scope_for_user(user, code, year, unit=_unit(unit_code))
        for result in iter_screen(
            code, year, people=scope.people, units=scope.units, regime=scope.regime
        ):
            verdicts[result.verdict] = verdicts.get(result.verdict, 0) + 1
    else:
        screening = screen_for_user(user, code, year, unit=_unit(unit_code))
        for result in screening.results:
            verdicts[result.verdict] = verdicts.get(result.verdict, 0) + 1
    seconds = time.perf_counter() - started
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "measure": f"{mode} {code}",
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(_common.peak_rss_mb()),
        **({"worker_peak_rss_mb": round(children_mb)} if children_mb else {}),
        "candidates": sum(verdicts.values()),
        "verdicts": verdicts,
        **extra,
    }


def run_floor(year: int, unit_code: str, code: str = "") -> dict[str, object]:
    from django.db import connection, transaction

    from thidua.awards.eligibility import _reach
    from thidua.awards.facts import FULL, HISTORY_YEARS, PERSON
    from thidua.awards.regimes import load_regime, regime_for_year

    reach = _reach(load_regime(regime_for_year(year)), code, PERSON) if code else FULL
    started = time.perf_counter()
    rows = 0
    with transaction.atomic(), connection.chunked_cursor() as cur:
        unit = _unit(unit_code)
        path = f"{unit.path}%" if unit else "%"
        cur.execute(
            FLOOR_SQL,
            {
                "y0": year - HISTORY_YEARS,
                "ry0": year - reach.rating_years,
                "ay0": year - reach.award_years,
                "y": year,
                "path": path,
                "all_codes": reach.award_codes is None,
                "codes": sorted(reach.award_codes or ()),
            },
        )
        while batch := cur.fetchmany(50_000):
            rows += len(batch)
    seconds = time.perf_counter() - started
    return {
        "measure": f"floor {code}" if code else "floor (hand-written SQL, rows fetched only)",
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(_common.peak_rss_mb()),
        "rows": rows,
    }


def main() -> None:
    p = _common.parser(__doc__ or "")
    p.add_argument("--year", type=int, default=2025)
    p.add_argument("--codes", default="CSTDCS,CSTD_TINH")
    p.add_argument("--unit", default="", help="screen this unit's subtree (default: all)")
    p.add_argument("--modes", default="summary,stream", help="summary, stream, full")
    p.add_argument("--workers", type=int, default=2, help="processes of the summary")
    p.add_argument("--child", help=argparse_hidden())
    args = p.parse_args()
    if args.child:
        _common.setup(args.database_url)
        if args.child.startswith("floor"):
            out = run_floor(args.year, args.unit, args.child.partition(":")[2])
        else:
            mode, code = args.child.split(":")
            out = run_screen(mode, code, args.year, args.unit, args.workers)
        print(json.dumps(out, ensure_ascii=False))
        return
    print(_common.machine())
    print(f"year {args.year}, scope: {args.unit or 'the whole country'}")
    results = {}
    codes = [c for c in args.codes.split(",") if c]
    measures = [f"{m}:{c}" for c in codes for m in args.modes.split(",") if m]
    floors = [f"floor:{c}" for c in codes]
    for measure in ["floor", *floors, *measures]:
        proc = subprocess.run(  # noqa: S603 - this script, fixed arguments
            [sys.executable, __file__, "--database-url", args.database_url,
             "--year", str(args.year), "--unit", args.unit, "--child", measure,
             "--workers", str(args.workers)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if proc.returncode != 0:
            print(f"{measure}: failed\n{proc.stderr[-3000:]}")
            continue
        results[measure] = json.loads(proc.stdout.strip().splitlines()[-1])
        print(json.dumps(results[measure], ensure_ascii=False))
    floor = results.get("floor")
    for measure in measures:
        own = results.get(f"floor:{measure.partition(':')[2]}")
        if floor and own and measure in results:
            out = results[measure]
            ratio = float(out["seconds"]) / max(float(floor["seconds"]), 1e-9)
            own_ratio = float(out["seconds"]) / max(float(own["seconds"]), 1e-9)
            rss = f"{out['peak_rss_mb']} MB"
            if "worker_peak_rss_mb" in out:
                rss += f" + {out['worker_peak_rss_mb']} MB per worker"
            print(f"{measure}: {out['seconds']} s; vs its own floor {own['seconds']} s "
                  f"-> {own_ratio:.1f}x; vs the full floor {floor['seconds']} s -> {ratio:.1f}x; "
                  f"peak RSS {rss}")  # fmt: skip


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()
