"""Throughput and latency of the production topology on this machine.

The same stack as the combined test (``tests/stack/topology.py``): PostgreSQL, Redis and a
two-node Elasticsearch cluster from the project's scripts, the demo register synced, two
gunicorn processes (``deploy/gunicorn.conf.py``, 1 worker × 4 threads each unless
``--workers``) and the task worker, production settings.

Load: a realistic mix — 60 % service pages, 20 % search API, 10 % catalogues, 10 % guides —
from N concurrent keep-alive clients (threads in this process, round-robin over both
gunicorn processes), ``--seconds`` per run, at 20 and 100 clients:

* ``cached``: the whole-page cache on (``PAGE_CACHE_SECONDS=300``), warmed with every page of
  the workload once on every process;
* ``uncached``: the page cache off (``PAGE_CACHE_SECONDS=0``): every page is rendered, with
  the fragment and listing caches as in production.

Also measured:

* the in-process server time of a cached anonymous page (Django test ``Client`` in this
  process against the same database and Redis, full middleware stack);
* search API p95 against the bare Elasticsearch query (the same query body the API sends,
  posted straight to a node) in the same run, 20 clients each.

Run: ``.venv/bin/python bench/stack_bench.py [--seconds 15]`` (about 6 minutes). The load
generator shares the 2 cores with the servers, so these are lower bounds.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.plugins.services import Part  # noqa: E402
from tests.stack.topology import Stack, build_stack  # noqa: E402

MIX = [("service", 60), ("search", 20), ("catalogue", 10), ("guide", 10)]
QUERIES = [
    "pase",
    "dzivesvieta",
    "bezdarbnieka pabalsts",
    "uznemuma registracija",
    "nodokli",
    "berns",
    "pensija",
    "autovaditaja aplieciba",
    "deklaracija",
    "izzinas",
]
HEADERS = {"X-Forwarded-Proto": "https"}


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def django_in_stack(stack: Stack) -> None:
    """Configure Django in this process exactly like the stack's processes."""
    os.environ.update(stack.env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.production"
    import django

    django.setup()


def workload() -> dict[str, list[str]]:
    from catalogue_pages.models import CatalogueIndexPage, LifeSituationPage, ServicePage

    def paths(model: type) -> list[str]:
        return [
            urlsplit(p.url).path for p in model.objects.live().filter(locale__language_code="lv")
        ]

    return {
        "service": paths(ServicePage)[:200],
        "catalogue": paths(CatalogueIndexPage),
        "guide": paths(LifeSituationPage),
        "search": [f"/api/search/?q={q}&lang=lv" for q in QUERIES],
    }


def load(urls: list[str], work: dict[str, list[str]], clients: int, seconds: float, mix=MIX):
    """Run the mix; return (requests/s, latencies by kind in ms, error count)."""
    kinds = [k for k, w in mix for _ in range(w)]
    latencies: dict[str, list[float]] = defaultdict(list)
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        rng = random.Random(index)
        session = requests.Session()
        base = urls[index % len(urls)]
        mine: dict[str, list[float]] = defaultdict(list)
        bad = 0
        while time.monotonic() < stop:
            kind = rng.choice(kinds)
            path = rng.choice(work[kind])
            started = time.perf_counter()
            try:
                ok = session.get(base + path, headers=HEADERS, timeout=30).status_code == 200
            except requests.RequestException:
                ok = False
            mine[kind].append((time.perf_counter() - started) * 1000)
            bad += not ok
        with lock:
            for kind, values in mine.items():
                latencies[kind].extend(values)
            errors[0] += bad

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    total = sum(len(v) for v in latencies.values())
    return total / elapsed, latencies, errors[0]


def warm(urls: list[str], work: dict[str, list[str]]) -> None:
    """Every page of the workload once on every process (fills the page cache when it is on)."""
    jobs = [base + path for base in urls for kind, paths in work.items() for path in paths]

    def fetch(chunk: list[str]) -> None:
        session = requests.Session()
        for url in chunk:
            session.get(url, headers=HEADERS, timeout=60)

    threads = [threading.Thread(target=fetch, args=(jobs[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def bare_queries(stack: Stack, clients: int, seconds: float) -> list[float]:
    """The search API's own query bodies, posted straight to the cluster."""
    from search import indexing
    from search.queries import SearchParams, ServiceQuery

    bodies = [
        ServiceQuery(SearchParams(query=q, language="lv")).search(indexing.alias_name()).to_dict()
        for q in QUERIES
    ]
    alias = indexing.alias_name()
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        session = requests.Session()
        node = stack.es_nodes[index % len(stack.es_nodes)]
        mine = []
        rng = random.Random(index)
        while time.monotonic() < stop:
            started = time.perf_counter()
            session.post(f"{node}/{alias}/_search", json=rng.choice(bodies), timeout=30)
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies


def in_process_cached_page(work: dict[str, list[str]], runs: int = 300) -> list[float]:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    path = work["service"][0]
    assert client.get(path).status_code == 200
    assert client.get(path).headers.get("X-Page-Cache") == "hit"
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return times


def report(label: str, rate: float, latencies: dict[str, list[float]], errors: int) -> None:
    every = [v for values in latencies.values() for v in values]
    kinds = " ".join(f"{k}={pct(v, 95):.0f}" for k, v in sorted(latencies.items()))
    print(
        f"{label:<22} {rate:7.1f} req/s  p50 {pct(every, 50):6.1f} ms  p95 {pct(every, 95):6.1f} ms"
        f"  errors {errors}  p95 by kind (ms): {kinds}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--workers", default="1")
    args = parser.parse_args()
    parts = [
        Part("postgres.sh", {"PG_NAME": "bench"}),
        Part("redis.sh", {"REDIS_NAME": "bench"}),
        Part("elasticsearch.sh", {"ES_CLUSTER": "bench", "ES_NODES": "2", "ES_HEAP": "256m"}),
    ]
    for part in parts:
        part.start()
    try:
        with build_stack(*parts, extra_env={"GUNICORN_WORKERS": args.workers}) as stack:
            django_in_stack(stack)
            work = workload()
            print(
                f"workload: {', '.join(f'{k} {len(v)}' for k, v in work.items())}; "
                f"{len(stack.web)} gunicorn processes × {args.workers} worker × 4 threads"
            )
            for mode, seconds in (("cached", "300"), ("uncached", "0")):
                stack.stop_web()
                stack.start_web(PAGE_CACHE_SECONDS=seconds, GUNICORN_WORKERS=args.workers)
                warm(stack.web, work)
                for clients in (20, 100):
                    report(
                        f"{mode} {clients} clients", *load(stack.web, work, clients, args.seconds)
                    )
            _rate, api, _errors = load(stack.web, work, 20, args.seconds, mix=[("search", 1)])
            bare = bare_queries(stack, 20, args.seconds)
            ratio = pct(api["search"], 95) / pct(bare, 95)
            print(
                f"search API p95 {pct(api['search'], 95):.1f} ms vs bare query p95 "
                f"{pct(bare, 95):.1f} ms: ratio {ratio:.2f} (target <= 1.5)"
            )
            times = in_process_cached_page(work)
            print(
                f"in-process cached page: p50 {statistics.median(times):.2f} ms, "
                f"p95 {pct(times, 95):.2f} ms (target <= 3 ms)"
            )
    finally:
        for part in parts:
            if part.started_here:
                part.stop()


if __name__ == "__main__":
    main()
