"""The database fallback's search as the catalogue grows (issue 23, item 6).

Why this shape: a fallback search should cost what it finds, not what the catalogue holds.
The corpus of a synced database (``DATABASE_URL``, e.g. the 1,000 services of
``bench/pages_bench.py``) is grown in memory with N filler services that hold none of the
searched words, so every size finds exactly the same services; then the same searches run
against it

* through today's ``search.fallback`` answer (``_answer``: count, facets and page from sets,
  relevance by score cells, no row looked at one by one),
* through the scoring of every candidate (``_ranked``: the inverted index, what answered
  before the sets and what still answers a query past ``TOP_BUDGET``),
* and through the previous full scan (every row of the language filtered and scored in Python,
  as ``search/fallback.py`` did before), as the floor to compare with, same run, same rows.

Only the in-memory part is timed: the per-search database work is one index-only ``MAX(pk)``
and, on a cold cache, the service folder's URL, both independent of N.

    DATABASE_URL=sqlite:////tmp/pb/db1k.sqlite3 .venv/bin/python bench/fallback_bench.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

QUERIES = ["pase", "nodokļu izziņa", "dzīvesvietas deklarēšana", "pabalsts", "auto"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0,10000,100000", help="filler services added")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        print("fallback_bench: set DATABASE_URL to a synced database (see the docstring); skipped")
        return 0
    import django

    django.setup()
    from django.test.utils import override_settings

    from search import fallback
    from search.curation import crude_stem
    from search.documents import fold
    from search.queries import INSTITUTIONS_ONLY_DAMPING, PUBLIC_AUDIENCES, SearchParams

    caches = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "limits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fb"},
    }
    with override_settings(CACHES=caches):
        real, real_tokens = fallback._read("lv")

    def old_score(tokens: dict[str, set[str]], stems: list[str]) -> float:
        """The previous per-row ``_score``: each word's best field, row by row."""
        total, found = 0.0, 0
        for stem in stems:
            best = 0.0
            for name, weight in fallback._FIELD_WEIGHTS:
                if stem in tokens[name]:
                    best = max(best, weight)
                elif len(stem) >= 3 and any(t.startswith(stem) for t in tokens[name]):
                    best = max(best, weight * 0.6)
            if best:
                found += 1
                total += best
        needed = len(stems) if len(stems) <= 2 else max(1, int(len(stems) * 0.75 + 0.999))
        return total if found >= needed else 0.0

    public = set(PUBLIC_AUDIENCES)

    def full_scan(rows: list, tokens: list, p: SearchParams) -> list:  # type: ignore[type-arg]
        """The scan before the index: every row filtered and scored."""
        stems = [crude_stem(w) for w in fallback._WORD.findall(fold(p.core_query or p.query))]
        scored = []
        for row, row_tokens in zip(rows, tokens, strict=True):
            if not fallback._matches(row, p):
                continue
            score = old_score(row_tokens, stems)
            if public.isdisjoint(row.audiences):
                score *= INSTITUTIONS_ONLY_DAMPING
            if score > 0:
                scored.append((row, score))
        scored.sort(key=lambda rs: (-rs[1], rs[0].title_sort))
        return scored

    print(f"real services (lv): {len(real)}; queries: {', '.join(QUERIES)}; {args.runs} runs")
    print(
        "| services in the corpus | found (sum) | sets p50 ms | index p50 ms | full scan p50 ms "
        "| sets / scan |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for size in (int(n) for n in args.sizes.split(",")):
        filler = [
            fallback._Row(
                pk=10_000_000 + n,
                identifier=f"F-{n}",
                slug=f"f-{n}",
                title=f"Filler {n}",
                title_sort=f"filler {n}",
                summary="",
                institution="",
                topics=(),
                life_situations=(),
                audiences=("citizen",),
                is_free=False,
                is_online=False,
                modified=None,
            )
            for n in range(size)
        ]
        filler_tokens = [
            {name: {f"zz{n % 5000}q", f"yy{n}"} for name, _weight in fallback._FIELD_WEIGHTS}
            for n in range(size)
        ]
        rows, tokens = real + filler, real_tokens + filler_tokens
        corpus = fallback._Corpus(rows, tokens)
        fallback._corpus = lambda language, corpus=corpus: corpus  # type: ignore[assignment]
        params = [SearchParams(query=q, language="lv") for q in QUERIES]
        found = sum(len(fallback._ranked(p)) for p in params)
        assert found == sum(len(full_scan(rows, tokens, p)) for p in params)
        assert found == sum(fallback._answer(p, corpus).total for p in params)
        timings = {"sets": [], "index": [], "scan": []}  # type: ignore[var-annotated]
        for _ in range(args.runs):
            start = time.perf_counter()
            for p in params:
                fallback._answer(p, corpus)
            timings["sets"].append((time.perf_counter() - start) * 1000 / len(params))
            start = time.perf_counter()
            for p in params:
                fallback._ranked(p)
            timings["index"].append((time.perf_counter() - start) * 1000 / len(params))
            start = time.perf_counter()
            for p in params:
                full_scan(rows, tokens, p)
            timings["scan"].append((time.perf_counter() - start) * 1000 / len(params))
        sets, index, scan = (statistics.median(timings[k]) for k in ("sets", "index", "scan"))
        print(
            f"| {len(corpus.rows):,} | {found} | {sets:.2f} | {index:.2f} | {scan:.2f} "
            f"| {sets / scan:.4f}× |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
