"""Benchmarks at national scale: server time and SQL queries per page, against the floor.

Each page is fetched in-process through Django's test client (so the time is the server's own:
URL routing, middleware, views, templates and the database, without a network), `REPEATS` times
after a warm-up. The floor for a page is the time to run the very SQL statements that the page
ran, replayed on a bare cursor: what the data costs to fetch before Django does anything with it.
"""

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from joinedup.agreements.models import Partnership
from joinedup.demo import national
from joinedup.demo.bench_pages import pages

REPEATS = 30


@dataclass
class Timing:
    label: str
    median_ms: float
    p95_ms: float
    queries: int | None = None
    floor_ms: float | None = None
    note: str = ""

    @property
    def ratio(self) -> str:
        if not self.floor_ms:
            return ""
        return f"{self.median_ms / self.floor_ms:.1f}×"


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_calls(call: Callable[[], object], repeats: int = REPEATS) -> list[float]:
    """Milliseconds for each of `repeats` calls, after two calls to warm caches."""
    call()
    call()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def time_searches(search, queries, note: str) -> list[Timing]:
    """A Timing for each (label, words, filters) searched with `search(words, filters)`."""
    found = []
    for label, text, filters in queries:
        with CaptureQueriesContext(connection) as captured:
            search(text, filters)
        samples = time_calls(lambda text=text, filters=filters: search(text, filters))
        found.append(
            Timing(
                label,
                statistics.median(samples),
                percentile(samples, 0.95),
                queries=len(captured),
                note=note,
            )
        )
    return found


SERVER_SIDE_CURSOR = re.compile(r"^DECLARE .*? CURSOR (?:WITH|WITHOUT) HOLD FOR (.*)$", re.DOTALL)


def bare(sql: str) -> str | None:
    """The statement that fetches the data: savepoints dropped, a server-side cursor's SELECT
    (what `.iterator()` declares) unwrapped."""
    if sql.startswith(("SAVEPOINT", "RELEASE", "CLOSE", "FETCH")):
        return None
    declared = SERVER_SIDE_CURSOR.match(sql)
    return declared.group(1) if declared else sql


def replay(statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            if cursor.description:
                cursor.fetchall()


def time_page(client: Client, label: str, url: str) -> Timing:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        return Timing(label, 0, 0, note=f"answered {response.status_code}")
    statements = [bare(q["sql"]) for q in queries.captured_queries]
    statements = [sql for sql in statements if sql]
    samples = time_calls(lambda: client.get(url))
    floor = time_calls(lambda: replay(statements))
    return Timing(
        label,
        statistics.median(samples),
        percentile(samples, 0.95),
        queries=len(statements),
        floor_ms=statistics.median(floor),
    )


def page_timings(partnership: Partnership) -> list[Timing]:
    client = Client(HTTP_HOST="127.0.0.1")
    return [time_page(client, label, url) for label, url in pages(partnership)]


def extra_timings() -> list[Timing]:
    """Benchmarks that apps offer as `bench.timings()` (notice and decision search, contract
    import, matching)."""
    found = []
    for app in ("notices", "meetings", "procurement", "reports"):
        try:
            module = __import__(f"joinedup.{app}.bench", fromlist=["timings"])
        except ModuleNotFoundError:
            continue
        found += module.timings()
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def throughput(paths: list[tuple[str, str]], seconds: int = 10) -> list[Timing]:
    """Requests per second through gunicorn (2 workers) on loopback, driven by wrk."""
    wrk = shutil.which("wrk")
    if not wrk:
        return [
            Timing("HTTP throughput", 0, 0, note="wrk is not installed (make bench installs it)")
        ]
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "joinedup.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--preload",
            "--log-level",
            "warning",
        ],
        env={**os.environ, "DJANGO_DEBUG": "0"},
        start_new_session=True,
    )
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        for _, path in paths:  # warm both workers
            for _ in range(10):
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60).read()  # noqa: S310
        results = []
        for label, path in paths:
            output = subprocess.run(  # noqa: S603
                [wrk, "-t2", "-c8", f"-d{seconds}s", "--latency", f"http://127.0.0.1:{port}{path}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            results.append(_parse_wrk(label, output))
        return results
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _parse_wrk(label: str, output: str) -> Timing:
    def ms(value: str) -> float:
        for unit, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
            if value.endswith(unit):
                return float(value[: -len(unit)]) * factor
        return float(value)

    median = p99 = 0.0
    rate = errors = ""
    for line in output.splitlines():
        parts = line.split()
        if parts[:1] == ["50%"]:
            median = ms(parts[1])
        if parts[:1] == ["99%"]:
            p99 = ms(parts[1])
        if line.startswith("Requests/sec:"):
            rate = parts[1]
        if "Non-2xx" in line:
            errors = f", {parts[-1]} non-2xx"
    # wrk reports the 50th, 75th, 90th and 99th percentiles: the 99th stands in for the 95th.
    return Timing(label, median, p99, note=f"{rate} requests/s{errors}; latency p99")


def report(timings: list[Timing]) -> str:
    lines = [
        "| what | median ms | p95 ms | queries | floor ms | × floor | note |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for t in timings:
        lines.append(
            f"| {t.label} | {t.median_ms:.1f} | {t.p95_ms:.1f} | "
            f"{'' if t.queries is None else t.queries} | "
            f"{'' if t.floor_ms is None else f'{t.floor_ms:.2f}'} | {t.ratio} | {t.note} |"
        )
    return "\n".join(lines)


def run(http_seconds: int = 10) -> str:
    partnership = Partnership.objects.get(slug=national.slug(1))
    timings = page_timings(partnership)
    timings += extra_timings()
    timings += throughput(
        [
            ("HTTP: minimal Django view (floor)", "/health/"),
            ("HTTP: partnership page", f"/partnerships/{partnership.slug}/"),
            (
                "HTTP: meeting page",
                next(url for label, url in pages(partnership) if label == "meeting"),
            ),
        ],
        http_seconds,
    )
    return report(timings)
