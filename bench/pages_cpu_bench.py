"""Uncached public pages: wall time and the web process's own CPU time per request.

Why CPU time beside wall time: on a shared machine at load 10+ the wall time of a request is
mostly waiting for a core (a trivial single-row query takes 5 ms there), and two runs minutes
apart differ by 2x; the CPU time the Django process itself spends (``time.process_time``) is
what a quiet machine would add up, and it moves little with the load. PostgreSQL's own work
is not in it: the SQL statements' execution times are (``EXPLAIN ANALYZE`` of each, summed).

    DATABASE_URL=postgres://... python bench/pages_cpu_bench.py --runs 30 /lv/ /lv/iedzivotajiem/

Measured as ``bench/pages_bench.py`` measures "uncached": Django's test ``Client`` with the
full middleware stack, DEBUG off, the local-memory cache cleared before every request.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DEBUG", "0")


def explained_ms(statements: list[str]) -> float:
    """PostgreSQL's execution time of these statements (``EXPLAIN ANALYZE``), summed."""
    from django.db import connection

    total = 0.0
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            total += cursor.fetchone()[0][0]["Execution Time"]
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("urls", nargs="+")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from pages_bench import LOCAL_CACHES, percentile

    print("| url | wall p50 / p95 ms | CPU p50 / p95 ms | SQL executed ms | queries | bytes |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    with override_settings(CACHES=LOCAL_CACHES):
        client = Client(HTTP_HOST="localhost")
        for url in args.urls:
            client.get(url)  # untimed: templates, imports
            walls, cpus = [], []
            for _ in range(args.runs):
                cache.clear()
                wall, cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                cpus.append((time.process_time() - cpu) * 1000)
                walls.append((time.perf_counter() - wall) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            cache.clear()
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            statements = [query["sql"] for query in captured.captured_queries]
            sql_ms = explained_ms(statements) if connection.vendor == "postgresql" else 0.0
            walls.sort()
            cpus.sort()
            print(
                f"| {url} | {statistics.median(walls):.1f} / {percentile(walls, 0.95):.1f} "
                f"| {statistics.median(cpus):.1f} / {percentile(cpus, 0.95):.1f} "
                f"| {sql_ms:.1f} | {len(statements)} | {len(response.content):,} |"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
