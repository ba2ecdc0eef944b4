"""Relevance on the demo register, loaded through the real sync: success@3 must reach 0.9."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from search import indexing
from search.queries import SearchParams
from search.service import search_services
from tests.search.relevance.evaluate import HELD_OUT, SNAPSHOT, evaluate, install_synonyms

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def _search(query: str, language: str) -> tuple[list[str], int]:
    results = search_services(SearchParams(query=query, language=language))
    assert not results.degraded
    return [hit.identifier for hit in results.hits], results.total


def test_demo_register_success_at_3(site_tree, use_elasticsearch, capsys) -> None:
    call_command("sync_register", source=str(SNAPSHOT))
    install_synonyms()
    report = indexing.rebuild()
    assert report["indexed"] >= 150 * 2 * 0.9, report
    metrics = evaluate(_search)
    with capsys.disabled():
        print(
            f"\nrelevance: success@3={metrics['success_at_3']} MRR={metrics['mrr']} "
            f"precision@5={metrics['precision_at_5']} "
            f"one-word results={metrics['one_word_mean_results']} "
            f"{metrics['by_kind']}"
        )
        for failure in metrics["failures"]:
            print("  miss:", failure)
    assert metrics["queries"] >= 60
    assert metrics["success_at_3"] >= 0.9, metrics["failures"]
    # Precision of one-word queries (measured 0.877 and 3.0 results; 0.809 and 11.2 before the
    # short-word and relative cut-off changes): what is shown around the right answer.
    assert metrics["precision_at_5"] >= 0.85
    assert metrics["one_word_mean_results"] <= 5
    # People's words (life events, filler, institutions below people), on the tuning set.
    assert metrics["by_kind"]["people"] == "68/68", metrics["failures"]
    # Queries the tuning never looked at (docs/benchmarks.md): the targets, measured
    # 1.0 and 0.932 (0.969 and 0.901 before money, pregnancy, sickness, rent and nursery words
    # and the meaning-as-a-title-phrase lift).
    unseen = evaluate(_search, path=HELD_OUT)
    with capsys.disabled():
        print(f"held-out: success@3={unseen['success_at_3']} MRR={unseen['mrr']}")
    assert unseen["success_at_3"] >= 0.98
    assert unseen["mrr"] >= 0.92
