"""Guides found by search (page and API, with their kind), and the relative score floor
answered by one Elasticsearch request, on the demo register loaded through the real sync."""

from __future__ import annotations

import copy

import pytest
from django.core.management import call_command
from django.test import Client

from search import es_backend, indexing
from search.curation import expand_synonyms, understand_query
from search.documents import title_order
from search.queries import CANDIDATES, SearchParams, ServiceQuery, counts_body
from tests.search.relevance.evaluate import SNAPSHOT, load

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


@pytest.fixture
def demo(site_tree, use_elasticsearch) -> None:
    call_command("sync_register", source=str(SNAPSHOT), verbosity=0)
    indexing.rebuild()


def test_a_guide_that_matches_well_is_shown_above_the_services(demo, client: Client) -> None:
    html = client.get("/lv/search/", {"q": "berna piedzimsana"}).content.decode()
    guides, services = (
        html.replace("<mark>", "").replace("</mark>", "").split('id="results-heading"', 1)
    )
    assert "Bērna piedzimšana</a>" in guides and "Dzīves situācija" in guides
    assert "Bērna piedzimšanas pabalsts" in services  # the services still follow

    body = client.get("/api/search/", {"q": "uznemuma slegsana", "lang": "lv"}).json()
    assert [(g["title"], g["kind"]) for g in body["guides"]] == [("Uzņēmuma slēgšana", "business")]
    assert all(r["kind"] == "service" for r in body["results"])
    assert body["total"] == len(body["results"])  # guides are not counted as services


def test_a_guide_that_merely_mentions_a_word_is_not_shown(demo, client: Client) -> None:
    assert client.get("/api/search/", {"q": "pase", "lang": "lv"}).json()["guides"] == []


def _prepared(query: str, language: str) -> SearchParams:
    p = SearchParams(query=query, language=language)
    p.synonyms = expand_synonyms(query, language)
    p.everyday, p.core_query = understand_query(query, language)
    return p


def test_one_request_answers_exactly_as_the_probe_and_counted_query_did(demo) -> None:
    client, alias = indexing.get_client(), indexing.alias_name()
    queries = load()["queries"]
    answered = 0
    for item in queries:
        one = es_backend._one_request(_prepared(item["q"], item["lang"]))
        two = _prepared(item["q"], item["lang"])
        two.min_score = es_backend._relative_floor(two)
        if two.min_score is None:
            continue  # nothing found strictly: both paths retry leniently
        counted = client.search(index=alias, body=ServiceQuery(two).search(alias).to_dict())
        if isinstance(one, es_backend.Overflow):  # every candidate passed: counted path
            assert one.floor == pytest.approx(two.min_score)
            assert counted["hits"]["total"]["value"] >= CANDIDATES, item["q"]
            continue
        answered += 1
        assert [h.identifier for h in one.hits] == [
            h["_source"]["identifier"] for h in counted["hits"]["hits"]
        ], item["q"]
        assert one.total == counted["hits"]["total"]["value"], item["q"]
        aggs = counted["aggregations"]
        for name in ("audience", "institution", "life_situation", "topic"):
            # Equal counts in Latvian order, as every backend lists them (search.backend).
            assert [(f.value, f.count) for f in one.facets[name]] == sorted(
                ((b["key"], b["doc_count"]) for b in aggs[name]["buckets"]),
                key=lambda kv: (-kv[1], title_order(kv[0])),
            ), (item["q"], name)
        assert one.facets["online"][0].count == aggs["online"]["doc_count"]
        assert one.facets["free"][0].count == aggs["free"]["doc_count"]
    assert answered >= 0.9 * len(queries)  # nearly every search is one request


def test_a_broad_query_whose_cut_is_beyond_the_candidates_takes_the_counted_path(demo) -> None:
    params = SearchParams(query="pakalpojums", language="lv")
    answered = es_backend._one_request(copy.deepcopy(params))
    results = es_backend.ElasticsearchBackend().search(copy.deepcopy(params))
    if isinstance(answered, es_backend.Overflow):  # more than CANDIDATES hits above the floor
        assert results.total >= CANDIDATES
    else:
        assert results.total == answered.total <= CANDIDATES


def test_the_one_request_sends_no_aggregations_and_fetches_the_candidates() -> None:
    body = ServiceQuery(SearchParams(query="pase")).candidates_search("services").to_dict()
    assert "aggs" not in body and "min_score" not in body
    assert body["size"] == CANDIDATES and body["track_total_hits"] is False
    assert {"life_situations", "topics", "audiences", "institution"} <= set(body["_source"])


def test_a_broad_query_is_counted_above_its_floor_without_fetching_its_hits_again(
    demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ten candidates (one page), most judged queries overflow: their page comes from
    the candidates and only the total and facets from a size-0 request, and the answer is the
    full counted query's (probe's floor, hits, total, every facet)."""
    monkeypatch.setattr(es_backend, "CANDIDATES", 10)
    client, alias = indexing.get_client(), indexing.alias_name()
    overflowed = 0
    for item in load()["queries"]:
        params = _prepared(item["q"], item["lang"])
        if not isinstance(es_backend._one_request(copy.deepcopy(params)), es_backend.Overflow):
            continue
        overflowed += 1
        found = es_backend.ElasticsearchBackend().search(copy.deepcopy(params))
        reference = copy.deepcopy(params)
        reference.min_score = es_backend._relative_floor(reference)
        assert found.params.min_score == pytest.approx(reference.min_score)
        counted = client.search(index=alias, body=ServiceQuery(reference).search(alias).to_dict())
        assert [h.identifier for h in found.hits] == [
            h["_source"]["identifier"] for h in counted["hits"]["hits"]
        ], item["q"]
        assert found.total == counted["hits"]["total"]["value"] > 10, item["q"]
        aggs = counted["aggregations"]
        for name in ("audience", "institution", "life_situation", "topic"):
            assert [(f.value, f.count) for f in found.facets[name]] == sorted(
                ((b["key"], b["doc_count"]) for b in aggs[name]["buckets"]),
                key=lambda kv: (-kv[1], title_order(kv[0])),
            ), (item["q"], name)
        assert found.facets["online"][0].count == aggs["online"]["doc_count"]
        assert found.facets["free"][0].count == aggs["free"]["doc_count"]
    assert overflowed >= 5  # the path under test was taken


def test_the_count_of_a_broad_query_fetches_no_hits_and_is_cut_at_the_floor() -> None:
    query = ServiceQuery(SearchParams(query="pase")).candidates_search("services").to_dict()
    body = counts_body(query["query"], 1.5)
    assert body["size"] == 0 and body["track_total_hits"] is True and body["min_score"] == 1.5
    assert "highlight" not in body and "sort" not in body and body["_source"] is False
    assert body["aggs"] == ServiceQuery(SearchParams(query="pase")).to_dict()["aggs"]


def test_guides_found_by_the_same_request_are_those_of_the_guides_query(demo) -> None:
    """The one request carries the guides (same words, unscaled by the catalogue's lift or
    the institutions' damping): the same guides with the same scores as their own query, and
    the same services with the same scores as the query without guides."""
    client, alias = indexing.get_client(), indexing.alias_name()

    def ranked(hits: list[dict]) -> list[tuple[str, float]]:
        return [(h["_source"]["identifier"], h["_score"]) for h in hits]

    compared = with_guides = 0
    for item in load()["queries"]:
        for extra in ({}, {"prefer_audience": "business"}, {"audience": "citizen"}):
            params = _prepared(item["q"], item["lang"])
            for name, value in extra.items():
                setattr(params, name, value)
            query = ServiceQuery(params)
            both = client.search(index=alias, body=query.candidates_search(alias, 40, 2).to_dict())
            alone = client.search(index=alias, body=query.candidates_search(alias, 40).to_dict())
            guides = client.search(index=alias, body=query.guides_search(alias).to_dict())
            assert ranked(both["hits"]["hits"]) == ranked(alone["hits"]["hits"]), item["q"]
            found = both["aggregations"]["guides"]["top"]["hits"]["hits"]
            assert ranked(found) == ranked(guides["hits"]["hits"]), (item["q"], extra)
            compared += 1
            with_guides += bool(found)
    assert compared == 3 * len(load()["queries"]) and with_guides >= len(load()["queries"])
