"""Judged queries and their metrics, shared by the test and the bench.

success@3 and MRR say whether the right service is near the top; precision@5 and the result
count of one-word queries say how much else is shown around it (a short word that pulls in its
neighbours, or a long tail of passing mentions, lowers them).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

QUERIES = Path(__file__).with_name("queries.json")
#: People's-words queries written before the tuning and never used for it: the unseen set.
HELD_OUT = Path(__file__).with_name("heldout.json")
SNAPSHOT = Path(__file__).resolve().parents[3] / "demo" / "register" / "snapshot.jsonld"


def load(path: Path = QUERIES) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def install_synonyms() -> None:
    """Create the editor synonyms the judged set assumes (as an editor would in the admin)."""
    from search.models import Synonym

    for row in load()["synonyms"]:
        Synonym.objects.get_or_create(language=row["language"], terms=row["terms"])


Ranked = list[str] | tuple[list[str], int]


def evaluate(
    search: Callable[[str, str], Ranked], k: int = 3, path: Path = QUERIES
) -> dict[str, Any]:
    """Run every judged query; return success@k, MRR (within the top 10) and the failures.

    ``search`` returns the ranked identifiers, or ``(identifiers, total)`` to also measure
    precision@5 (share of the shown top five that are right answers, ``expected`` or
    ``relevant``) and the mean result count over the one-word queries.
    """
    queries = load(path)["queries"]
    hits = 0
    rr_total = 0.0
    failures = []
    by_kind: dict[str, list[int]] = {}
    precisions: list[float] = []
    one_word_totals: list[int] = []
    for item in queries:
        answer = search(item["q"], item["lang"])
        ranked, total = answer if isinstance(answer, tuple) else (answer, None)
        ranked = ranked[:10]
        if len(item["q"].split()) == 1:
            relevant = set(item["expected"]) | set(item.get("relevant", []))
            shown = ranked[:5]
            precisions.append(sum(i in relevant for i in shown) / len(shown) if shown else 0.0)
            if total is not None:
                one_word_totals.append(total)
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
        "one_word_queries": len(precisions),
        "precision_at_5": round(sum(precisions) / len(precisions), 3) if precisions else None,
        "one_word_mean_results": (
            round(sum(one_word_totals) / len(one_word_totals), 1) if one_word_totals else None
        ),
        "by_kind": {kind: f"{ok}/{total}" for kind, (ok, total) in sorted(by_kind.items())},
        "failures": failures,
    }
