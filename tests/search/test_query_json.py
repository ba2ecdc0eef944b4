"""Pure tests on the mapping, analysis settings and query JSON (no Elasticsearch node)."""

from __future__ import annotations

import json

import pytest

from search.analysis import index_analysis
from search.documents import fold, mapping
from search.queries import AutocompleteQuery, SearchParams, ServiceQuery


def test_every_text_field_has_latvian_folded_and_english_subfields() -> None:
    props = mapping()["properties"]
    for name in (
        "title",
        "keywords",
        "summary",
        "body",
        "institution",
        "life_situations",
        "topics",
    ):
        field = props[name]
        assert field["analyzer"] == "folded"
        assert field["fields"]["lv"]["analyzer"] == "lv_text"
        assert field["fields"]["lvf"]["analyzer"] == "lv_folded"
        assert field["fields"]["en"]["analyzer"] == "english"
    assert props["title"]["fields"]["suggest"]["search_analyzer"] == "folded"
    for facet in ("institution", "life_situations", "topics"):
        assert props[facet]["fields"]["raw"]["type"] == "keyword"
    assert props["audiences"]["type"] == "keyword"


@pytest.mark.parametrize("variant", ["hunspell", "rules", "light"])
def test_analysis_variants_fold_before_stemming(variant: str) -> None:
    analysis = index_analysis(variant)
    folded = analysis["analyzer"]["lv_folded"]["filter"]
    assert folded.index("asciifolding") < folded.index("lv_light_stem")
    assert ("lv_hunspell" in analysis["analyzer"]["lv_text"]["filter"]) == (variant == "hunspell")
    assert ("lv_verb_folded" in folded) == (variant != "light")


def test_unknown_variant_is_refused() -> None:
    with pytest.raises(ValueError):
        index_analysis("snowball")


def test_query_boosts_title_over_keywords_over_summary_over_body() -> None:
    body = json.dumps(ServiceQuery(SearchParams(query="pase")).to_dict())
    assert '"title.lv^10.0"' in body and '"keywords.lv^6.0"' in body
    assert '"summary.lv^3.0"' in body and '"body.lv^1.0"' in body


def test_query_has_fuzziness_phrase_boost_filters_and_facets() -> None:
    params = SearchParams(query="pase", audience="citizen", online=True, free=True, topic="Darbs")
    d = ServiceQuery(params).to_dict()
    text = json.dumps(d)
    assert '"fuzziness": "AUTO:5,8"' in text and '"prefix_length": 1' in text
    assert '"type": "phrase"' in text
    filters = d["query"]["bool"]["filter"]
    assert {"term": {"language": "lv"}} in filters
    assert {"term": {"audiences": "citizen"}} in filters
    assert {"term": {"is_online": True}} in filters and {"term": {"is_free": True}} in filters
    assert {"term": {"topics.raw": "Darbs"}} in filters
    assert set(d["aggs"]) == {
        "audience",
        "institution",
        "life_situation",
        "topic",
        "online",
        "free",
    }
    assert "highlight" in d


def test_english_query_uses_english_subfields() -> None:
    text = json.dumps(
        ServiceQuery(SearchParams(query="passport", language="en")).to_dict()["query"]
    )
    assert "title.en" in text and "title.lv" not in text


def test_synonyms_become_extra_clauses() -> None:
    d = ServiceQuery(SearchParams(query="auto", synonyms=["transportlīdzeklis"])).to_dict()
    assert "transportlīdzeklis" in json.dumps(d, ensure_ascii=False)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [("title", "title_order"), ("recent", "register_modified"), ("relevance", "_score")],
)
def test_sorting(sort: str, expected: str) -> None:
    d = ServiceQuery(SearchParams(query="pase", sort=sort)).to_dict()
    assert expected in json.dumps(d["sort"][0])


def test_pagination_never_passes_the_result_window() -> None:
    d = ServiceQuery(SearchParams(query="x", page=5000)).to_dict()
    assert d["from"] + d["size"] <= 10000


def test_empty_query_browses_in_title_order() -> None:
    d = ServiceQuery(SearchParams(query="")).to_dict()
    assert "must" not in d["query"]["bool"]
    assert d["sort"][0] == {"title_order": {"order": "asc", "unmapped_type": "keyword"}}


@pytest.mark.parametrize(("language", "field"), [("lv", "title.lvf"), ("en", "title.en")])
def test_autocomplete_also_matches_finished_words_by_their_stems(language: str, field: str) -> None:
    d = AutocompleteQuery("deklaret dziv", language).to_dict()
    should = d["query"]["function_score"]["query"]["bool"]["should"]
    stemmed = [c["match_bool_prefix"] for c in should if "match_bool_prefix" in c]
    assert stemmed == [{field: {"query": "deklaret dziv", "operator": "and", "boost": 10.0}}]


def test_autocomplete_uses_suggest_subfield_and_language() -> None:
    d = AutocompleteQuery("pas", "lv").to_dict()
    assert "title.suggest" in json.dumps(d)
    # Wrapped in the function_score that ranks institutions-only services last.
    assert {"term": {"language": "lv"}} in d["query"]["function_score"]["query"]["bool"]["filter"]


def test_fold() -> None:
    assert fold("Ģimenes Pabalsts ŠĶŪŅ") == "gimenes pabalsts skun"
