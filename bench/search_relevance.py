"""Relevance of service search on the demo register, per Latvian analysis variant.

Syncs the demo snapshot through the real ``sync_register`` into a throw-away database,
indexes it once per stemming variant (hunspell + verb rules, verb rules only, light stemmer
only) and reports success@3 and MRR on ``tests/search/relevance/queries.json``; plus the
database fallback for comparison. ``--write`` updates docs/benchmarks.md.

    ELASTICSEARCH_URL=http://127.0.0.1:9250 .venv/bin/python bench/search_relevance.py --write
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _search_env  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    os.environ.setdefault("ELASTICSEARCH_TIMEOUT", "10")  # relevance, not latency
    db = _search_env.setup("relevance")
    try:
        from django.core.management import call_command
        from django.test.utils import override_settings

        from search import indexing, service
        from search.analysis import STEMMERS
        from search.queries import SearchParams
        from tests.search.relevance.evaluate import HELD_OUT, SNAPSHOT, evaluate, install_synonyms

        call_command("sync_register", source=str(SNAPSHOT), verbosity=0)
        install_synonyms()

        def run(expect_es: bool = True, path: Path | None = None) -> dict:
            def search(q: str, lang: str) -> tuple[list[str], int]:
                results = service.search_services(SearchParams(query=q, language=lang))
                if expect_es and results.degraded:
                    raise SystemExit(f"Elasticsearch failed during the run (query {q!r})")
                return [h.identifier for h in results.hits], results.total

            return evaluate(search, path=path) if path else evaluate(search)

        rows = []
        unseen = []
        for stemmer in STEMMERS:
            report = indexing.rebuild(stemmer=stemmer)
            metrics = run()
            rows.append((f"Elasticsearch, `{stemmer}`", report["indexed"], metrics))
            unseen.append((f"Elasticsearch, `{stemmer}`", run(path=HELD_OUT)))
        with override_settings(ELASTICSEARCH_URL=None):
            rows.append(("database fallback", "—", run(expect_es=False)))
            unseen.append(("database fallback", run(expect_es=False, path=HELD_OUT)))
        indexing.rebuild()  # leave the default variant in place
        n = rows[0][2]["queries"]
        lines = [
            "## Search relevance (`bench/search_relevance.py`)",
            "",
            f"{dt.date.today().isoformat()}, {platform.node()} ({os.cpu_count()} cores): "
            f"{n} judged queries "
            "(`tests/search/relevance/queries.json`) on the",
            "demo register synced with `sync_register`. "
            "Success@3 = share of queries with an expected",
            "service in the top 3; MRR over the top 10; precision@5 = share of the shown top five",
            "that are right answers (`expected` or `relevant`), over the one-word queries, with",
            "their mean result count. Variants of the Latvian `lv` analysis:",
            "`hunspell` = Debian hunspell lv_LV + verb-ending rules + light stemmer;",
            "`rules` = verb-ending rules (`pattern_replace`, the curated alternative) "
            "+ light stemmer (default);",
            "`light` = Lucene's light Latvian stemmer only.",
            "",
            "| variant | documents | success@3 | MRR | precision@5 (one word) | results (one word) "
            "| by kind (hits/queries) |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for name, docs, m in rows:
            kinds = ", ".join(f"{k} {v}" for k, v in m["by_kind"].items())
            lines.append(
                f"| {name} | {docs} | {m['success_at_3']} | {m['mrr']} | {m['precision_at_5']} "
                f"| {m['one_word_mean_results']} | {kinds} |"
            )
        lines.append("")
        misses = "; ".join(f"`{f['q']}` ({f['lang']})" for f in rows[1][2]["failures"])
        lines.append(f"Misses of {rows[1][0]}: {misses or 'none'}.")
        held = unseen[1][1]
        lines += [
            "",
            f"**Held-out people's-words queries** (`tests/search/relevance/heldout.json`, "
            f"{held['queries']} queries written before the everyday-word tuning and never used "
            "for it; target MRR ≥ 0.92, success@3 ≥ 0.98):",
            "",
            "| variant | success@3 | MRR |",
            "| --- | --- | --- |",
            *(f"| {name} | {m['success_at_3']} | {m['mrr']} |" for name, m in unseen),
            "",
            "Misses of the default on them: "
            + ("; ".join(f"`{f['q']}` ({f['lang']})" for f in held["failures"]) or "none")
            + ".",
        ]
        text = "\n".join(lines)
        print(text)
        for name, _, m in rows:
            for failure in m["failures"]:
                print(f"  [{name}] miss: {failure}")
        for name, m in unseen:
            print(f"held-out [{name}]: success@3={m['success_at_3']} MRR={m['mrr']}")
        if args.write:
            _search_env.write_section("search-relevance", text)
    finally:
        _search_env.cleanup(db)


if __name__ == "__main__":
    main()
