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


def test_a_search_looks_at_no_row_one_by_one(site_tree, monkeypatch) -> None:
    """Words, filters and the page come from sets (``test_fallback_sets``): neither the
    row-by-row filter nor the scoring of every match runs, with or without a filter."""
    ServicePageFactory(title="Pases izsniegšana", identifier="PAK-FS-1")
    ServicePageFactory(title="Pases apmaiņa", identifier="PAK-FS-2")
    for n in range(30):
        ServicePageFactory(title=f"Zvejas atļauja {n}", identifier=f"PAK-FS-Z{n}")
    looked_at: list[str] = []
    matches, ranked = fallback._matches, fallback._ranked

    def spy(row, params):  # type: ignore[no-untyped-def]
        looked_at.append(row.identifier)
        return matches(row, params)

    def scored(*args, **kwargs):  # type: ignore[no-untyped-def]
        looked_at.append("scored every match")
        return ranked(*args, **kwargs)

    monkeypatch.setattr(fallback, "_matches", spy)
    monkeypatch.setattr(fallback, "_ranked", scored)
    found, _sql = _search("pase")
    assert [hit.identifier for hit in found.hits] == ["PAK-FS-2", "PAK-FS-1"]
    found = fallback.DatabaseBackend().search(
        SearchParams(query="pase", language="lv", audience="citizen")
    )
    assert [hit.identifier for hit in found.hits] == ["PAK-FS-2", "PAK-FS-1"]
    assert looked_at == []


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


def _row_by_row(rows, tokens, p: SearchParams) -> list[tuple[str, float]]:  # type: ignore[no-untyped-def]
    """The scoring before the per-field postings, kept here as the specification: every
    candidate's fields looked at one by one, each word scoring its best field."""
    from search.curation import crude_stem
    from search.documents import fold
    from search.queries import INSTITUTIONS_ONLY_DAMPING, PUBLIC_AUDIENCES

    def score(row_tokens, stems):  # type: ignore[no-untyped-def]
        total, found = 0.0, 0
        for stem in stems:
            best = 0.0
            for name, weight in fallback._FIELD_WEIGHTS:
                if stem in row_tokens[name]:
                    best = max(best, weight)
                elif len(stem) >= 3 and any(t.startswith(stem) for t in row_tokens[name]):
                    best = max(best, weight * 0.6)
            if best:
                found += 1
                total += best
        needed = len(stems) if len(stems) <= 2 else max(1, int(len(stems) * 0.75 + 0.999))
        return total if found >= needed else 0.0

    stems = [crude_stem(w) for w in fallback._WORD.findall(fold(p.core_query or p.query))]
    meanings = [crude_stem(w) for m in p.everyday for w in fallback._WORD.findall(fold(m))]
    out = []
    for row, row_tokens in zip(rows, tokens, strict=True):
        if not fallback._matches(row, p):
            continue
        value = score(row_tokens, stems) + 0.5 * sum(score(row_tokens, [m]) for m in meanings)
        if not p.asks_for_institutions and not set(row.audiences) & set(PUBLIC_AUDIENCES):
            value *= INSTITUTIONS_ONLY_DAMPING
        if value > 0:
            out.append((row, value))
    out.sort(key=lambda rs: (-rs[1], rs[0].title_sort))
    return [(row.identifier, value) for row, value in out]


def test_the_scores_are_those_of_scoring_row_by_row(site_tree) -> None:
    """Same rows, same order, the same float scores: titles, keywords, summaries, prefixes,
    long queries (75 % of the words), people's words and services for institutions only."""
    ServicePageFactory(title="Pases izsniegšana", keywords=["pase", "personu apliecinošs"])
    ServicePageFactory(title="Pabalsts bezdarbniekam", summary="Pase un izziņa par pabalstu.")
    ServicePageFactory(title="Nodokļu izziņa", keywords=["nodoklis"], summary="Izziņa pasei.")
    ServicePageFactory(
        title="Pasažieru pārvadājumu atļauja",
        summary="Atļauja pārvadātājam.",
        for_citizens=False,
        for_institutions=True,
    )
    ServicePageFactory(title="Apbedīšanas pabalsts", summary="Pēc tuvinieka nāves.")
    rows, tokens = fallback._read("lv")
    queries = ["pase", "pas", "pa", "izziņa pabalsts", "pase izziņa nodoklis atļauja", "nav"]
    compared = 0
    for query in queries:
        for extra in ({}, {"everyday": ["nāve apbedīšana"]}, {"audience": "public-administration"}):
            p = SearchParams(query=query, language="lv", **extra)  # type: ignore[arg-type]
            ranked = [(row.identifier, value) for row, value in fallback._ranked(p)]
            assert ranked == _row_by_row(rows, tokens, p), (query, extra)
            compared += len(ranked)
    assert compared > 20  # not a comparison of empty answers
