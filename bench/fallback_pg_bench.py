"""The database fallback on PostgreSQL under concurrent clients (issue 23 item 6).

Why a second fallback bench: ``bench/fallback_bench.py`` times the in-memory search on a
corpus grown in memory, one caller at a time. End to end at 100,000 services on PostgreSQL
the fallback answered in seconds: the cost was elsewhere — the corpus build each process
pays (and pays again on every catalogue change), the requests queued behind it, and the
synthetic catalogue's matches that grow with it. This bench measures each part on a synced
PostgreSQL catalogue (``bench/sync_bench.py --postgres --keep``), for two code trees in the
same run (``--tree`` the base checkout, ``--tree`` this branch), so the pair's ratio holds
whatever the shared machine's load:

* ``probe`` (in one fresh process per tree): the corpus build's seconds and RSS added, the
  freshness stamp's query, and per query the candidates, the matches and a warm search's
  time;
* ``load``: gunicorn (one gthread worker per core, 8 threads, Elasticsearch off, as
  production serves the fallback) driven by ``--clients`` threads, warm, then again with the
  catalogue's cache generation bumped every ``--bump-every`` seconds for
  ``--bumped-seconds`` (what publishes and sync runs do), each worker rebuilding its corpus.

    .venv/bin/python bench/fallback_pg_bench.py --database-url postgres://… \
        --tree base=/tmp/fbbase --tree branch=. [--clients 20] [--requests 400] \
        [--bump-every 10] [--bumped-seconds 60]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "pase",
    "dzivesvietas deklaresana",
    "pabalsts",
    "bezdarbnieks",
    "registracija",
    "nodoklis",
    "vaditaja aplieciba",
    "pensija",
    "gimenes",
    "atlauja",
]


def _rss_mb() -> float:
    """The process's current resident set (not the peak): what the corpus adds to it."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def probe() -> None:
    """Runs in a child whose ``sys.path`` starts at the tree measured; prints one JSON line."""
    import django

    django.setup()
    from django.db import connection

    from search import fallback
    from search.curation import crude_stem
    from search.documents import fold
    from search.queries import SearchParams

    connection.ensure_connection()
    fallback._base("lv").count()  # the connection and the ORM's first-query costs, not timed
    before = _rss_mb()
    start = time.perf_counter()
    corpus = fallback._corpus("lv")
    build_s = time.perf_counter() - start
    added = _rss_mb() - before
    stamp_ms = []
    for _ in range(20):
        start = time.perf_counter()
        if hasattr(fallback, "_stamp"):
            fallback._stamp()
        else:  # the base tree's stamp
            fallback._base("lv").aggregate(p=fallback.Max("pk"))
        stamp_ms.append((time.perf_counter() - start) * 1000)
    backend = fallback.DatabaseBackend()
    queries = {}
    for query in QUERIES:
        params = SearchParams(query=query, language="lv")
        stems = [crude_stem(w) for w in fallback._WORD.findall(fold(query))]
        candidates = len(fallback._candidates(corpus, stems))
        found = backend.search(params)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            backend.search(params)
            times.append((time.perf_counter() - start) * 1000)
        queries[query] = {
            "candidates": candidates,
            "total": found.total,
            "ms": round(statistics.median(times), 1),
            "hits": [hit.identifier for hit in found.hits],
        }
    print(
        json.dumps(
            {
                "answers": _answers(backend, SearchParams),
                "rows": len(corpus.rows),
                "build_s": round(build_s, 2),
                "rss_added_mb": round(added, 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "stamp_ms": round(statistics.median(stamp_ms), 2),
                "queries": queries,
            }
        )
    )


#: answers compared between the trees: words, typos, prefixes, English, filters, sorts,
#: paging, people's words (``everyday``) and a long query (the 75 % rule)
VARIANTS: list[dict[str, object]] = [
    {},
    {"page": 2},
    {"page": 40},
    {"sort": "recent"},
    {"sort": "title"},
    {"audience": "citizen"},
    {"audience": "business"},
    {"online": True},
    {"free": True, "page": 3},
    {"everyday": ["nāve apbedīšana"]},
]
EXTRA_QUERIES = [
    "pasee",
    "nodokl",
    "dz",
    "",
    "reģistrācija uzņēmuma nodokļu maksātāja pabalsts",
    "bezdarbniek pabalst",
    "institūcijām atļauja",
]


def _answers(backend, params_type) -> list[object]:  # type: ignore[no-untyped-def]
    out: list[object] = []
    for language, queries in (("lv", QUERIES + EXTRA_QUERIES), ("en", ["passport", "tax"])):
        for query in queries:
            for variant in VARIANTS:
                found = backend.search(params_type(query=query, language=language, **variant))
                out.append(
                    [
                        query,
                        variant,
                        found.total,
                        [(h.identifier, h.url) for h in found.hits],
                        {k: [(f.value, f.count) for f in v] for k, v in found.facets.items()},
                        found.did_you_mean,
                    ]
                )
        for prefix in ("pas", "nod", "dzīv", "reģ u"):
            out.append(
                [prefix, [s.identifier for s in backend.autocomplete(prefix, language, "", 8)]]
            )
    return out


def _env(tree: Path, database_url: str, cache_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        ELASTICSEARCH_URL="",  # the fallback answers, as when Elasticsearch is off or down
        DEBUG="0",
        PYTHONPATH=str(tree),
        CACHE_DIR=cache_dir,  # the file cache every worker and the bumper share
        SEARCH_CACHE_SECONDS="0",
        PAGE_CACHE_SECONDS="0",
    )
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return round(statistics.median(ordered) * 1000, 1), round(p95 * 1000, 1), ordered[-1] * 1000


def _drive(port: int, requests_total: int, clients: int, seconds: float = 0) -> dict[str, float]:
    """``requests_total`` searches over ``clients`` threads, or, with ``seconds``, as many as
    the clients send in that time (so a slow tree and a fast one both see the same bumps)."""
    import requests

    latencies: list[float] = []
    errors = 0
    counter = iter(range(10**9))
    deadline = time.monotonic() + seconds

    def client() -> None:
        nonlocal errors
        while True:
            i = next(counter)
            if (seconds and time.monotonic() > deadline) or (not seconds and i >= requests_total):
                return
            start = time.perf_counter()
            response = requests.get(
                f"http://127.0.0.1:{port}/api/search/",
                params={"q": QUERIES[i % len(QUERIES)]},
                timeout=600,
            )
            latencies.append(time.perf_counter() - start)
            errors += response.status_code != 200 or not response.json()["results"]

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    wall = time.perf_counter() - started
    p50, p95, worst = _percentiles(latencies)
    return {
        "requests": len(latencies),
        "p50": p50,
        "p95": p95,
        "max": round(worst, 1),
        "rps": round(len(latencies) / wall, 1),
        "errors": errors,
    }


def load(tree: Path, args: argparse.Namespace) -> dict[str, dict[str, float]]:
    """Warm, then with generation bumps: one gunicorn per tree, its own file cache."""
    import requests

    cache_dir = tempfile.mkdtemp(prefix="fbpg-cache-")
    env = _env(tree, args.database_url, cache_dir)
    port = _free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(os.cpu_count() or 2),
            "--threads",
            "8",
            "--worker-class",
            "gthread",
            "--timeout",
            "600",
        ],
        cwd=tree,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except requests.RequestException:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(f"gunicorn of {tree} did not start") from None
                time.sleep(0.2)
        # Every worker builds its corpus once before the warm row: enough calls that both
        # workers have answered (each call is cheap once a worker holds its corpus).
        _drive(port, 40, 4)
        warm = _drive(port, args.requests, args.clients)
        # A process that bumps the catalogue's cache generation every ``--bump-every``
        # seconds, as publishes and sync runs do, while the same requests run again.
        bumper = subprocess.Popen(
            [sys.executable, "-c", _BUMP, str(args.bump_every)],
            env=env,
            cwd=tree,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert bumper.stdout is not None
        assert bumper.stdout.readline().strip() == "ready"
        bumped = _drive(port, args.requests, args.clients, seconds=args.bumped_seconds)
        bumper.terminate()
        bumped["bumps"] = len(bumper.communicate(timeout=30)[0].split())
        return {"warm": warm, "bumped": bumped}
    finally:
        server.terminate()
        server.wait(timeout=30)


_BUMP = """
import sys, time
import django
django.setup()
from catalogue_pages import cache
print("ready", flush=True)
while True:
    time.sleep(float(sys.argv[1]))
    cache.bump()
    print("bump", flush=True)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=False)
    parser.add_argument("--tree", action="append", default=[], help="name=path, repeatable")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--bump-every", type=float, default=10.0)
    parser.add_argument("--bumped-seconds", type=float, default=60.0)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        probe()
        return 0
    if not args.database_url:
        print("fallback_pg_bench: --database-url of a synced PostgreSQL catalogue; skipped")
        return 0
    trees = [(name, Path(path).resolve()) for name, path in (t.split("=", 1) for t in args.tree)]
    if not trees:
        trees = [("this tree", ROOT)]
    cache_dir = tempfile.mkdtemp(prefix="fbpg-probe-")
    probes = {}
    for name, tree in trees:
        out = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--probe"],
            env=_env(tree, args.database_url, cache_dir),
            cwd=tree,
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        probes[name] = json.loads(out.strip().splitlines()[-1])
        shown = {k: v for k, v in probes[name].items() if k not in ("queries", "answers")}
        print(name, json.dumps(shown))
        for query, row in probes[name]["queries"].items():
            print(
                f"  {query!r}: {row['candidates']} candidates, {row['total']} found, {row['ms']} ms"
            )
    if len(probes) > 1:
        answers = [p["answers"] for p in probes.values()]
        same = sum(all(a[n] == answers[0][n] for a in answers) for n in range(len(answers[0])))
        print(f"same answers: {same} of {len(answers[0])}")
    if args.skip_load:
        return 0
    for name, tree in trees:
        print(name, json.dumps(load(tree, args)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
