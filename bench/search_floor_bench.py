"""The relative score floor in one Elasticsearch request, against the bare query (issue 23.3).

Three ways to answer the same uncached search, timed in process against the same node and
index, same run, with 4 client threads:

* bare — the counted query alone (``ServiceQuery.search()``: hits, total, facets), no floor;
* two requests — the previous path: a probe for the best score, then the counted query
  carrying ``min_score``;
* one request — ``ElasticsearchBackend.search``: the best ``CANDIDATES`` hits only, the
  floor, total, facets and page taken from them, the path every search whose cut falls within
  them takes; a broad query (every candidate above the cut) then sends a size-0 request
  counting the total and facets above the floor already known (two requests, no probe).
  It also finds the guides (same request, issue 19.2), which the others do not.

Loads the demo register, or ``--services N`` synthetic ones (as ``bench/search_bench.py``).

    ELASTICSEARCH_URL=http://127.0.0.1:9250 .venv/bin/python bench/search_floor_bench.py \\
        --services 5000 --write
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _search_env  # noqa: E402
from search_bench import QUERIES, _load  # noqa: E402

PEOPLE_QUERIES = ["my father died", "register my address", "nomira tetis", "dzivesvietas maina"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=0, help="synthetic services (0 = demo)")
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("ELASTICSEARCH_TIMEOUT", "10")
    db = _search_env.setup("floor")
    try:
        from django.core.management import call_command

        from search import es_backend, indexing
        from search.backend import SearchResults as Results
        from search.curation import expand_synonyms, understand_query
        from search.queries import SearchParams, ServiceQuery
        from tests.search.relevance.evaluate import SNAPSHOT

        snapshot = SNAPSHOT
        if args.services:
            snapshot = Path(tempfile.gettempdir()) / f"synthetic-{args.services}.jsonld"
            if not snapshot.exists():
                subprocess.run(
                    [sys.executable, "-m", "demo.register.build", "--synthetic",
                     str(args.services), "--out", str(snapshot)],
                    cwd=_search_env.ROOT, check=True,
                )  # fmt: skip
        call_command("sync_register", source=str(snapshot), force=True, verbosity=0)
        report = indexing.rebuild()
        client = indexing.get_client(timeout=10)
        alias = indexing.alias_name()
        queries = QUERIES + PEOPLE_QUERIES

        def params(i: int) -> SearchParams:
            p = SearchParams(query=queries[i % len(queries)])
            p.synonyms = expand_synonyms(p.query, p.language)
            p.everyday, p.core_query = understand_query(p.query, p.language)
            return p

        prepared = [params(i) for i in range(len(queries))]

        def bare(i: int) -> bool:
            body = ServiceQuery(copy.deepcopy(prepared[i % len(queries)])).search(alias).to_dict()
            client.search(index=alias, body=body)
            return True

        def two(i: int) -> bool:
            p = copy.deepcopy(prepared[i % len(queries)])
            p.min_score = es_backend._relative_floor(p)
            client.search(index=alias, body=ServiceQuery(p).search(alias).to_dict())
            return True

        backend = es_backend.ElasticsearchBackend()

        def one(i: int) -> bool:
            backend.search(copy.deepcopy(prepared[i % len(queries)]))  # overflow included
            return True

        rows = {}
        for name, fn in (("bare query", bare), ("two requests", two), ("one request", one)):
            _load(fn, 60, args.clients)  # warm-up
            rows[name] = _load(fn, args.requests, args.clients)
        one_request = [
            isinstance(es_backend._one_request(copy.deepcopy(p)), Results) for p in prepared
        ]
        share = sum(one_request) / len(one_request)
        base = rows["bare query"]["p95"]
        lines = [
            "## Relative score floor: one request (`bench/search_floor_bench.py"
            + (f" --services {args.services}" if args.services else "")
            + "`)",
            "",
            f"{dt.date.today().isoformat()}, {platform.node()} ({os.cpu_count()} cores, shared), "
            f"{report['indexed']} documents "
            f"({'demo register' if not args.services else f'{args.services} synthetic services'}),"
            f" {len(queries)} queries round-robin, {args.clients} client threads in process, "
            f"{args.requests} searches per row, same run.",
            "",
            "| path | p50 ms | p95 ms | searches/s | p95 / bare |",
            "| --- | --- | --- | --- | --- |",
        ]
        for name, r in rows.items():
            lines.append(
                f"| {name} | {r['p50']} | {r['p95']} | {r['rps']} | {r['p95'] / base:.2f}× |"
            )
        lines += [
            "",
            f"Answered by one request: {share:.0%} of the queries; the others (every candidate "
            "above the cut) send the counted query with the floor already known: two requests, "
            "no probe.",
        ]
        text = "\n".join(lines)
        print(text)
        if args.write:
            marker = f"search-floor-{args.services}" if args.services else "search-floor"
            _search_env.write_section(marker, text)
    finally:
        _search_env.cleanup(db)


if __name__ == "__main__":
    main()
