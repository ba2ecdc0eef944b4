"""Judged queries and their metrics (success@3, MRR), shared by the test and the bench."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

QUERIES = Path(__file__).with_name("queries.json")
SNAPSHOT = Path(__file__).resolve().parents[3] / "demo" / "register" / "snapshot.jsonld"


def load() -> dict[str, Any]:
    return json.loads(QUERIES.read_text(encoding="utf-8"))


def install_synonyms() -> None:
    """Create the editor synonyms the judged set assumes (as an editor would in the admin)."""
    from search.models import Synonym

    for row in load()["synonyms"]:
        Synonym.objects.get_or_create(language=row["language"], terms=row["terms"])


def evaluate(search: Callable[[str, str], list[str]], k: int = 3) -> dict[str, Any]:
    """Run every judged query; return success@k, MRR (within the top 10) and the failures."""
    queries = load()["queries"]
    hits = 0
    rr_total = 0.0
    failures = []
    by_kind: dict[str, list[int]] = {}
    for item in queries:
        ranked = search(item["q"], item["lang"])[:10]
        expected = set(item["expected"])
        rank = next((i for i, ident in enumerate(ranked, start=1) if ident in expected), None)
        ok = rank is not None and rank <= k
        hits += ok
        rr_total += 1.0 / rank if rank else 0.0
        by_kind.setdefault(item["kind"], [0, 0])
        by_kind[item["kind"]][0] += ok
        by_kind[item["kind"]][1] += 1
        if not ok:
            failures.append(
                {
                    "q": item["q"],
                    "lang": item["lang"],
                    "expected": item["expected"],
                    "got": ranked[:3],
                }
            )
    n = len(queries)
    return {
        "queries": n,
        "success_at_3": round(hits / n, 3),
        "mrr": round(rr_total / n, 3),
        "by_kind": {kind: f"{ok}/{total}" for kind, (ok, total) in sorted(by_kind.items())},
        "failures": failures,
    }
