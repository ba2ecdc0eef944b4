"""The query log is written after the visitor has the page, never inside the request."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import RequestFactory

from search import query_log
from search.models import QueryLog
from search.views import search_page

pytestmark = pytest.mark.django_db


@contextmanager
def _as_a_wsgi_server_ends_a_request():
    """What the test client does: Django's own end-of-request receiver would close the test's
    database connection (and its transaction) on PostgreSQL."""
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _nothing_pending():
    query_log.flush()
    yield
    query_log.flush()


def test_the_row_is_written_when_the_response_is_closed(catalogue) -> None:
    response = search_page(RequestFactory().get("/lv/search/", {"q": "Pase"}))
    assert response.status_code == 200
    assert QueryLog.objects.count() == 0 and query_log.pending() == 1
    tokens = set(re.findall(r"/search/go/([0-9a-f]+)/", response.content.decode()))
    with _as_a_wsgi_server_ends_a_request():
        response.close()  # what the WSGI server does after sending it: request_finished
    log = QueryLog.objects.get()
    assert tokens == {log.token}
    assert (log.query, log.language, log.result_count) == ("pase", "lv", 1)
    assert query_log.pending() == 0


def test_personal_data_is_masked_before_it_is_noted() -> None:
    query_log.record("Pase 010101-12345 anna@example.lv", "lv", 0, False)
    assert query_log.flush() == 1
    assert QueryLog.objects.get().query == "pase <number> <email>"


def test_a_failing_write_never_reaches_the_visitor(catalogue, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise RuntimeError("database refuses")

    monkeypatch.setattr(QueryLog.objects, "bulk_create", refuse)
    query_log.record("pase", "lv", 1, False)
    with _as_a_wsgi_server_ends_a_request():
        request_finished.send(sender=None)  # must not raise
    assert query_log.pending() == 0


def test_rows_of_concurrent_searches_are_written_together(catalogue) -> None:
    tokens = {query_log.record(q, "lv", 1, False) for q in ("pase", "pabalsts", "pase")}
    assert len(tokens) == 3
    assert query_log.flush() == 3
    assert set(QueryLog.objects.values_list("token", flat=True)) == tokens
