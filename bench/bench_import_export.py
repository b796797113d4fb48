"""Import 100,000 people from Excel through the real org import, then export them.

    .venv/bin/python bench/bench_import_export.py [--database-url URL] [--rows 100000]
        [--tracemalloc] [--keep]

1. Makes a bench subtree (unit ``BENCH-IO`` under the national root, 100 child units) and a
   user ``bench_io`` who is OFFICER on it.
2. Writes a ``.xlsx`` in the org people format (``exports.write_workbook``, the same writer as
   the template download) with ``--rows`` new people spread over the 100 units.
3. Child process: ``imports.create_import_job`` + ``imports.run_import_job`` as the national
   officer (what the background task runs: read, check every row, write in one transaction).
4. Child process: ``exports.write_export`` as ``bench_io``, who sees exactly those people.
5. Removes the imported people and the bench units (unless ``--keep``); audit events stay.

Each step prints seconds and peak RSS (``ru_maxrss`` of its own process); with
``--tracemalloc`` also the peak of Python allocations (tracemalloc makes the run slower, so
its time is not the figure to compare).
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common

ROOT_CODE = "BENCH-IO"
IO_USER = "bench_io"


def prepare(rows: int, path: Path) -> None:
    import random

    from django.contrib.auth.hashers import make_password

    from thidua.demo.dataset import (
        FAMILY_NAMES,
        GIVEN_FEMALE,
        GIVEN_MALE,
        MIDDLE_FEMALE,
        MIDDLE_MALE,
        NATIONAL_OFFICER,
        PASSWORD,
    )
    from thidua.org import services
    from thidua.org.exports import write_workbook
    from thidua.org.import_formats import FORMATS, PEOPLE
    from thidua.org.models import RoleAssignment, Unit, User

    actor = User.objects.get(username=NATIONAL_OFFICER)
    national = Unit.objects.filter(parent__isnull=True, depth=0).order_by("pk").first()
    if national is None:
        raise SystemExit("no unit tree: run generate_dataset first")
    root, _c, _ch = services.upsert_unit(
        code=ROOT_CODE, name="Đơn vị đo hiệu năng nhập/xuất", kind="AGENCY", parent=national,
        actor=actor,
    )  # fmt: skip
    children = []
    for k in range(100):
        unit, _c, _ch = services.upsert_unit(
            code=f"{ROOT_CODE}-{k:03d}", name=f"Phòng đo hiệu năng {k}", kind="DIVISION",
            parent=root, actor=actor,
        )  # fmt: skip
        children.append(unit.code)
    user, _created = User.objects.get_or_create(
        username=IO_USER, defaults={"password": make_password(PASSWORD)}
    )
    RoleAssignment.objects.get_or_create(user=user, role="OFFICER", unit=root)
    rng = random.Random(7)
    families = [f for f, _w in FAMILY_NAMES]
    weights = [w for _f, w in FAMILY_NAMES]

    def people():
        for i in range(rows):
            female = rng.random() < 0.5
            name = " ".join(
                (
                    rng.choices(families, weights)[0],
                    rng.choice(MIDDLE_FEMALE if female else MIDDLE_MALE),
                    rng.choice(GIVEN_FEMALE if female else GIVEN_MALE),
                )
            )
            yield (
                f"IO{i:07d}", name, "F" if female else "M", dt.date(1970 + i % 30, 1 + i % 12, 1),
                "CONG_CHUC", children[i % 100], "Chuyên viên", False, True,
                dt.date(2010 + i % 15, 1 + i % 12, 1), None, "",
            )  # fmt: skip

    with path.open("wb") as out:
        write_workbook(FORMATS[PEOPLE], out, people())


def run_import(path: Path, trace: bool) -> dict[str, object]:
    import tracemalloc

    from django.core.files import File

    from thidua.demo.dataset import NATIONAL_OFFICER
    from thidua.org import import_plans, imports
    from thidua.org.import_formats import PEOPLE
    from thidua.org.imports import create_import_job, run_import_job
    from thidua.org.models import User

    phases: dict[str, float] = {}

    def timed(name: str, fn):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            began = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                phases[name] = round(phases.get(name, 0) + time.perf_counter() - began, 2)

        return wrapper

    # The three steps of run_import_job, timed: read the workbook, check the rows, write.
    imports.read_rows = timed("read", imports.read_rows)
    imports.plan_rows = timed("check", imports.plan_rows)
    import_plans.PeoplePlan.apply = timed("write", import_plans.PeoplePlan.apply)
    actor = User.objects.get(username=NATIONAL_OFFICER)
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    with path.open("rb") as fh:
        job = create_import_job(PEOPLE, File(fh, name=path.name), actor=actor)
    job = run_import_job(job.pk)
    seconds = time.perf_counter() - started
    out: dict[str, object] = {
        "measure": "import",
        "status": job.status,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(_common.peak_rss_mb()),
        "phases_s": phases,
        "summary": job.summary,
        "errors": (job.errors or [])[:3],
    }
    if trace:
        out["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20)
    return out


def run_export(trace: bool) -> dict[str, object]:
    import tracemalloc

    from thidua.org.exports import write_export
    from thidua.org.import_formats import FORMATS, PEOPLE
    from thidua.org.models import User

    user = User.objects.get(username=IO_USER)
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        count = write_export(FORMATS[PEOPLE], user, out)
        size = out.tell()
    seconds = time.perf_counter() - started
    result: dict[str, object] = {
        "measure": "export",
        "rows": count,
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(_common.peak_rss_mb()),
        "bytes": size,
    }
    if trace:
        result["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20)
    return result


def cleanup() -> None:
    from django.db import transaction

    from thidua.org.models import Membership, Person

    with transaction.atomic():
        people = Person.objects.filter(unit__path__startswith=_root_path())
        Membership.objects.filter(person__in=people.values("pk")).delete()
        Person.objects.filter(pk__in=list(people.values_list("pk", flat=True))).delete()


def _root_path() -> str:
    from thidua.org.models import Unit

    return Unit.objects.get(code=ROOT_CODE).path


def main() -> None:
    p = _common.parser(__doc__ or "")
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--tracemalloc", action="store_true")
    p.add_argument("--keep", action="store_true")
    p.add_argument("--child", default="")
    p.add_argument("--file", default="")
    args = p.parse_args()
    _common.setup(args.database_url)
    if args.child == "import":
        print(json.dumps(run_import(Path(args.file), args.tracemalloc), ensure_ascii=False))
        return
    if args.child == "export":
        print(json.dumps(run_export(args.tracemalloc), ensure_ascii=False))
        return
    print(_common.machine())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "can-bo-bench.xlsx"
        cleanup_needed = False
        try:
            from thidua.org.models import Unit

            if Unit.objects.filter(code=ROOT_CODE).exists():
                cleanup()
            started = time.perf_counter()
            prepare(args.rows, path)
            took = time.perf_counter() - started
            size = path.stat().st_size / 2**20
            print(f"workbook of {args.rows:,} rows written in {took:.1f} s ({size:.1f} MiB)")
            cleanup_needed = True
            for child in ("import", "export"):
                cmd = [sys.executable, __file__, "--database-url", args.database_url,
                       "--child", child, "--file", str(path)]  # fmt: skip
                if args.tracemalloc:
                    cmd.append("--tracemalloc")
                proc = subprocess.run(  # noqa: S603 - this script, fixed arguments
                    cmd, capture_output=True, text=True, check=False
                )
                if proc.returncode != 0:
                    print(f"{child}: failed\n{proc.stderr[-3000:]}")
                    break
                print(proc.stdout.strip().splitlines()[-1])
        finally:
            if cleanup_needed and not args.keep:
                cleanup()


if __name__ == "__main__":
    main()
