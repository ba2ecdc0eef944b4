"""The database fallback's cost follows what a search finds, not the size of the catalogue:
it scores only the services that hold one of the searched words, reads no page per result
and no site root, and gives the same answer as scoring every service would."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import fallback
from search.queries import SearchParams
from tests.factories import ServicePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_corpus() -> None:
    fallback._cache.clear()  # a corpus of an earlier test's rolled-back rows must not answer


def _search(query: str):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        found = fallback.DatabaseBackend().search(SearchParams(query=query, language="lv"))
    return found, [q["sql"] for q in queries.captured_queries]


def test_a_search_scores_only_the_services_holding_its_words(site_tree, monkeypatch) -> None:
    ServicePageFactory(title="Pases izsniegšana", identifier="PAK-FS-1")
    ServicePageFactory(title="Pases apmaiņa", identifier="PAK-FS-2")
    for n in range(30):
        ServicePageFactory(title=f"Zvejas atļauja {n}", identifier=f"PAK-FS-Z{n}")
    scored: list[str] = []
    score = fallback._score
    monkeypatch.setattr(
        fallback, "_score", lambda row, stems: scored.append(row.identifier) or score(row, stems)
    )
    found, _sql = _search("pase")
    assert [hit.identifier for hit in found.hits] == ["PAK-FS-2", "PAK-FS-1"]
    assert set(scored) == {"PAK-FS-1", "PAK-FS-2"}  # not the 30 fishing permits


def test_the_result_links_need_no_query_per_result_and_no_site_root(site_tree) -> None:
    for n in range(12):
        ServicePageFactory(title=f"Pases izziņa {n}", identifier=f"PAK-FS-P{n}", slug=f"p-{n}")
    _search("pase")  # builds the corpus
    found, sql = _search("pase")
    assert len(found.hits) == 10
    assert found.hits[0].url == "/lv/pakalpojumi/p-0/"
    assert not any("wagtailcore_site" in q for q in sql)
    assert len(sql) <= 2  # the freshness check (and the folder URL on a cold cache)


def test_a_prefix_and_a_diacritic_free_spelling_still_match(site_tree) -> None:
    ServicePageFactory(title="Dzīvesvietas deklarēšana", identifier="PAK-FS-D")
    found, _sql = _search("dzivesviet")
    assert [hit.identifier for hit in found.hits] == ["PAK-FS-D"]
