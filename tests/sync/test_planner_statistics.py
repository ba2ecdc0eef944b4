"""After a sync that wrote many pages, PostgreSQL's planner statistics are gathered at once:
a database fresh from its first sync otherwise plans the footer's query as a walk over every
page until autovacuum gets there (docs/benchmarks.md)."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from catalogue_pages.models import LifeSituationPage, ServicePage
from sync import write
from tests.sync.conftest import DEMO_SNAPSHOT, sync

pytestmark = pytest.mark.django_db


def _manual_analyzes() -> int:
    """ANALYZE runs on the page table so far (autovacuum's are counted apart)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT pg_stat_get_analyze_count('wagtailcore_page'::regclass)")
        return int(cursor.fetchone()[0])


@pytest.fixture
def postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("ANALYZE is PostgreSQL's; SQLite plans without gathered statistics")


def test_a_large_sync_analyzes_the_tables_it_filled(postgresql, site_tree, monkeypatch):
    monkeypatch.setattr(write, "ANALYZE_AFTER_PAGES", 10)
    before = _manual_analyzes()

    sync(DEMO_SNAPSHOT)

    assert _manual_analyzes() == before + 1


def test_a_small_sync_leaves_the_statistics_to_autovacuum(postgresql, site_tree, monkeypatch):
    monkeypatch.setattr(write, "ANALYZE_AFTER_PAGES", 10**9)
    before = _manual_analyzes()

    sync(DEMO_SNAPSHOT)

    assert _manual_analyzes() == before


def test_a_large_first_sync_analyzes_inside_its_transaction_as_it_grows(
    postgresql, site_tree, monkeypatch, settings
):
    """Without statistics the planner scanned whole tables for each batch's lookups (the
    topics prefetch): PostgreSQL's time per batch grew with the register. The run gathers
    them in its own transaction, where ``ANALYZE`` counts the rows it inserted."""
    settings.SYNC_BATCH_SIZE = 20
    monkeypatch.setattr(write, "ANALYZE_DURING_RUN_PAGES", 40)
    monkeypatch.setattr(write, "ANALYZE_AFTER_PAGES", 10**9)
    seen: list[tuple[int, float]] = []
    grown = write.Statistics.grown

    def watched(self, written):  # type: ignore[no-untyped-def]
        before = self.runs
        grown(self, written)
        if self.runs > before:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples FROM pg_class WHERE oid = 'wagtailcore_page'::regclass"
                )
                seen.append((sum(len(pks) for pks in written.values()), cursor.fetchone()[0]))

    monkeypatch.setattr(write.Statistics, "grown", watched)
    before = _manual_analyzes()

    sync(DEMO_SNAPSHOT)

    # at 40 pages of a model or more, then at its doubling (below); the page table's row count
    # is the run's own
    assert len(seen) >= 2
    assert [count for count, _ in seen] == sorted(count for count, _ in seen)
    assert all(rows >= written for written, rows in seen)
    assert _manual_analyzes() == before + len(seen)


def test_statistics_are_gathered_per_model_and_not_on_sqlite(site_tree):
    """The guides come after every service, with link tables of their own: their first
    2,000 pages are a reason to gather statistics again, whatever the services' count."""
    statistics = write.Statistics()
    due = write.ANALYZE_DURING_RUN_PAGES
    statistics.grown({ServicePage: range(due - 1)})
    assert statistics.runs == 0
    if connection.vendor != "postgresql":
        statistics.grown({ServicePage: range(due)})
        assert statistics.runs == 0
        return
    statistics.grown({ServicePage: range(10 * due)})
    assert statistics.runs == 1
    statistics.grown({ServicePage: range(10 * due + 1), LifeSituationPage: range(due - 1)})
    assert statistics.runs == 1
    statistics.grown({ServicePage: range(10 * due + 2), LifeSituationPage: range(due)})
    assert statistics.runs == 2
    statistics.grown({ServicePage: range(20 * due), LifeSituationPage: range(due + 1)})
    assert statistics.runs == 3


@pytest.mark.parametrize("model", [ServicePage, LifeSituationPage])
def test_pages_are_read_by_register_iri_through_an_index(postgresql, site_tree, model):
    """verify and the run's state read pages by IRI, 500 at a time, on every run: without an
    index each read scanned the table (the 100,000 first sync's state step, every re-sync's
    check). With scans off, the plan can only be an index's."""
    sync(DEMO_SNAPSHOT)
    iris = list(model.objects.values_list("register_iri", flat=True)[:50])
    query = model._base_manager.filter(register_iri__in=iris).values("register_iri")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = [row[0] for row in cursor.fetchall()]
    # "Index Scan using <index>", "Index Only Scan using <index>", "Bitmap Index Scan on <index>"
    used = [
        re.split(r" using | on ", line, maxsplit=1)[1].split()[0]
        for line in plan
        if re.search(r"Index (Only )?Scan (using|on) ", line)
    ]
    assert any("register_iri" in index for index in used), plan
