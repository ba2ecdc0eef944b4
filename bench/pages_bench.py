"""Server time and SQL queries of the public pages, uncached and cached.

Run it against a database the sync has filled (one run per catalogue size)::

    python -m demo.register.build --synthetic 10000 --out /tmp/pb/big10k.jsonld
    DATABASE_URL=sqlite:////tmp/pb/db10k.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/pb/db10k.sqlite3 python manage.py sync_register \\
        --source /tmp/pb/big10k.jsonld
    DATABASE_URL=sqlite:////tmp/pb/db10k.sqlite3 python bench/pages_bench.py --runs 50

Without ``DATABASE_URL`` (as ``bench/run.sh`` calls it) the script builds a throw-away
database of ``--synthetic`` services (default 300) in a temporary directory first; it never
touches the developer database.

Measured in-process with Django's test ``Client`` against the full middleware stack, DEBUG
off: server time = one ``Client.get`` (request handling, rendering included);
queries = ``CaptureQueriesContext`` of that request.

* ``uncached``: Django's cache is cleared before *every* request (listing caches, template
  fragment caches, Wagtail's site root paths — everything the cache backend holds).
* ``page miss``: the cache is cleared, then another page of the same kind is requested
  untimed, then the timed one: only the page's own entries (its page cache entry, fragments,
  translations) are cold, what all pages share (navigation, footer) is warm — a visitor's
  first look at a page nobody opened since the last change (service and guide rows).
* ``cached``: one warming request, then the timed requests hit a warm cache (the whole-page
  cache, on by default).

Each series starts with one untimed request (template compilation, first imports). The floor
is the same ``Client.get`` of a trivial view (returns "ok", no query) and of ``/healthz``
(one ``SELECT 1``); the ratio column is p50 / p50 of the trivial view.
Targets (docs/benchmarks.md): <= 15 queries, p95 <= 80 ms uncached and <= 10 ms cached.

The cache is the local-memory one whatever the settings say (``uncached`` clears it, and must
not clear a file cache or Redis that other processes use); the whole-page cache keeps its
setting (on by default), so a *cached* row is what an anonymous visitor gets.

``--peer DIR`` measures Wagtail's bakerydemo (checked out and migrated in ``DIR``, with its own
virtualenv in ``DIR/venv`` or ``--peer-python``) the same way in a subprocess, before and after
the portal's rows, and prints the same-run ratios (issue 23, item 6: the uncached service page
at <= 0.5x bakerydemo's detail page). Setting bakerydemo up: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault(
    "DEBUG", "0"
)  # dev settings default to DEBUG on: measure what production runs

TARGET_QUERIES = 15
TARGET_P95 = {"uncached": 80.0, "page miss": 80.0, "cached": 10.0}


def build_database(services: int, directory: Path) -> str:
    """Synthetic snapshot -> migrate -> sync, in subprocesses; returns the database URL."""
    snapshot = directory / "synthetic.jsonld"
    url = f"sqlite:///{directory / 'pages_bench.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url}
    python = sys.executable
    steps = [
        [python, "-m", "demo.register.build", "--synthetic", str(services), "--out", str(snapshot)],
        [python, "manage.py", "migrate", "-v0"],
        [python, "manage.py", "sync_register", "--source", str(snapshot)],
    ]
    for step in steps:
        subprocess.run(step, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return url


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    rank = max(1, math.ceil(share * len(sorted_values)))
    return sorted_values[rank - 1]


def trivial_urlconf() -> types.ModuleType:
    from django.http import HttpResponse
    from django.urls import path

    module = types.ModuleType("pages_bench_urls")
    module.urlpatterns = [path("floor/", lambda request: HttpResponse("ok"))]  # type: ignore[attr-defined]
    return module


def measure(
    client: Any,
    url: str,
    mode: str,
    runs: int,
    urlconf: Any = None,
    neighbour: str | None = None,
) -> dict[str, Any]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    overrides = override_settings(ROOT_URLCONF=urlconf) if urlconf is not None else None
    if overrides:
        overrides.enable()
    try:
        cache.clear()
        response = client.get(url)  # untimed: compiles templates, warms imports (and the cache)
        assert response.status_code == 200, (url, response.status_code)
        timings: list[float] = []
        queries: list[int] = []
        for _ in range(runs):
            if mode == "uncached":
                cache.clear()
            elif mode == "page miss":
                cache.clear()
                client.get(neighbour)  # untimed: what every page shares is in the cache again
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries.append(len(captured.captured_queries))
    finally:
        if overrides:
            overrides.disable()
    return summary(timings, queries)


def summary(timings: list[float], queries: list[int]) -> dict[str, Any]:
    """p50, p95 and the query counts of pooled samples (kept, so rounds can be pooled)."""
    ordered = sorted(timings)
    return {
        "p50": statistics.median(ordered),
        "p95": percentile(ordered, 0.95),
        "queries": max(queries),
        "queries_min": min(queries),
        "timings": ordered,
        "query_counts": list(queries),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed requests per row")
    parser.add_argument(
        "--synthetic",
        type=int,
        default=300,
        help="without DATABASE_URL: size of the throw-away database to build",
    )
    parser.add_argument("--language", default="lv")
    parser.add_argument(
        "--analyze",
        action="store_true",
        help="PostgreSQL: ANALYZE first (a database measured right after its first sync may "
        "have no planner statistics yet, see measure_all)",
    )
    parser.add_argument("--peer", type=Path, help="a migrated bakerydemo checkout to compare with")
    parser.add_argument(
        "--rounds", type=int, default=3, help="with --peer: alternating rounds (see run)"
    )
    parser.add_argument(
        "--peer-python", type=Path, help="bakerydemo's interpreter (default: DIR/venv/bin/python)"
    )
    args = parser.parse_args()

    tmp = None
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.TemporaryDirectory(prefix="pages-bench-")
        print(
            f"DATABASE_URL not set: building a throw-away database of {args.synthetic} "
            f"synthetic services in {tmp.name} (for the documented figures run it against a "
            "database synced with 1k and 10k services, see this script's docstring)"
        )
        os.environ["DATABASE_URL"] = build_database(args.synthetic, Path(tmp.name))
    try:
        return run(args)
    finally:
        if tmp is not None:
            tmp.cleanup()


def gc_figures() -> tuple[int, float]:
    """Objects the collector tracks, and the median ms of a full collection (5 runs)."""
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        gc.collect()
        timings.append((time.perf_counter() - start) * 1000)
    return len(gc.get_objects()), statistics.median(timings)


def planner_statistics(analyze: bool) -> str:
    """When PostgreSQL last gathered statistics on the page table (after ``ANALYZE``, if asked).

    Why: right after a first sync autovacuum has not analyzed the new rows yet, and without
    statistics the planner walks every page of a language to find the four information pages
    of the footer (23 ms at 10,000 services, growing with the catalogue): a page figure taken
    then measures the missing statistics, not the page."""
    from django.db import connection

    with connection.cursor() as cursor:
        if analyze:
            cursor.execute("ANALYZE")
        cursor.execute(
            "SELECT greatest(last_analyze, last_autoanalyze) FROM pg_stat_user_tables "
            "WHERE relname = 'wagtailcore_page'"
        )
        row = cursor.fetchone()
    return f"gathered {row[0]:%Y-%m-%d %H:%M} UTC" if row and row[0] else "none yet"


LOCAL_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "limits": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages-bench-limits",
    },
}


def run_peer(args: argparse.Namespace, runs: int) -> dict[str, Any] | None:
    """bakerydemo's figures, measured by ``bench/peer_bakerydemo.py`` in its own process."""
    if args.peer is None:
        return None
    python = args.peer_python or args.peer / "venv" / "bin" / "python"
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG")
    }
    done = subprocess.run(
        [str(python), str(ROOT / "bench" / "peer_bakerydemo.py"), str(runs)],
        cwd=args.peer,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def run(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.test.utils import override_settings

    with override_settings(CACHES=LOCAL_CACHES):
        return measure_all(args)


def measure_all(args: argparse.Namespace) -> int:
    from django.conf import settings
    from django.test import Client
    from django.utils import translation

    from catalogue_pages.catalogue_query import PER_PAGE
    from catalogue_pages.models import CatalogueIndexPage, LifeSituationPage, ServicePage

    language = args.language
    with translation.override(language):
        catalogue = (
            CatalogueIndexPage.objects.live()
            .filter(locale__language_code=language, audience="citizen")
            .first()
        )
        total = ServicePage.objects.in_catalogue("citizen", language).count()
        # A service from the middle of the catalogue (A–Z) and the guide with most services.
        service = (
            ServicePage.objects.in_catalogue("citizen", language).order_by("title", "pk")[
                total // 2 : total // 2 + 1
            ]
        ).first()
        neighbour = (
            ServicePage.objects.in_catalogue("citizen", language).order_by("title", "pk")[
                total // 2 + 1 : total // 2 + 2
            ]
        ).first()
        guides = (
            LifeSituationPage.objects.live()
            .filter(locale__language_code=language)
            .order_by("title")
        )
        guide, other_guide = guides.first(), guides[1:2].first()
        last_page = max(1, math.ceil(total / PER_PAGE))
        urls = {
            "home": f"/{language}/",
            "catalogue p1": catalogue.url if catalogue else None,
            f"catalogue p{last_page}": f"{catalogue.url}?page={last_page}" if catalogue else None,
            "service": service.url if service else None,
            "guide": guide.url if guide else None,
        }
        # "page miss": another page of the same kind is requested (untimed) after the cache is
        # cleared, so what every page shares (navigation, site root paths, the footer) is in
        # the cache and only the page's own entries are cold, as after a visitor's first look
        # at a page nobody opened since the last change.
        neighbours = {
            "service": neighbour.url if neighbour else None,
            "guide": other_guide.url if other_guide else None,
        }
    all_services = ServicePage.objects.live().filter(locale__language_code=language).count()
    database = settings.DATABASES["default"]
    engine = database["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"database: {database['NAME']} ({engine}), DEBUG={settings.DEBUG}, "
        f"{args.runs} timed requests per row"
    )
    if engine == "postgresql":
        print(f"planner statistics of wagtailcore_page: {planner_statistics(args.analyze)}")
    print(f"live services ({language}): {all_services}; in the citizen catalogue: {total}")
    for name, url in urls.items():
        print(f"  {name:<16} {url}")

    print(f"whole-page cache: PAGE_CACHE_SECONDS={settings.PAGE_CACHE_SECONDS}")
    client = Client(HTTP_HOST="localhost")
    client.get(urls["service"] or "/")  # warm imports before counting the objects gc tracks
    # As portal.wsgi does in every worker: start-up's objects out of the collector's sight.
    tracked, full_gc_before = gc_figures()
    gc.freeze()
    tracked_after, full_gc_after = gc_figures()
    # Rounds: bakerydemo, then the portal, then bakerydemo again …, each with a share of the
    # requests, samples pooled per row: a shared machine's load moves within minutes, and
    # alternating lets it fall on both sides alike.
    rounds = max(1, args.rounds if args.peer is not None else 1)
    per_round = max(1, math.ceil(args.runs / rounds))
    pooled: dict[tuple[str, str], list[dict[str, Any]]] = {}
    peers: list[dict[str, Any]] = []
    for _round in range(rounds):
        peer = run_peer(args, per_round)
        if peer is not None:
            peers.append(peer)
        floor_conf = trivial_urlconf()
        plan: list[tuple[str, str, str, str | None, Any]] = [
            ("floor: trivial view", "—", "/floor/", None, floor_conf),
            ("floor: /healthz", "—", "/healthz", None, None),
        ]
        for name, url in urls.items():
            if not url:
                continue
            for mode in ("uncached", "page miss", "cached"):
                if mode == "page miss" and not neighbours.get(name):
                    continue
                plan.append((name, mode, url, neighbours.get(name), None))
        for name, mode, url, neighbour, urlconf in plan:
            measured_mode = "cached" if mode == "—" else mode
            row = measure(client, url, measured_mode, per_round, urlconf, neighbour)
            pooled.setdefault((name, mode), []).append(row)
    rows: list[tuple[str, str, dict[str, Any]]] = [
        (
            name,
            mode,
            summary(
                [t for part in parts for t in part["timings"]],
                [q for part in parts for q in part["query_counts"]],
            ),
        )
        for (name, mode), parts in pooled.items()
    ]
    floor = rows[0][2]

    print()
    print("| page | mode | p50 ms | p95 ms | queries | p50 / floor | target |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    missed = 0
    for name, mode, row in rows:
        queries = f"{row['queries']}"
        if row["queries_min"] != row["queries"]:
            queries = f"{row['queries_min']}–{row['queries']}"
        target = ""
        if mode in TARGET_P95:
            ok = row["p95"] <= TARGET_P95[mode] and row["queries"] <= TARGET_QUERIES
            missed += not ok
            target = "✔" if ok else "✘"
        ratio = row["p50"] / floor["p50"] if floor["p50"] else float("nan")
        print(
            f"| {name} | {mode} | {row['p50']:.1f} | {row['p95']:.1f} | {queries} "
            f"| {ratio:.0f}× | {target} |"
        )
    print(
        f"\ntargets: <= {TARGET_QUERIES} queries, p95 <= {TARGET_P95['uncached']:.0f} ms uncached, "
        f"<= {TARGET_P95['cached']:.0f} ms cached; rows over target: {missed}"
    )
    print(
        f"objects tracked by gc after start-up: {tracked:,}, a full collection "
        f"{full_gc_before:.1f} ms; after gc.freeze() (portal.wsgi): {tracked_after:,}, "
        f"{full_gc_after:.1f} ms"
    )
    if peers:
        print_peer(rows, peers)
    return 0


#: Which portal row is compared with which bakerydemo page.
PEER_PAIRS = (
    ("home", "uncached", "home", "uncached"),
    ("catalogue p1", "uncached", "listing (breads index)", "uncached"),
    ("service", "uncached", "detail (bread page)", "uncached"),
    ("service", "page miss", "detail (bread page)", "page miss"),
    ("guide", "uncached", "detail (blog page)", "uncached"),
    ("service", "cached", "detail (bread page)", "cached"),
)


def print_peer(rows: list[tuple[str, str, dict[str, Any]]], peers: list[dict[str, Any]]) -> None:
    """Ratio = the portal's p50 / bakerydemo's p50, samples of all rounds pooled."""
    last = peers[-1]
    print(
        f"\npeer: bakerydemo, {last['pages']} live pages, DEBUG={last['debug']}, "
        f"{len(peers)} rounds alternating with the portal's; objects tracked by gc after "
        f"start-up: {last['gc_tracked']:,}, a full collection {last['gc_full_ms']:.1f} ms "
        "(bakerydemo freezes nothing)"
    )
    theirs: dict[tuple[str, str], dict[str, Any]] = {}
    for mode in ("uncached", "page miss", "cached"):
        for name in last.get(mode, {}):
            parts = [peer[mode][name] for peer in peers]
            theirs[(name, mode)] = summary(
                [t for part in parts for t in part["timings"]], [part["queries"] for part in parts]
            )
    print("| bakerydemo page | mode | p50 ms | p95 ms | queries |")
    print("| --- | --- | ---: | ---: | ---: |")
    for (name, mode), row in theirs.items():
        print(f"| {name} | {mode} | {row['p50']:.1f} | {row['p95']:.1f} | {row['queries']} |")
    ours = {(name, mode): row for name, mode, row in rows}
    print("\n| portal page | bakerydemo page | portal p50 ms | peer p50 ms | ratio |")
    print("| --- | --- | ---: | ---: | ---: |")
    for name, mode, peer_name, peer_mode in PEER_PAIRS:
        if (name, mode) not in ours or (peer_name, peer_mode) not in theirs:
            continue
        peer = theirs[(peer_name, peer_mode)]["p50"]
        mine = ours[(name, mode)]["p50"]
        print(
            f"| {name} ({mode}) | {peer_name} ({peer_mode}) | {mine:.1f} | {peer:.1f} "
            f"| {mine / peer:.2f}× |"
        )


if __name__ == "__main__":
    sys.exit(main())
