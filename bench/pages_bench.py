"""Server time and SQL queries of the public pages, uncached and cached.

Run against a database the sync has filled, e.g. with 1k and then 10k synthetic services::

    python -m demo.register.build --synthetic 10000 --out var/synthetic.jsonld
    python manage.py sync_register --source var/synthetic.jsonld
    DJANGO_SETTINGS_MODULE=portal.settings.dev python bench/pages_bench.py --runs 50

"Uncached" clears Django's cache before every request; "cached" warms it once first.
Targets (docs/benchmarks.md): <= 15 queries, p95 <= 80 ms uncached and <= 10 ms cached.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")


def main() -> None:
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from catalogue_pages.listing import PER_PAGE, services_for
    from catalogue_pages.models import LifeSituationPage, ServicePage

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    service = ServicePage.objects.live().filter(locale__language_code="lv").first()
    guide = LifeSituationPage.objects.live().filter(locale__language_code="lv").first()
    total = services_for("citizen", "lv").count()
    deep = max(1, total // PER_PAGE)
    urls = {
        "home": "/lv/",
        "catalogue p1": "/lv/iedzivotajiem/",
        f"catalogue p{deep}": f"/lv/iedzivotajiem/?page={deep}",
        "service": service.url if service else None,
        "guide": guide.url if guide else None,
    }
    client = Client()
    print(f"services in the citizen catalogue: {total}")
    print(f"{'page':<18}{'mode':<10}{'p50 ms':>8}{'p95 ms':>8}{'queries':>9}")
    for name, url in urls.items():
        if not url:
            continue
        for mode in ("uncached", "cached"):
            timings = []
            queries = 0
            if mode == "cached":
                client.get(url)
            for _ in range(args.runs):
                if mode == "uncached":
                    cache.clear()
                with CaptureQueriesContext(connection) as captured:
                    start = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
                queries = len(captured.captured_queries)
            timings.sort()
            p50 = statistics.median(timings)
            p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
            print(f"{name:<18}{mode:<10}{p50:>8.1f}{p95:>8.1f}{queries:>9}")


if __name__ == "__main__":
    main()
