"""Continuous improvement at scale: recompute everything, and the statistics endpoint.

Run it against a database the sync has filled (10,000 services)::

    python -m demo.register.build --synthetic 10000 --out /tmp/ib/big10k.jsonld
    DATABASE_URL=sqlite:////tmp/ib/db10k.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/ib/db10k.sqlite3 python manage.py sync_register \\
        --source /tmp/ib/big10k.jsonld
    DATABASE_URL=sqlite:////tmp/ib/db10k.sqlite3 python bench/improvement_bench.py

Without ``DATABASE_URL`` (as ``bench/run.sh`` calls it) a throw-away database of
``--synthetic`` services (default 300) is built in a temporary directory first.

The first run seeds signals the way a busy portal would have them (``--feedback`` answers,
``--requests`` requests, half of them completed with a status event, ``--searches`` logged
searches with a click each), unless the database already has requests. Then:

* ``refresh_everything`` (links, completeness, search demand, statistics of every service),
  twice: cold (the app's tables emptied first, every row created) and again (nothing
  changed, so only reads). Target <= 30 s at 10k.
* ``GET /api/statistics/services/<id>/`` for ``--runs`` random services, in-process with
  Django's test ``Client`` (full middleware, DEBUG off). Target p95 <= 20 ms at 10k. The
  floor is the same ``Client.get`` of a trivial view (returns "ok", no query).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import sys
import tempfile
import time
import types
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import _synthetic  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.dummy.DummyBackend")

TARGET_REFRESH_S = 30.0
TARGET_P95_MS = 20.0


def build_database(services: int, directory: Path) -> str:
    return _synthetic.build_database(services, directory, "improvement_bench")


def percentile(sorted_values: list[float], share: float) -> float:
    rank = max(1, math.ceil(share * len(sorted_values)))
    return sorted_values[rank - 1]


def seed(feedback: int, requests: int, searches: int) -> None:
    """Realistic volumes of the signals the statistics summarise (bulk, deterministic)."""
    from django.utils import timezone

    from catalogue_pages.models import PageFeedback, ServicePage
    from search.models import ClickLog, QueryLog
    from service_requests.models import RequestEvent, ServiceRequest

    if ServiceRequest.objects.exists():
        return
    rng = random.Random(2026)
    pages = list(ServicePage.objects.live().values_list("id", "identifier", "title"))
    now = timezone.now()
    PageFeedback.objects.bulk_create(
        [
            PageFeedback(
                page_id=rng.choice(pages)[0],
                useful=rng.random() < 0.7,
                comment="" if rng.random() < 0.8 else "Komentārs",
            )
            for _ in range(feedback)
        ],
        batch_size=2000,
    )
    kinds = ["service-request", "information-request", "problem", "complaint"]
    made = []
    for n in range(requests):
        _page_id, identifier, title = rng.choice(pages)
        made.append(
            ServiceRequest(
                reference=f"PP-2026-{n + 1:06d}",
                year=2026,
                sequence=n + 1,
                idempotency_token=f"bench-{n}",
                service_identifier=identifier,
                service_title=title[:500],
                request_kind=rng.choice(kinds),
                provider_iri="https://virsis.example/id/org/BENCH",
                contact_name="Bench",
                email="bench@example.lv",
                needed="x",
                status="completed" if n % 2 else "registered",
            )
        )
    ServiceRequest.objects.bulk_create(made, batch_size=2000)
    completed = ServiceRequest.objects.filter(status="completed").values_list("id", flat=True)
    events = [
        RequestEvent(
            request_id=pk,
            action="status",
            field="status",
            from_value="in_progress",
            to_value="completed",
        )
        for pk in completed
    ]
    RequestEvent.objects.bulk_create(events, batch_size=2000)
    RequestEvent.objects.update(created_at=now + timedelta(hours=30))
    words = ["pase", "deklarēšana", "pabalsts", "uzņēmums", "nodoklis", "vīza", "izziņa"]
    logs = QueryLog.objects.bulk_create(
        [
            QueryLog(query=rng.choice(words), language="lv", result_count=rng.randint(0, 20))
            for _ in range(searches)
        ],
        batch_size=2000,
    )
    ClickLog.objects.bulk_create(
        [ClickLog(query_log=log, identifier=rng.choice(pages)[1]) for log in logs],
        batch_size=2000,
    )


def trivial_urlconf() -> types.ModuleType:
    from django.http import HttpResponse
    from django.urls import path

    module = types.ModuleType("improvement_bench_urls")
    module.urlpatterns = [path("floor/", lambda request: HttpResponse("ok"))]  # type: ignore[attr-defined]
    return module


def timed_gets(client, urls: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    client.get(urls[0])  # untimed warm-up
    timings = []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return sorted(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", type=int, default=300)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--feedback", type=int, default=50000)
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--searches", type=int, default=20000)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        directory = Path(tempfile.mkdtemp(prefix="improvement-bench-"))
        os.environ["DATABASE_URL"] = build_database(args.synthetic, directory)

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from improvement.models import ServiceHealth
    from improvement.services import refresh_everything

    seed(args.feedback, args.requests, args.searches)
    from improvement.models import ExternalLink, PageLink, SearchDemand

    # Cold: nothing of the app's own rows exists (first install); then warm and unchanged.
    for model in (PageLink, ExternalLink, SearchDemand, ServiceHealth):
        model.objects.all().delete()
    refresh_times = []
    for _ in range(2):
        started = time.perf_counter()
        counts = refresh_everything()
        refresh_times.append(time.perf_counter() - started)
    # Floor of the refresh: reading the columns completeness needs once, nothing else.
    from catalogue_pages.models import ServicePage
    from improvement.completeness import PAGE_FIELDS

    started = time.perf_counter()
    rows = sum(1 for _ in ServicePage.objects.values(*PAGE_FIELDS).iterator(chunk_size=2000))
    read_floor = time.perf_counter() - started
    services = ServiceHealth.objects.count()
    print(f"floor: read {rows} service pages' columns once: {read_floor:.1f} s")
    print(f"services: {services}; counts: {counts}")
    print(
        f"refresh_everything: cold {refresh_times[0]:.1f} s, again (unchanged) "
        f"{refresh_times[1]:.1f} s "
        f"(target <= {TARGET_REFRESH_S:.0f} s)"
    )

    rng = random.Random(7)
    identifiers = list(ServiceHealth.objects.values_list("identifier", flat=True))
    urls = [f"/api/statistics/services/{rng.choice(identifiers)}/" for _ in range(args.runs)]
    client = Client(HTTP_HOST="localhost")
    executed: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        executed.append(sql)
        return execute(sql, params, many, context)

    # (CaptureQueriesContext would read 0: request_started clears the query log.)
    client.get(urls[0])
    with connection.execute_wrapper(count):
        client.get(urls[1])
    api = timed_gets(client, urls)
    with override_settings(ROOT_URLCONF=trivial_urlconf()):
        floor = timed_gets(client, ["/floor/"] * args.runs)
    p50, p95 = percentile(api, 0.5), percentile(api, 0.95)
    f50 = percentile(floor, 0.5)
    print("| request | p50 ms | p95 ms | max ms | queries | ratio to floor (p50) |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(
        f"| floor: trivial view | {f50:.2f} | {percentile(floor, 0.95):.2f} | "
        f"{floor[-1]:.2f} | 0 | 1.0 |"
    )
    print(
        f"| statistics endpoint | {p50:.2f} | {p95:.2f} | {api[-1]:.2f} | "
        f"{len(executed)} | {p50 / f50:.1f} |"
    )
    print(f"target p95 <= {TARGET_P95_MS:.0f} ms: {'ok' if p95 <= TARGET_P95_MS else 'OVER'}")
    ok = max(refresh_times) <= TARGET_REFRESH_S and p95 <= TARGET_P95_MS
    return 0 if ok or services < 5000 else 1


if __name__ == "__main__":
    raise SystemExit(main())
