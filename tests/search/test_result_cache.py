"""Search answers are kept in the shared cache until the index changes, and never stale.

Two tiers: the key and the keep/serve rules on their own, then the real node — a document
written behind the portal's back (no write stamp) shows the answer really comes from the
cache, and every write the portal makes retires it at once.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from elasticsearch import Elasticsearch

from search import indexing, result_cache
from search.backend import SearchResults
from search.queries import SearchParams
from search.service import search_services
from tests.factories import ServicePageFactory


@pytest.fixture
def cache_on(settings):
    settings.SEARCH_CACHE_SECONDS = 60


def _answer(params: SearchParams) -> SearchResults:
    params.min_score = 1.5  # what the Elasticsearch backend sets while searching
    return SearchResults(params=params, total=1, backend="elasticsearch")


class Backend:
    """Counts the searches that were really run."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, params: SearchParams) -> SearchResults:
        self.calls += 1
        return _answer(params)


def test_the_key_names_the_question_not_what_the_backend_derived() -> None:
    asked = SearchParams(query="pase", language="lv")
    derived = SearchParams(query="pase", language="lv", min_score=3.0, lenient=True)
    key = result_cache.result_key
    assert key(asked, "services") == key(derived, "services")
    assert key(asked, "services") != key(SearchParams(query="pase", page=2), "services")
    assert key(asked, "services") != key(
        SearchParams(query="pase", synonyms=["ceļošanas dokuments"]), "services"
    )
    assert key(asked, "services") != key(asked, "other-services")


def test_a_repeated_question_is_answered_from_the_cache(cache_on) -> None:
    backend = Backend()
    first = result_cache.cached_search(SearchParams(query="pase"), "services", backend)
    again = result_cache.cached_search(SearchParams(query="pase"), "services", backend)
    assert backend.calls == 1
    assert (again.total, again.backend) == (first.total, first.backend)
    result_cache.cached_search(SearchParams(query="pase", page=2), "services", backend)
    assert backend.calls == 2


def test_an_index_write_retires_every_kept_answer(cache_on, monkeypatch) -> None:
    monkeypatch.setattr(result_cache, "VISIBLE_AFTER", 0.0)
    backend = Backend()
    result_cache.cached_search(SearchParams(query="pase"), "services", backend)
    result_cache.index_written()
    result_cache.cached_search(SearchParams(query="pase"), "services", backend)
    assert backend.calls == 2


def test_an_answer_right_after_a_write_is_served_but_not_kept(cache_on) -> None:
    """Elasticsearch shows a write after its next refresh: the answer may predate it."""
    backend = Backend()
    result_cache.index_written()
    result_cache.cached_search(SearchParams(query="pase"), "services", backend)
    result_cache.cached_search(SearchParams(query="pase"), "services", backend)
    assert backend.calls == 2


def test_off_without_a_shared_cache(settings) -> None:
    settings.SEARCH_CACHE_SECONDS = 0
    backend = Backend()
    for _ in range(2):
        result_cache.cached_search(SearchParams(query="pase"), "services", backend)
    assert backend.calls == 2


def _ids(query: str) -> list[str]:
    results = search_services(SearchParams(query=query, language="lv"))
    assert not results.degraded
    return [h.identifier for h in results.hits]


@pytest.mark.elasticsearch
@pytest.mark.django_db
def test_real_node_cached_until_the_portal_writes(indexed, cache_on) -> None:
    time.sleep(result_cache.VISIBLE_AFTER)  # the rebuild of the fixture is a write
    assert _ids("makšķerēšana") == []
    extra = ServicePageFactory(title="Makšķerēšanas karte", identifier="PAK-0077")
    client = Elasticsearch(settings.ELASTICSEARCH_URL)
    # Behind the portal's back (no write stamp): the kept answer still says "nothing".
    [action] = indexing._actions([extra], indexing.alias_name())
    client.index(index=action["_index"], id=action["_id"], document=action["_source"])
    client.indices.refresh(index=indexing.alias_name())
    assert _ids("makšķerēšana") == []

    # Through the portal: the write stamp retires the kept answer in every process.
    indexing.index_pages([extra.pk], refresh=True)
    assert _ids("makšķerēšana") == ["PAK-0077"]
