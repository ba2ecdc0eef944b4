"""The database fallback answers from sets (``search.bitsets``) what scoring every match gave.

``_ranked`` scores each matching row and ``_facet_counts`` counts each one's facets; that is
the specification (itself pinned to row-by-row scoring in ``test_fallback_scale``). The
answer a search returns comes from set operations whose cost follows the page asked for; on
generated corpora it must be the same count, the same facet counts and the same page, for
words, prefixes, long queries, people's words, filters, the three orders and deep pages.
No database: the corpus is built in memory.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from search import bitsets, fallback
from search.queries import FACETS, SearchParams

WORDS = ["pase", "pases", "pasts", "izzina", "pabalsts", "nodoklis", "atlauja", "zveja", "ab"]
INSTITUTIONS = [f"Iestāde {n}" for n in range(70)]  # more than a facet's 50 buckets
TOPICS = ["Ģimene", "Nodokļi", "Transports", "Veselība"]
SITUATIONS = ["Bērna piedzimšana", "Pārcelšanās"]


def _corpus(size: int, seed: int) -> fallback._Corpus:
    chance = random.Random(seed)
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    rows, tokens = [], []
    for n in range(size):
        title_words = chance.sample(WORDS, chance.randint(1, 3))
        audiences = tuple(
            a for a in ("citizen", "business", "public-administration") if chance.random() < 0.4
        )
        row = fallback._Row(
            pk=n + 1,
            identifier=f"PAK-{n:05d}",
            slug=f"s-{n}",
            title=" ".join(title_words).capitalize() if n % 17 else "Pase",  # repeated titles
            title_sort=" ".join(title_words) if n % 17 else "pase",
            summary="",
            institution=chance.choice(INSTITUTIONS) if n % 9 else "",
            topics=tuple(chance.sample(TOPICS, chance.randint(0, 2))),
            life_situations=tuple(chance.sample(SITUATIONS, chance.randint(0, 1))),
            audiences=audiences,
            is_free=chance.random() < 0.5,
            is_online=chance.random() < 0.3,
            modified=None if n % 11 == 0 else moment + timedelta(days=chance.randint(0, 30)),
        )
        row_tokens = {
            name: {w for w in WORDS if chance.random() < 0.15}
            for name, _weight in fallback._FIELD_WEIGHTS
        }
        row_tokens["title"] = set(title_words) if n % 17 else {"pase"}
        rows.append(row)
        tokens.append(row_tokens)
    return fallback._Corpus(rows, tokens)


def _expected(corpus: fallback._Corpus, p: SearchParams) -> fallback._Answer:
    scored = fallback._ranked(p, corpus)
    rows = [row for row, _score in scored]
    return fallback._Answer(
        total=len(rows),
        page=rows[p.offset : p.offset + p.page_size],
        buckets=fallback._facet_counts(rows),
        online=sum(r.is_online for r in rows),
        free=sum(r.is_free for r in rows),
    )


QUERIES = [
    "pase",
    "pas",
    "pa",
    "pase izzina",
    "pabalsts nodoklis",
    "pase izzina nodoklis atlauja",
    "pase pase",
    "zveja nav",
    "nav",
    "",
]
VARIANTS: list[dict[str, object]] = [
    {},
    {"page": 2},
    {"page": 9},
    {"page": 400},
    {"sort": "recent"},
    {"sort": "recent", "page": 3},
    {"sort": "title"},
    {"audience": "citizen"},
    {"audience": "public-administration"},
    {"institution": "Iestāde 3"},
    {"topic": "Nodokļi", "online": True},
    {"life_situation": "Pārcelšanās", "free": True},
    {"everyday": ["nodoklis atlauja"]},
    {"everyday": ["zveja"], "query": "pabalsts"},
    {"query": "iestade pase"},  # asks for institutions: no damping
]


@pytest.mark.parametrize("room", [fallback.FACET_ROOM, 0])  # 0: every facet value small
@pytest.mark.parametrize("size", [1, 40, 700])
def test_the_answer_from_sets_is_the_answer_from_scoring_every_match(
    size: int, room: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fallback, "FACET_ROOM", room)
    corpus = _corpus(size, seed=size)
    titles = [row.title_sort for row in corpus.rows]
    assert titles == sorted(titles)  # positions in title order: relevance's tie-break
    compared = 0
    for query in QUERIES:
        for variant in VARIANTS:
            p = SearchParams(**{"query": query, "language": "lv", **variant})  # type: ignore[arg-type]
            got, want = fallback._answer(p, corpus), _expected(corpus, p)
            label = (query, variant)
            assert got.total == want.total, label
            assert [r.identifier for r in got.page] == [r.identifier for r in want.page], label
            assert got.buckets == want.buckets, label
            assert (got.online, got.free) == (want.online, want.free), label
            compared += len(got.page)
    if size > 1:
        assert compared > 100  # not a comparison of empty pages


def test_relevance_never_scores_the_matches(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page of a common word is found without ``_ranked``: its cost is the page's."""
    corpus = _corpus(700, seed=3)

    def forbidden(*args: object) -> None:
        raise AssertionError("scored every match")

    monkeypatch.setattr(fallback, "_ranked", forbidden)
    answer = fallback._answer(SearchParams(query="pase", language="lv"), corpus)
    assert answer.total > 100 and len(answer.page) == 10


def test_a_query_past_the_cell_budget_is_still_answered_exactly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    corpus = _corpus(300, seed=5)
    p = SearchParams(query="pase izzina nodoklis atlauja pabalsts", language="lv")
    monkeypatch.setattr(fallback, "TOP_BUDGET", 2)
    words = fallback._words(p)
    assert fallback._top(corpus, p, words, fallback._filter(corpus, p), 10) is None
    got, want = fallback._answer(p, corpus), _expected(corpus, p)
    assert [r.identifier for r in got.page] == [r.identifier for r in want.page]


@pytest.mark.parametrize("room", [fallback.FACET_ROOM, 0])
def test_facet_values_large_and_small_are_counted_as_row_by_row(
    room: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Values held as sets and values in layers (``room`` 0: all of them) give the counts
    and the order of counting each row's facets, ties of the fiftieth count included."""
    monkeypatch.setattr(fallback, "FACET_ROOM", room)
    corpus = _corpus(700, seed=7)
    assert bool(corpus.facet_layers["institution"]) == (room == 0)
    for matched in (corpus.everything, corpus.public, corpus.online & corpus.free):
        rows = [corpus.rows[n] for n in bitsets.positions(matched)]
        buckets = fallback._buckets(corpus, matched, len(rows))
        assert buckets == fallback._facet_counts(rows)
        assert set(buckets) == set(FACETS)
    assert len(fallback._buckets(corpus, corpus.everything, 700)["institution"]) == 50  # of 70


def test_a_set_gives_back_its_positions_in_order() -> None:
    positions = [0, 7, 8, 63, 64, 1000, 4095]
    mask = bitsets.from_positions(positions, 4096)
    assert bitsets.positions(mask) == positions
    assert bitsets.positions(mask, 3) == [0, 7, 8]
    data = bitsets.as_bytes(mask)
    assert [n for n in (7, 9, 1000, 5000) if bitsets.contains(data, n)] == [7, 1000]
    assert bitsets.positions(bitsets.span(5, 9)) == [5, 6, 7, 8]
    assert not bitsets.dense(10, 4096) and bitsets.dense(64, 4096)
    assert bitsets.selector(mask, 4097)[:9] == bytes([1, 0, 0, 0, 0, 0, 0, 1, 1])
    assert sum(bitsets.selector(mask, 4097)) == len(positions)


def _suggested(corpus: fallback._Corpus, text: str, audience: str, size: int) -> list[str]:
    """Autocomplete as it was, row by row: every typed word starts a title word; titles
    starting with the first word first, then by title."""
    from search.documents import fold

    words = fallback._WORD.findall(fold(text))
    found = [
        row
        for row in corpus.rows
        if all(any(t.startswith(w) for t in fallback._WORD.findall(row.title_sort)) for w in words)
        and (not audience or audience in row.audiences)
    ]
    found.sort(key=lambda r: (not r.title_sort.startswith(words[0]), r.title_sort))
    return [row.identifier for row in found[:size]]


@pytest.mark.parametrize("text", ["pa", "pase", "izz pa", "ABC", "at z", "nodoklis pase"])
@pytest.mark.parametrize("audience", ["", "business"])
def test_autocomplete_from_sets_suggests_what_looking_at_each_title_did(
    monkeypatch: pytest.MonkeyPatch, text: str, audience: str
) -> None:
    corpus = _corpus(400, seed=11)
    monkeypatch.setattr(fallback, "_current", lambda language: (corpus, True))
    monkeypatch.setattr(fallback, "_urls", lambda rows, language: {})
    got = fallback.DatabaseBackend().autocomplete(text, "lv", audience, 8)
    assert [s.identifier for s in got] == _suggested(corpus, text, audience, 8)
    assert bool(got) == (text != "ABC")  # a word no title starts with finds nothing
