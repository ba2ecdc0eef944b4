"""People's words: life-event words mean the register's words, filler is left out, and
institutions-only services rank below services for people unless the search asks for them.

Pure tests on the query JSON; the ranking itself is measured on the demo register by
``tests/search/test_relevance.py`` (tuning set and held-out set).
"""

from __future__ import annotations

import json

import pytest

from search.curation import understand_query
from search.queries import INSTITUTIONS_ONLY_DAMPING, SearchParams, ServiceQuery


@pytest.mark.parametrize(
    ("query", "language", "meaning"),
    [
        ("my father died", "en", "death funeral survivor"),
        ("death of my mother", "en", "death funeral survivor"),
        ("I moved house", "en", "declaring place of residence"),
        ("register my address", "en", "declaring place of residence"),
        ("wedding", "en", "marriage"),
        ("we had a baby", "en", "child's birth childbirth benefit"),
        ("nomira tētis, kas jādara", "lv", "miršanas reģistrācija"),
        ("miris tuvinieks", "lv", "miršanas reģistrācija"),
        ("pārcēlos uz citu dzīvokli", "lv", "dzīvesvietas deklarēšana"),
        ("parcelos", "lv", "dzīvesvietas deklarēšana"),
    ],
)
def test_life_event_words_mean_the_registers_words(query: str, language: str, meaning: str) -> None:
    means, _core = understand_query(query, language)
    assert any(m.startswith(meaning) for m in means), means


@pytest.mark.parametrize(
    ("query", "language", "meaning", "core"),
    [
        # Money from the state is a benefit; "money" itself names no service.
        ("money for a funeral", "en", "benefit allowance", "funeral"),
        ("financial help for families", "en", "benefit allowance", "families"),
        ("nauda bērēm", "lv", "pabalsts", "bērēm"),
        ("naudas palīdzība bērēm", "lv", "pabalsts", "palīdzība bērēm"),
        ("I am pregnant", "en", "maternity benefit", "am pregnant"),
        ("gaidu bērnu", "lv", "maternitātes pabalsts", ""),
        ("saslimu", "lv", "slimības pabalsts", ""),
        ("precēties", "lv", "laulības", ""),
        ("dārziņš bērnam", "lv", "bērnudārzs", ""),
        ("nevaru samaksāt īri", "lv", "mājokļa pabalsts", ""),
    ],
)
def test_everyday_needs_mean_the_service_that_meets_them(
    query: str, language: str, meaning: str, core: str
) -> None:
    means, kept = understand_query(query, language)
    assert meaning in means
    assert kept == core


def test_a_meaning_that_names_a_service_is_also_a_phrase_on_titles() -> None:
    params = SearchParams(query="saslimu", language="lv")
    params.everyday, params.core_query = understand_query(params.query, "lv")
    phrases = [
        c["multi_match"]
        for c in ServiceQuery(params).text_query().to_dict()["bool"]["should"]
        if c["multi_match"].get("type") == "phrase"
    ]
    assert {"query": "slimības pabalsts", "type": "phrase"}.items() <= phrases[-1].items()
    assert all(f.startswith("title") for f in phrases[-1]["fields"])


def test_filler_and_the_relative_are_not_required_words() -> None:
    assert understand_query("nomira tētis, kas jādara", "lv")[1] == "nomira"
    assert understand_query("my father died", "en")[1] == "died"
    # A query of nothing but filler keeps its words: better than searching for nothing.
    assert understand_query("kas jādara", "lv")[1] == ""


def test_english_words_match_exactly_so_startup_is_not_start() -> None:
    assert understand_query("startup", "en")[0] == []
    assert understand_query("start a company", "en")[0] == ["registering"]


def test_everyday_meanings_are_extra_clauses_that_can_match_alone() -> None:
    params = SearchParams(query="my father died", language="en")
    params.everyday, params.core_query = understand_query(params.query, "en")
    body = json.dumps(ServiceQuery(params).to_dict())
    assert '"query": "death funeral survivor"' in body
    assert '"query": "died"' in body  # the words that must match: no "my", no "father"


def _damped(params: SearchParams) -> bool:
    body = json.dumps(ServiceQuery(params).to_dict())
    return f'"weight": {INSTITUTIONS_ONLY_DAMPING}' in body


def test_institutions_only_services_rank_lower_unless_the_search_asks_for_them() -> None:
    assert _damped(SearchParams(query="uzņēmuma reģistrēšana"))
    assert _damped(SearchParams(query="register my address", language="en"))
    assert _damped(SearchParams(query="pase", prefer_audience="citizen"))
    assert not _damped(SearchParams(query="datu izsniegšana iestādēm"))
    assert not _damped(SearchParams(query="data for institutions", language="en"))
    assert not _damped(SearchParams(query="pase", prefer_audience="public-administration"))
    assert not _damped(SearchParams(query="pase", audience="public-administration"))
