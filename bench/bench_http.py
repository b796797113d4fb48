"""Requests per second under 16 concurrent connections on loopback, through gunicorn.

    .venv/bin/python bench/bench_http.py [--database-url URL] [--seconds 20] [--workers 2]
        [--threads 8] [--connections 16]

Starts gunicorn (gthread workers, from the venv) on 127.0.0.1 with ``bench_settings`` (the
app's settings plus one minimal view), logs ``bench_officer`` in by a session made directly in
the database, then for each URL keeps ``--connections`` keep-alive HTTP/1.1 connections busy
for ``--seconds`` (after a 3-second warm-up) from client threads of this process:

- ``/`` the officer's home page,
- ``/to-chuc/can-bo/`` the people list (50 rows and the total count),
- ``/bench/minimal/`` a view that reads nothing: the ceiling of Django on this machine.

The home page's counts and the people list's total are cached (``org/dashboard.py``); run with
``THIDUA_DASHBOARD_CACHE_SECONDS=0 THIDUA_COUNT_CACHE_SECONDS=0`` to measure them counted on
every request, as before the cache.

Prints requests/s, latency p50/p95 and the ratio to the minimal view. The client shares the
machine's cores with the server: figures are a lower bound of what a separate client would see.
"""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import _common  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_session(username: str) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from thidua.org.models import User

    user = User.objects.get(username=username)
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    if store.session_key is None:
        raise RuntimeError("no session")
    return store.session_key


def hammer(
    port: int, path: str, cookie: str, seconds: float, connections: int
) -> tuple[int, list[float], int]:
    stop = time.perf_counter() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    errors = [0]

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        bad = 0
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                continue
            mine.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(latencies), latencies, errors[0]


def main() -> None:
    p = _common.parser(__doc__ or "")
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--paths", default="/bench/minimal/,/,/to-chuc/can-bo/")
    args = p.parse_args()
    _common.setup(args.database_url)
    from thidua.demo.dataset import NATIONAL_OFFICER

    print(_common.machine())
    cookie = make_session(NATIONAL_OFFICER)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(HERE), str(_common.ROOT / "src")]),
    }
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [gunicorn, "thidua.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--threads", str(args.threads),
         "--worker-class", "gthread", "--keep-alive", "30", "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.3)
        print(
            f"gunicorn gthread workers={args.workers} threads={args.threads}; "
            f"{args.connections} connections, {args.seconds:.0f} s per URL"
        )
        rates: dict[str, float] = {}
        for path in args.paths.split(","):
            hammer(port, path, cookie, 3, args.connections)  # warm-up
            count, latencies, errors = hammer(port, path, cookie, args.seconds, args.connections)
            rates[path] = count / args.seconds
            print(f"{path}: {rates[path]:.1f} req/s; {_common.summary_ms(latencies)}; "
                  f"errors={errors}")  # fmt: skip
        base = rates.get("/bench/minimal/")
        if base:
            for path, rate in rates.items():
                if path != "/bench/minimal/":
                    print(f"{path}: {rate / base:.3f} of the minimal view ({base:.1f} req/s)")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
