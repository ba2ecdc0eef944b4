"""Full reindex (``search_reindex``) against its floors, in one run (not a test).

Run it against a database the sync has filled and an Elasticsearch cluster::

    DATABASE_URL=<url> ELASTICSEARCH_URL=<node>[,<node>] \\
        .venv/bin/python bench/reindex_bench.py [--rounds 2] [--replicas 1]

Each measurement is a fresh process (so its peak RSS is its own), alternating in rounds so a
shared machine's changing load falls on every row alike:

* ``documents``: building every document from the database, nothing sent — the Python floor.
* ``bulk floor``: the same documents, written beforehand to an NDJSON file, read back and
  sent to a fresh index with ``helpers.bulk`` (one request at a time, refresh off, no
  replica) — what Elasticsearch alone costs for this catalogue.
* ``rebuild``: ``search.indexing.rebuild()`` — fresh index, documents, bulk, replicas, refresh,
  warm-up and alias swap, exactly what ``manage.py search_reindex`` runs.

The indices live under their own prefix and are deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _iso(value: object) -> str:
    return value.isoformat()  # type: ignore[attr-defined]  # dates: as the client sends them


def _phase(name: str, ndjson: Path) -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from elasticsearch import helpers

    from search import indexing

    started = time.perf_counter()
    if name == "documents":
        with ndjson.open("w") as out:
            count = 0
            for action in indexing._actions(indexing.catalogue_pages(), "x"):
                out.write(json.dumps(action["_source"], default=_iso) + "\n")
                count += 1
        result: dict[str, object] = {"documents": count}
    elif name == "bulk-floor":
        client = indexing.bulk_client()
        index = f"{indexing.alias_name()}-floor-{uuid.uuid4().hex[:6]}"
        indexing.create_index(index, replicas=0)
        client.indices.put_settings(index=index, settings={"refresh_interval": "-1"})

        def actions():  # type: ignore[no-untyped-def]
            with ndjson.open() as lines:
                for line in lines:
                    yield {"_index": index, "_source": json.loads(line)}

        ok, errors = helpers.bulk(
            client, actions(), chunk_size=indexing.BULK_CHUNK, raise_on_error=False
        )
        if errors:
            raise SystemExit(f"the floor's bulk was refused: {errors[:1]}")
        client.indices.refresh(index=index)
        client.indices.delete(index=index)
        result = {"documents": ok}
    else:
        report = indexing.rebuild()
        result = {"documents": report["indexed"], "errors": report["errors"]}
    result.update(
        phase=name,
        seconds=round(time.perf_counter() - started, 2),
        peak_rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    )
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--replicas", type=int, default=None, help="ELASTICSEARCH_REPLICAS")
    parser.add_argument("--phase")
    parser.add_argument("--ndjson", type=Path)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(_phase(args.phase, args.ndjson)), flush=True)
        return 0
    if not os.environ.get("DATABASE_URL") or not os.environ.get("ELASTICSEARCH_URL"):
        parser.error("set DATABASE_URL (a synced catalogue) and ELASTICSEARCH_URL")
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    env["ELASTICSEARCH_INDEX_PREFIX"] = f"bench-reindex-{uuid.uuid4().hex[:6]}-"
    if args.replicas is not None:
        env["ELASTICSEARCH_REPLICAS"] = str(args.replicas)
    results: dict[str, list[dict[str, object]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        ndjson = Path(tmp) / "documents.ndjson"
        try:
            for _round in range(args.rounds):
                for name in ("documents", "bulk-floor", "rebuild"):
                    out = subprocess.run(
                        [sys.executable, __file__, "--phase", name, "--ndjson", str(ndjson)],
                        check=True,
                        cwd=ROOT,
                        env=env,
                        capture_output=True,
                        text=True,
                    )
                    result = json.loads(out.stdout.strip().splitlines()[-1])
                    results.setdefault(name, []).append(result)
                    print(json.dumps(result), f"load {os.getloadavg()[0]:.1f}", flush=True)
        finally:
            _cleanup(env)
    best = {name: min(float(str(r["seconds"])) for r in rows) for name, rows in results.items()}
    floor = max(best["documents"], best["bulk-floor"])
    print(
        f"best of {args.rounds}: documents {best['documents']:.1f} s, bulk floor "
        f"{best['bulk-floor']:.1f} s, rebuild {best['rebuild']:.1f} s = "
        f"{best['rebuild'] / floor:.2f}x the larger floor, "
        f"{best['rebuild'] / (best['documents'] + best['bulk-floor']):.2f}x their sum"
    )
    return 0


def _cleanup(env: dict[str, str]) -> None:
    from elasticsearch import Elasticsearch

    client = Elasticsearch(env["ELASTICSEARCH_URL"].split(",")[0])
    prefix = env["ELASTICSEARCH_INDEX_PREFIX"]
    indices = client.indices.get(index=f"{prefix}*", expand_wildcards="all")
    if indices:
        client.indices.delete(index=",".join(indices))


if __name__ == "__main__":
    raise SystemExit(main())
