"""Search latency and throughput on loopback, against the real Elasticsearch.

Builds N synthetic services (``demo.register.build --synthetic N``), loads them through the
real ``sync_register`` into a throw-away SQLite database, times ``search_reindex``, then starts
gunicorn (one gthread worker per core) and drives it with a thread pool of ``requests``
clients. In the same run it measures the floor (the bare elasticsearch-dsl query from this
process) and the database fallback (the API with Elasticsearch switched off).

    ELASTICSEARCH_URL=http://127.0.0.1:9250 .venv/bin/python bench/search_bench.py \
        --services 10000 --write

``--database-url URL`` uses an existing synced database instead (the PostgreSQL catalogue
``bench/sync_bench.py --postgres --keep`` leaves): no build, no sync, the reindex and the rest
as above; ``ELASTICSEARCH_URL`` may list several nodes, comma-separated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _search_env  # noqa: E402

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


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return round(p50 * 1000, 1), round(p95 * 1000, 1)


def _load(fn, requests_total: int, clients: int) -> dict:  # type: ignore[no-untyped-def]
    """Run ``fn(i)`` requests_total times over ``clients`` threads; latency and throughput."""
    latencies: list[float] = []
    errors = 0

    def one(i: int) -> None:
        nonlocal errors
        t = time.perf_counter()
        ok = fn(i)
        latencies.append(time.perf_counter() - t)
        errors += not ok

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, range(requests_total)))
    wall = time.perf_counter() - started
    p50, p95 = _percentiles(latencies)
    return {"p50": p50, "p95": p95, "rps": round(requests_total / wall, 1), "errors": errors}


def _interleaved(first, second, requests_total: int, clients: int, rounds: int):  # type: ignore[no-untyped-def]
    """``_load`` of two callables in alternating blocks; each one's figures over all its
    blocks (latencies pooled, throughput = requests / summed block time)."""
    samples: dict[int, list[float]] = {0: [], 1: []}
    seconds = {0: 0.0, 1: 0.0}
    errors = {0: 0, 1: 0}
    block = max(1, requests_total // rounds)
    for _ in range(rounds):
        for which, fn in ((0, first), (1, second)):
            latencies: list[float] = []

            def timed(i: int, fn=fn, latencies=latencies) -> bool:  # type: ignore[no-untyped-def]
                t = time.perf_counter()
                ok = fn(i)
                latencies.append(time.perf_counter() - t)
                return ok

            start = time.perf_counter()
            row = _load(timed, block, clients)
            seconds[which] += time.perf_counter() - start
            samples[which] += latencies
            errors[which] += row["errors"]
    out = []
    for which in (0, 1):
        p50, p95 = _percentiles(samples[which])
        rps = round(len(samples[which]) / max(seconds[which], 1e-9), 1)
        out.append({"p50": p50, "p95": p95, "rps": rps, "errors": errors[which]})
    return out[0], out[1]


def _free_port() -> int:
    """A port the kernel picks: the benchmark never assumes a fixed one is free."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server(db: Path | None, port: int, es: bool) -> subprocess.Popen:
    env = dict(os.environ)
    if not es:
        env["ELASTICSEARCH_URL"] = ""
    env["DEBUG"] = "0"
    env.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    # The production server: gunicorn, one process per core, threads for I/O waits on ES.
    proc = subprocess.Popen(
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
        ],
        cwd=_search_env.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import requests

    for _ in range(100):
        try:
            requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc
        except requests.RequestException:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=10000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="interleave the floor and the JSON API in this many alternating blocks, so a "
        "shared machine's changing load falls on both alike (issue 23.3's same-run ratio)",
    )
    parser.add_argument(
        "--database-url",
        help="an existing synced database (e.g. what `sync_bench.py --postgres --keep` leaves): "
        "no synthetic build, no sync; its catalogue is reindexed into a fresh index prefix",
    )
    args = parser.parse_args()
    os.environ["SEARCH_CACHE_SECONDS"] = "0"  # no kept answers: every search asks Elasticsearch
    db = _search_env.setup("perf", args.database_url)
    servers: list[subprocess.Popen] = []
    try:
        import requests
        from django.conf import settings
        from django.core.management import call_command

        from search import indexing
        from search.queries import SearchParams, ServiceQuery

        snapshot = Path(tempfile.gettempdir()) / f"synthetic-{args.services}.jsonld"
        if not args.database_url and not snapshot.exists():
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "demo.register.build",
                    "--synthetic",
                    str(args.services),
                    "--out",
                    str(snapshot),
                ],
                cwd=_search_env.ROOT,
                check=True,
            )
        t = time.perf_counter()
        if not args.database_url:
            call_command("sync_register", source=str(snapshot), force=True, verbosity=0)
        sync_s = time.perf_counter() - t
        report = indexing.rebuild()
        print(f"sync {sync_s:.1f}s; reindex {report}")

        client = indexing.get_client(timeout=10)
        alias = indexing.alias_name()

        def bare(i: int) -> bool:
            body = ServiceQuery(SearchParams(query=QUERIES[i % len(QUERIES)])).to_dict()
            client.search(index=alias, body=body)
            return True

        _load(bare, 100, 4)  # warm-up
        floor = _load(bare, args.requests, args.clients) if args.rounds <= 1 else None

        os.environ["ELASTICSEARCH_INDEX_PREFIX"] = str(settings.ELASTICSEARCH_INDEX_PREFIX)
        port_es, port_db = _free_port(), _free_port()
        servers.append(_server(db, port_es, es=True))
        servers.append(_server(db, port_db, es=False))
        session = requests.Session()

        def http(port: int, path: str, params_fn):  # type: ignore[no-untyped-def]
            def call(i: int) -> bool:
                r = requests.get(f"http://127.0.0.1:{port}{path}", params=params_fn(i), timeout=60)
                return r.status_code == 200

            return call

        api = http(port_es, "/api/search/", lambda i: {"q": QUERIES[i % len(QUERIES)]})
        page = http(port_es, "/lv/search/", lambda i: {"q": QUERIES[i % len(QUERIES)]})
        auto = http(
            port_es, "/api/autocomplete/", lambda i: {"q": QUERIES[i % len(QUERIES)][: 3 + i % 4]}
        )
        fallback = http(port_db, "/api/search/", lambda i: {"q": QUERIES[i % len(QUERIES)]})
        # First requests build caches (the fallback's folded corpus): one at a time, patiently.
        for port, path in ((port_es, "/api/search/"), (port_db, "/api/search/")):
            requests.get(f"http://127.0.0.1:{port}{path}", params={"q": "pase"}, timeout=300)
        for fn in (api, page, auto, fallback):
            _load(fn, 50, 4)
        if floor is None:
            floor, api_row = _interleaved(bare, api, args.requests, args.clients, args.rounds)
        else:
            api_row = _load(api, args.requests, args.clients)
        rows = {
            "bare elasticsearch-dsl query (floor)": floor,
            "JSON API `/api/search/`": api_row,
            "search page `/lv/search/`": _load(page, args.requests, args.clients),
            "autocomplete `/api/autocomplete/`": _load(auto, args.requests, args.clients),
            "database fallback `/api/search/`": _load(
                fallback, max(100, args.requests // 5), args.clients
            ),
        }
        session.close()
        ratio = round(rows["JSON API `/api/search/`"]["p95"] / max(floor["p95"], 0.1), 2)
        catalogue = (
            f"the existing database's catalogue ({report['indexed']} documents, not re-synced)"
            if args.database_url
            else f"{args.services} synthetic services (x2 languages = "
            f"{report['indexed']} documents) synced with `sync_register` ({sync_s:.0f} s)"
        )
        lines = [
            "## Search speed (`bench/search_bench.py`)",
            "",
            f"{dt.date.today().isoformat()}: {catalogue}, "
            f"gunicorn (gthread, one worker per core, 8 threads, DEBUG off) on loopback, "
            f"{args.clients} concurrent `requests` clients, {args.requests} requests per row.",
            "",
            f"Full reindex (`search_reindex` path): **{report['seconds']} s** (target ≤ 30 s).",
            "",
            "| what | p50 ms | p95 ms | requests/s | errors |",
            "| --- | --- | --- | --- | --- |",
        ]
        for name, r in rows.items():
            lines.append(f"| {name} | {r['p50']} | {r['p95']} | {r['rps']} | {r['errors']} |")
        lines += [
            "",
            f"API p95 / floor p95 = {ratio}× with no kept answer (`SEARCH_CACHE_SECONDS=0`; "
            f"issue 23 target ≤ 1.5×), floor and API in {args.rounds} alternating block(s). "
            "Targets: API p95 ≤ 50 ms at 20 clients, "
            "≥ 150 req/s; autocomplete p95 ≤ 30 ms.",
        ]
        text = "\n".join(lines)
        print(text)
        if args.write:
            _search_env.write_section("search-speed", text)
    finally:
        for proc in servers:
            proc.terminate()
            proc.wait(timeout=10)
        _search_env.cleanup(db)


if __name__ == "__main__":
    main()
