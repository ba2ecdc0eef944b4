"""Pages whose indexing failed (Elasticsearch frozen or down) are recorded and reindexed on
the next run or by the retry task; ``pending_reindex_count()`` tells /readyz the backlog."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from elasticsearch import Elasticsearch

from catalogue_pages.signals import services_changed
from search import backlog, indexing
from search.models import PendingReindex
from search.queries import SearchParams
from search.service import search_services
from search.tasks import retry_pending_reindex

pytestmark = [pytest.mark.elasticsearch, pytest.mark.django_db]


def _es() -> Elasticsearch:
    return Elasticsearch(settings.ELASTICSEARCH_URL)


def _titles(query: str) -> list[str]:
    _es().indices.refresh(index=indexing.alias_name())
    results = search_services(SearchParams(query=query, language="lv"))
    assert not results.degraded
    return [h.title for h in results.hits]


def _freeze(frozen: bool) -> None:
    """A write block on the index: what a frozen / read-only index answers to every write."""
    _es().indices.put_settings(
        index=indexing.alias_name(), settings={"index.blocks.write": frozen or None}
    )


def _rename(page, title: str, capture) -> None:
    with capture(execute=True):
        page.title = title
        page.save_revision().publish()


def test_a_write_refused_by_a_frozen_index_is_retried_on_the_next_run(
    indexed, django_capture_on_commit_callbacks
):
    page = indexed["pase"]
    _freeze(True)
    try:
        _rename(page, "Pases izsniegšana ārzemēs", django_capture_on_commit_callbacks)
        # The service, and the guide whose document lists its title.
        guide = page.life_situations.get()
        assert set(PendingReindex.objects.values_list("page_id", flat=True)) == {
            page.pk,
            guide.pk,
        }
        assert "ārzemēs" not in " ".join(_titles("pase"))
    finally:
        _freeze(False)
    # The next sync run reports other changes only; the backlog goes along with them.
    with django_capture_on_commit_callbacks(execute=True):
        services_changed.send(sender=type(page), page_ids=[indexed["dzivesvieta"].pk])
    assert "Pases izsniegšana ārzemēs" in _titles("pase")
    assert backlog.pending_reindex_count() == 0


def test_elasticsearch_down_records_every_page_and_the_task_retries(
    indexed, settings, django_capture_on_commit_callbacks
):
    real = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"  # nothing listens: down
    page = indexed["pase"]
    other = indexed["dzivesvieta"]
    with django_capture_on_commit_callbacks(execute=True):
        services_changed.send(sender=type(page), page_ids=[page.pk, other.pk])
        page.title = "Pases izsniegšana bērnam"
        page.save_revision().publish()
    # The two services and the guide that lists them (its document holds their titles).
    assert backlog.pending_reindex_count() == 3
    attempts = PendingReindex.objects.get(page_id=page.pk).attempts
    assert attempts >= 1
    retry_pending_reindex.enqueue()  # still down: kept, attempts counted
    assert backlog.pending_reindex_count() == 3
    assert PendingReindex.objects.get(page_id=page.pk).attempts > attempts
    settings.ELASTICSEARCH_URL = real
    retry_pending_reindex.enqueue()
    assert backlog.pending_reindex_count() == 0
    assert "Pases izsniegšana bērnam" in _titles("pase")


def test_retry_command_for_cron(indexed, settings, django_capture_on_commit_callbacks):
    real = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    with django_capture_on_commit_callbacks(execute=True):
        services_changed.send(sender=None, page_ids=[indexed["pase"].pk])
    settings.ELASTICSEARCH_URL = real
    call_command("search_retry_pending")
    assert backlog.pending_reindex_count() == 0
