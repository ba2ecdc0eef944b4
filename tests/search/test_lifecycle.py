"""Index lifecycle against the real node: signals, alias swap, queries during a reindex."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.core.management import call_command
from elasticsearch import Elasticsearch

from catalogue_pages.signals import services_changed
from search import indexing
from search.queries import SearchParams
from search.service import search_services
from tests.factories import ServicePageFactory

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def _ids(query: str, language: str = "lv") -> list[str]:
    results = search_services(SearchParams(query=query, language=language))
    assert not results.degraded
    return [h.identifier for h in results.hits]


def _refresh() -> None:
    Elasticsearch(settings.ELASTICSEARCH_URL).indices.refresh(index=indexing.alias_name())


def test_publish_and_unpublish_follow_wagtail_signals(
    indexed, django_capture_on_commit_callbacks
) -> None:
    page = indexed["gimene"]
    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Ģimenes valsts pabalsts un piemaksa"
        page.save_revision().publish()
    _refresh()
    assert _ids("piemaksa") == ["PAK-0004"]
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    _refresh()
    assert _ids("piemaksa") == []


def test_services_changed_bulk_reindexes_and_deletes(
    indexed, django_capture_on_commit_callbacks
) -> None:
    new = ServicePageFactory(title="Makšķerēšanas karte", identifier="PAK-0077")
    gone = indexed["pase"]
    gone.live = False
    gone.save()
    with django_capture_on_commit_callbacks(execute=True):
        services_changed.send(sender=None, page_ids=[new.pk, gone.pk])
    _refresh()
    assert _ids("makskeresana") == ["PAK-0077"]
    assert "PAK-0001" not in _ids("pase")


def test_indexing_errors_never_break_a_publish(
    catalogue, settings, django_capture_on_commit_callbacks
) -> None:
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    page = catalogue["pase"]
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()  # must not raise
    assert page.live


def test_reindex_command_swaps_alias_and_deletes_old(indexed) -> None:
    client = Elasticsearch(settings.ELASTICSEARCH_URL)
    before = set(client.indices.get_alias(name=indexing.alias_name()))
    call_command("search_reindex")
    after = set(client.indices.get_alias(name=indexing.alias_name()))
    assert len(after) == 1 and after != before
    assert not client.indices.exists(
        index=",".join(before), allow_no_indices=False, ignore_unavailable=True
    )
    (name,) = after
    version = indexing.INDEX_VERSION
    assert name.startswith(f"{settings.ELASTICSEARCH_INDEX_PREFIX}services-{version}-")
    assert _ids("pasi") == ["PAK-0001"]


def test_queries_keep_answering_during_a_reindex(indexed) -> None:
    """Reindex three times in a row while another thread searches without pause."""
    for i in range(150):
        ServicePageFactory(title=f"Papildu pakalpojums {i}", summary="Aizpildījums reindeksācijai.")
    assert _ids("pase") == ["PAK-0001"]  # warms the curation caches (the thread needs no DB)
    failures: list[object] = []
    answered = 0
    stop = threading.Event()

    def searcher() -> None:
        nonlocal answered
        while not stop.is_set():
            try:
                ids = _ids("pase")
                if ids != ["PAK-0001"]:
                    failures.append(ids)
            except BaseException as exc:  # noqa: BLE001
                failures.append(exc)
            answered += 1

    thread = threading.Thread(target=searcher)
    thread.start()
    try:
        for _ in range(3):
            indexing.rebuild()
    finally:
        stop.set()
        thread.join()
    assert not failures
    assert answered > 3


def test_a_rebuild_sent_in_overlapping_chunks_indexes_every_page_once(
    catalogue, use_elasticsearch, monkeypatch
) -> None:
    """The rebuild sends chunks from a worker while the next ones are built: with chunks of
    two and two in flight, every service and guide arrives once, none twice, none lost."""
    monkeypatch.setattr(indexing, "BULK_CHUNK", 2)
    extra = [ServicePageFactory(identifier=f"PAK-CHUNK-{i}") for i in range(7)]
    expected = indexing.indexable_pages().count() + indexing.indexable_guides().count()

    report = indexing.rebuild()

    assert report["errors"] == 0 and report["indexed"] == expected
    client = Elasticsearch(settings.ELASTICSEARCH_URL)
    assert client.count(index=indexing.alias_name())["count"] == expected
    assert set(_ids("Pakalpojums")) >= {page.identifier for page in extra}


def test_a_rebuild_goes_live_with_the_configured_replicas_and_refresh(
    catalogue, use_elasticsearch, settings
) -> None:
    """Built without replicas, refresh or synchronous translog (cheaper), the index goes live
    with what the deployment configured; a single node that cannot hold the replica is not
    waited for (the test node has one node and would never turn green)."""
    settings.ELASTICSEARCH_REPLICAS = 1

    report = indexing.rebuild()

    index = Elasticsearch(settings.ELASTICSEARCH_URL).indices.get_settings(index=report["index"])
    live = index[report["index"]]["settings"]["index"]
    assert live["number_of_replicas"] == "1"
    assert live["refresh_interval"] == "1s"
    assert live["translog"]["durability"] == "request"
