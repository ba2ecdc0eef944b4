"""What a source's last run stored per item is a row per item (``ItemState``), read and
written a batch at a time — and the closure hashes of the version before (one JSON value per
source) are carried over, so the first re-sync after the upgrade skips what did not change."""

from __future__ import annotations

import copy

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from catalogue_pages.models import ServicePage
from sync import runner
from sync.models import ItemState, SourceState
from tests.sync.conftest import services_of, sync, write_doc


def _rows(source: str) -> dict[str, tuple]:
    return {
        iri: rest
        for iri, *rest in ItemState.objects.filter(source__source=source).values_list(
            "iri", "raw_hash", "content_hash", "live", "fingerprint"
        )
    }


def _skipping(monkeypatch) -> list:
    """Collects every document the runner parses (real parses, only recorded)."""
    parsed: list = []
    real = runner.parse_document

    def recording(*args, **kwargs):
        doc = real(*args, **kwargs)
        parsed.append(doc)
        return doc

    monkeypatch.setattr(runner, "parse_document", recording)
    return parsed


@pytest.mark.django_db(transaction=True)
def test_the_json_of_the_version_before_is_carried_over_and_the_re_sync_skips_all(
    wagtail_root, site_tree, demo_doc, tmp_path, monkeypatch
):
    """(Transactional: migrating back and forth commits. ``wagtail_root`` puts back the root
    page and locales an earlier transactional test's flush removed.)"""
    source = str(write_doc(tmp_path, demo_doc, "snapshot.jsonld"))
    sync(source)
    stored = _rows(source)
    services = ServicePage.objects.filter(locale__language_code="lv").count()
    assert len(stored) > services > 2
    assert all(raw and content for raw, content, _live, _fp in stored.values())

    executor = MigrationExecutor(connection)
    executor.migrate([("sync", "0001_initial")])  # back to one JSON value per source
    try:
        old = executor.loader.project_state([("sync", "0001_initial")]).apps
        value = old.get_model("sync", "SourceState").objects.get(source=source).closure_hashes
        assert value == {
            iri: [raw, content, live, *([fp] if fp else [])]
            for iri, (raw, content, live, fp) in stored.items()
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes("sync"))
    assert _rows(source) == stored

    parsed = _skipping(monkeypatch)
    lines = sync(source)
    assert lines[-1] == f"created=0 updated=0 unchanged={services} withdrawn=0 skipped=0"
    (doc,) = parsed  # parsed once: nothing stale
    assert not doc.services and len(doc.skipped_unchanged) == services


@pytest.mark.django_db
def test_a_run_that_changed_nothing_writes_no_item_row(site_tree, demo_doc, tmp_path):
    source = str(write_doc(tmp_path, demo_doc, "snapshot.jsonld"))
    sync(source)
    stored = _rows(source)
    with CaptureQueriesContext(connection) as queries:
        sync(source)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if "sync_itemstate" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert _rows(source) == stored


@pytest.mark.django_db
def test_items_are_updated_added_and_forgotten_with_the_register(site_tree, demo_doc, tmp_path):
    source = str(write_doc(tmp_path, demo_doc, "snapshot.jsonld"))
    sync(source)
    before = _rows(source)
    doc = copy.deepcopy(demo_doc)
    changed, removed = services_of(doc)[:2]
    for text in changed["dct:description"]:
        text["@value"] += " Grozīts."
    doc["@graph"].remove(removed)
    sync(str(write_doc(tmp_path, doc, "snapshot.jsonld")), "--force")
    after = _rows(source)
    assert removed["@id"] not in after  # gone from the register: forgotten
    assert after[changed["@id"]][:2] != before[changed["@id"]][:2]  # new raw and content hash
    assert after[changed["@id"]][3]  # and a fingerprint of what was written
    unchanged = set(after) - {changed["@id"]}
    assert {iri: after[iri] for iri in unchanged} == {iri: before[iri] for iri in unchanged}
    assert SourceState.objects.get(source=source).items.count() == len(before) - 1
