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

Run: ``.venv/bin/python bench/stack_bench.py [--seconds 15] [--generator wrk]`` (about 6
minutes). The load generator shares the 2 cores with the servers, so these are lower bounds.
``--generator wrk`` drives the page runs with Debian's ``wrk`` (C, one process per gunicorn
process, the same mix through a Lua script) instead of Python threads, whose own CPU (≈1 ms
of Python per request) otherwise competes with the servers on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote, urlsplit

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


WRK_SCRIPT = """
local paths = {%s}
local headers = {["X-Forwarded-Proto"] = "https"}
request = function()
  return wrk.format("GET", paths[math.random(#paths)], headers)
end
done = function(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format('{"requests": %%d, "seconds": %%f, "errors": %%d, '
    .. '"p50": %%f, "p95": %%f}\\n',
    summary.requests, summary.duration / 1e6, bad,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000))
end
"""


def load_wrk(urls: list[str], work: dict[str, list[str]], clients: int, seconds: float):
    """The same mix from ``wrk``: one process per gunicorn process, ``clients`` split evenly.

    The Lua script draws a path at random from a list that holds each kind as often as its
    weight in the mix (services ×60 …); wrk reports counts and the latency percentiles.
    """
    rng = random.Random(0)
    weighted = [rng.choice(work[kind]) for kind, weight in MIX for _ in range(weight * 5)]
    # wrk sends a path as given: a space in a query ("bezdarbnieka pabalsts") must be encoded.
    script = WRK_SCRIPT % ", ".join(json.dumps(quote(p, safe="/?=&%")) for p in weighted)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    per = max(1, clients // len(urls))
    runs = [
        subprocess.Popen(
            [
                "wrk",
                "-t1",
                f"-c{per}",
                f"-d{int(seconds)}s",
                "--timeout",
                "30s",
                "-s",
                handle.name,
                url,
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for url in urls
    ]
    results = []
    for run in runs:
        out, _ = run.communicate()
        results.append(json.loads(out.strip().splitlines()[-1]))
    os.unlink(handle.name)
    rate = sum(r["requests"] / r["seconds"] for r in results)
    # Per-process percentiles: the report shows the worse of the two.
    latencies = {"p50": [max(r["p50"] for r in results)], "p95": [max(r["p95"] for r in results)]}
    return rate, latencies, sum(r["errors"] for r in results)


def report_wrk(label: str, rate: float, latencies: dict[str, list[float]], errors: int) -> None:
    print(
        f"{label:<22} {rate:7.1f} req/s  p50 {latencies['p50'][0]:6.1f} ms"
        f"  p95 {latencies['p95'][0]:6.1f} ms  errors {errors}  (wrk)"
    )


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


def bare_queries(stack: Stack, clients: int, seconds: float, pair: bool = False) -> list[float]:
    """The search API's own query bodies, posted straight to the cluster.

    ``pair``: each timed unit is what an uncached API search sends — the best-score probe
    (``ServiceQuery.top_score_search``, #11's relative floor) and then the query — so the
    floor holds the same Elasticsearch work as the API, without Django."""
    from search import indexing
    from search.queries import SearchParams, ServiceQuery

    def units(q: str) -> list[dict]:
        query = ServiceQuery(SearchParams(query=q, language="lv"))
        main = query.search(indexing.alias_name()).to_dict()
        return [query.top_score_search(indexing.alias_name()).to_dict(), main] if pair else [main]

    bodies = [units(q) for q in QUERIES]
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
            for body in rng.choice(bodies):
                session.post(f"{node}/{alias}/_search", json=body, timeout=30)
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
    parser.add_argument("--generator", choices=("python", "wrk"), default="python")
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
                # "uncached" also switches off the kept search answers (search/result_cache.py).
                stack.start_web(
                    PAGE_CACHE_SECONDS=seconds,
                    SEARCH_CACHE_SECONDS="60" if seconds != "0" else "0",
                    GUNICORN_WORKERS=args.workers,
                )
                warm(stack.web, work)
                for clients in (20, 100):
                    label = f"{mode} {clients} clients"
                    if args.generator == "wrk":
                        report_wrk(label, *load_wrk(stack.web, work, clients, args.seconds))
                    else:
                        report(label, *load(stack.web, work, clients, args.seconds))
                _rate, api, _errors = load(stack.web, work, 20, args.seconds, mix=[("search", 1)])
                bare = bare_queries(stack, 20, args.seconds)
                ratio = pct(api["search"], 95) / pct(bare, 95)
                kept = "answers kept" if seconds != "0" else "nothing kept"
                print(
                    f"search API ({kept}) p95 {pct(api['search'], 95):.1f} ms vs bare query p95 "
                    f"{pct(bare, 95):.1f} ms: ratio {ratio:.2f} (target <= 1.5)"
                )
                if seconds == "0":
                    pair = bare_queries(stack, 20, args.seconds, pair=True)
                    print(
                        f"  vs bare probe + query p95 {pct(pair, 95):.1f} ms: ratio "
                        f"{pct(api['search'], 95) / pct(pair, 95):.2f}"
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
