"""After a sync that wrote many pages, PostgreSQL's planner statistics are gathered at once:
a database fresh from its first sync otherwise plans the footer's query as a walk over every
page until autovacuum gets there (docs/benchmarks.md)."""

from __future__ import annotations

import pytest
from django.db import connection

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
