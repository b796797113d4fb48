"""Shared helpers of the bench scripts: database selection, Django setup, figures.

Every script takes ``--database-url`` (default: the ``DATABASE_URL`` environment variable, else
the 2-million-person bench database) and sets up Django with ``thidua.settings`` before any
import of the app.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/thidua_bench"


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_URL))
    return p


def setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thidua.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary_ms(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"n={len(ms)} p50={statistics.median(ms):.1f} ms p95={percentile(ms, 95):.1f} ms "
        f"max={max(ms):.1f} ms"
    )


def machine() -> str:
    load = os.getloadavg()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    try:
        pg = subprocess.run(
            ["/usr/bin/psql", "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    except OSError:
        pg = "psql not found"
    return (
        f"{platform.node()} {platform.machine()} cpus={os.cpu_count()} mem={mem:.0f} GiB "
        f"python={platform.python_version()} {pg} load={load[0]:.2f},{load[1]:.2f},{load[2]:.2f}"
    )
