"""Precision: a short word finds itself, not its neighbours; a handful of good results; the
catalogue a search starts from ranks first; everyday words find the formal service name.

Real Elasticsearch (the test node), services built with the shared factories.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from search import indexing
from search.queries import FUZZINESS, SearchParams, ServiceQuery
from search.service import search_services
from tests.factories import ServicePageFactory

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def _ids(query: str, **params) -> list[str]:  # type: ignore[no-untyped-def]
    results = search_services(SearchParams(query=query, language="lv", **params))
    assert not results.degraded
    return [hit.identifier for hit in results.hits]


@pytest.fixture
def neighbours(catalogue, use_elasticsearch):  # type: ignore[no-untyped-def]
    """Services that only share a folded short stem with "pase" (paši, pašu: self)."""
    ServicePageFactory(
        title="Aprūpe mājās",
        identifier="PAK-0901",
        summary="Palīdzība cilvēkiem, kuri paši vairs nespēj sevi aprūpēt.",
    )
    ServicePageFactory(
        title="Valsts galvojums mājokļa iegādei",
        identifier="PAK-0902",
        summary="Galvojums pirmās iemaksas daļai, iegādājoties pašu mājokli.",
    )
    ServicePageFactory(
        title="Bērna reģistrācija skolā",
        identifier="PAK-0903",
        summary="Pieteikums skolai.",
        body="Līdzi ņemiet vecāka personu apliecinošu dokumentu, piemēram, pasi.",
    )
    ServicePageFactory(
        title="Uzņēmumu reģistra datu izsniegšana iestādēm",
        identifier="PAK-0904",
        summary="Uzņēmumu reģistra dati citām iestādēm uzņēmuma reģistrēšanas pārbaudei.",
        keywords=["uzņēmumu reģistrs", "reģistrēšana"],
        for_citizens=False,
        for_institutions=True,
    )
    ServicePageFactory(
        title="Vadītāja apliecības iegūšana",
        identifier="PAK-0905",
        summary="Autovadītāja apliecības saņemšana pēc eksāmena.",
    )
    ServicePageFactory(
        title="Konsultācija par darba tiesībām",
        identifier="PAK-0906",
        summary="Darba tiesību jautājumi darbiniekiem.",
    )
    indexing.rebuild()
    return catalogue


def test_short_word_does_not_find_its_folded_neighbours(neighbours) -> None:
    found = _ids("pase")
    assert found[0] == "PAK-0001"
    assert "PAK-0901" not in found and "PAK-0902" not in found


def test_short_words_get_no_typo_edits() -> None:
    body = json.dumps(ServiceQuery(SearchParams(query="pase")).to_dict())
    assert FUZZINESS == "AUTO:5,8"  # no edit under 5 letters, one from 5, two from 8
    assert f'"fuzziness": "{FUZZINESS}"' in body and '"fuzziness": "AUTO"' not in body


def test_a_typo_in_a_short_word_still_finds_something_when_nothing_else_does(neighbours) -> None:
    assert _ids("psae")[:1] == ["PAK-0001"]


def test_passing_mentions_are_trimmed_behind_strong_matches(neighbours) -> None:
    assert "PAK-0903" not in _ids("pase")  # "pasi" only in the body, far below the title hit
    assert _ids("skolā")[:1] == ["PAK-0903"]  # and found when it is the best there is


def test_the_catalogue_a_search_starts_from_ranks_first(neighbours) -> None:
    assert _ids("uzņēmuma reģistrēšana", prefer_audience="public-administration")[0] == "PAK-0904"
    assert _ids("uzņēmuma reģistrēšana", prefer_audience="business")[0] == "PAK-0005"
    assert _ids("uzņēmuma reģistrēšana", prefer_audience="citizen")[0] != "PAK-0904"


def test_the_facet_says_where_the_search_started(neighbours, client: Client) -> None:
    html = client.get("/lv/search/", {"q": "uzņēmuma reģistrēšana", "from": "business"})
    text = html.content.decode()
    assert 'name="from" value="business"' in text
    assert "facet-note" in text
    first_result = text.split('<li class="result', 1)[1].split("</h3>", 1)[0]
    assert "Uzņēmuma" in first_result and "reģistrēšana" in first_result


def test_header_search_on_a_catalogue_carries_where_it_started(neighbours, client: Client) -> None:
    html = client.get("/lv/uznemejiem/").content.decode()
    assert '<input type="hidden" name="from" value="business">' in html


def test_everyday_words_find_the_driving_licence(neighbours) -> None:
    found = _ids("autovadītāja tiesības")
    assert found[0] == "PAK-0905"
    assert _ids("darba tiesības")[:1] == ["PAK-0906"]  # "tiesības" alone is not a licence


@pytest.fixture
def action_nouns(catalogue, use_elasticsearch):  # type: ignore[no-untyped-def]
    ServicePageFactory(
        title="Komersanta likvidācija",
        identifier="PAK-0911",
        summary="Dalībnieki pieņem lēmumu un ieceļ likvidatoru.",
    )
    ServicePageFactory(
        title="Transportlīdzekļa reģistrācija",
        identifier="PAK-0912",
        summary="Jauna vai ievesta transportlīdzekļa reģistrs.",
    )
    ServicePageFactory(
        title="Stacijas apmeklējuma atļauja",
        identifier="PAK-0913",
        summary="Caurlaide uz dzelzceļa staciju.",
    )
    indexing.rebuild()


@pytest.mark.parametrize(
    "query,identifier",
    [
        ("likvidēt uzņēmumu", "PAK-0911"),
        ("likvidet komersantu", "PAK-0911"),  # without diacritics: the folded field
        ("reģistrēt transportlīdzekli", "PAK-0912"),
    ],
)
def test_a_verb_finds_its_latin_action_noun(action_nouns, query: str, identifier: str) -> None:
    """ "likvidēt" (to wind up) names the action of "likvidācija"; people type the verb."""
    assert _ids(query)[:1] == [identifier]


def test_the_action_noun_rule_leaves_other_words_in_acija_alone(action_nouns) -> None:
    assert "PAK-0913" not in _ids("likvidēt uzņēmumu")
