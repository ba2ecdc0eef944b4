"""The peer of ``bench/pages_bench.py``: the same measurement on Wagtail's bakerydemo.

Why a peer: a server time alone says little on a shared 2-core machine whose load moves by a
factor of two within minutes; the same measurement of a well-known Wagtail site in the same run
gives a ratio that survives the noise (issue 23, item 6: the uncached service page at
≤ 0.5× bakerydemo's detail page).

This script runs *inside bakerydemo's own virtualenv and settings* (it imports nothing of the
portal), one process, and prints one JSON object on stdout: per page, p50/p95 in ms and the
query count, measured exactly as ``pages_bench.measure`` does (Django test ``Client.get``
through the full middleware stack, ``DEBUG`` off, the local-memory cache cleared before every
*uncached* request, one untimed request first). ``pages_bench.py --peer DIR`` starts it; to
set bakerydemo up (1,000 pages, Wagtail and Django pinned to the portal's versions) see
``docs/benchmarks.md`` ("Peer: bakerydemo").
"""

from __future__ import annotations

import gc
import json
import math
import os
import statistics
import sys
import time


def percentile(sorted_values: list[float], share: float) -> float:
    rank = max(1, math.ceil(share * len(sorted_values)))
    return sorted_values[rank - 1]


def measure(client, url: str, mode: str, runs: int, neighbour: str = "") -> dict[str, object]:  # type: ignore[no-untyped-def]
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings: list[float] = []
    queries: list[int] = []
    for _ in range(runs):
        if mode == "uncached":
            cache.clear()
        elif mode == "page miss":  # as pages_bench: another page first, untimed
            cache.clear()
            client.get(neighbour)
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(captured.captured_queries))
    timings.sort()
    return {
        "url": url,
        "p50": statistics.median(timings),
        "p95": percentile(timings, 0.95),
        "queries": max(queries),
        "bytes": len(response.content),
        "timings": timings,
    }


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bakerydemo.settings.dev")
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    from bakerydemo.blog.models import BlogPage
    from bakerydemo.breads.models import BreadPage, BreadsIndexPage
    from bakerydemo.locations.models import LocationPage
    from django.conf import settings
    from django.test import Client
    from wagtail.models import Page

    def middle(model, after: int = 0):  # type: ignore[no-untyped-def]
        rows = model.objects.live().order_by("title", "pk")
        return rows[rows.count() // 2 + after]

    urls = {
        "home": "/",
        "listing (breads index)": BreadsIndexPage.objects.live().first().url,
        "detail (bread page)": middle(BreadPage).url,
        "detail (blog page)": middle(BlogPage).url,
        "detail (location page)": middle(LocationPage).url,
    }
    client = Client(HTTP_HOST="localhost")
    client.get(urls["detail (bread page)"])
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        gc.collect()
        timings.append((time.perf_counter() - start) * 1000)
    full_gc = statistics.median(timings)
    pages = {name: measure(client, url, "uncached", runs) for name, url in urls.items()}
    bread = urls["detail (bread page)"]
    miss = measure(client, bread, "page miss", runs, neighbour=middle(BreadPage, 1).url)
    cached = measure(client, bread, "cached", runs)
    print(
        json.dumps(
            {
                "pages": Page.objects.live().count(),
                "debug": settings.DEBUG,
                "uncached": pages,
                "page miss": {"detail (bread page)": miss},
                "cached": {"detail (bread page)": cached},
                "gc_tracked": len(gc.get_objects()),
                "gc_full_ms": full_gc,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
