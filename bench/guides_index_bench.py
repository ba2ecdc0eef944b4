"""The guides index at a large number of guides: response size, time, CPU and the cached rows.

Why: at 100,000 services an aggregated register holds ~11,000 guides; the index listed every
one on one page (issue 23). Run from the worktree to measure (its code is imported from the
current directory, so the same script measures a base checkout too)::

    DATABASE_URL=sqlite:///…/guides.sqlite3 .venv/bin/python bench/guides_index_bench.py

The database is ``bench/_synthetic.build_database(10000, …)``. Page cache off
(``PAGE_CACHE_SECONDS=0``): every request renders; "uncached" also clears the shared cache
(rows built again), "rows cached" keeps it (the usual request between two syncs).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import sys
import time

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DEBUG", "0")
os.environ["PAGE_CACHE_SECONDS"] = "0"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--path", default="/lv/dzives-situacijas/")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from catalogue_pages import cache as cache_keys
    from catalogue_pages.models import LifeSituationPage

    client = Client(HTTP_HOST="localhost")
    result: dict[str, object] = {
        "guides_lv": LifeSituationPage.objects.live().filter(locale__language_code="lv").count()
    }
    for mode in ("uncached", "rows cached"):
        cache.clear()
        response = client.get(args.path)  # untimed: templates compiled, cache warm
        assert response.status_code == 200, response.status_code
        walls, cpus, queries = [], [], []
        for _ in range(args.runs):
            if mode == "uncached":
                cache.clear()
            with CaptureQueriesContext(connection) as captured:
                wall, cpu = time.perf_counter(), time.process_time()
                response = client.get(args.path)
                cpus.append((time.process_time() - cpu) * 1000)
                walls.append((time.perf_counter() - wall) * 1000)
            assert response.status_code == 200
            queries.append(len(captured.captured_queries))
        result[mode] = {
            "wall_ms_median": round(statistics.median(walls), 1),
            "cpu_ms_median": round(statistics.median(cpus), 1),
            "queries": max(queries),
        }
        result["bytes"] = len(response.content)
    for name in ("situation_rows", "situations"):  # this branch's key, the one before
        value = cache.get(cache_keys.key(name, "lv"))
        if value is not None:
            result["cached_bytes"] = len(pickle.dumps(value))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
