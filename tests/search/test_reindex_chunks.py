"""A full reindex reads the catalogue ``BULK_CHUNK`` rows at a time, guides as well as services,
so its memory is flat in the catalogue's size (the figures are in docs/benchmarks.md)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search import indexing
from tests.factories import LifeSituationPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


def _reads_of(table: str, queries: list[dict[str, str]]) -> list[str]:
    """The statements that select rows *of* ``table`` (not those joining it)."""
    return [q["sql"] for q in queries if re.search(rf'FROM "{table}"', q["sql"])]


def test_a_reindex_reads_services_and_guides_a_chunk_at_a_time(site_tree, monkeypatch):
    services = [ServicePageFactory() for _ in range(5)]
    guides = [LifeSituationPageFactory() for _ in range(5)]
    for guide in guides:
        guide.services.set(services[:3])
    monkeypatch.setattr(indexing, "BULK_CHUNK", 2)

    with CaptureQueriesContext(connection) as ctx:
        pages = list(indexing.catalogue_pages())

    assert [p.pk for p in pages] == [s.pk for s in services] + [g.pk for g in guides]
    for table in ("catalogue_pages_servicepage", "catalogue_pages_lifesituationpage"):
        reads = _reads_of(table, ctx.captured_queries)
        main = [sql for sql in reads if "LIMIT 2" in sql]
        assert len(main) == 3 + 1  # 5 rows in pages of 2, and the empty page that ends it
        # every other read of the table is a prefetch for one page of rows (an IN list)
        assert all(" IN (" in sql for sql in reads if sql not in main)
