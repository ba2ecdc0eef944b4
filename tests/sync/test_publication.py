"""The publication step of a run (revisions, localize sources, search entries): what it writes
is what Wagtail's own publish would write, and it runs with the run's bulk data freed.

Peak memory itself is measured by ``bench/sync_bench.py`` (docs/benchmarks.md); these tests pin
the two things that keep it flat at that step: the mapped services are no longer referenced when
the publication records are written, and the snapshot is never in memory (read from its file)."""

from __future__ import annotations

import gc
import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue_pages import bulk
from catalogue_pages.models import (
    ChangeNote,
    ChangeNoteExplanation,
    InstitutionPage,
    LifeSituationPage,
    ServicePage,
)
from sync import runner
from sync.diff import Desired
from tests.sync.conftest import DEMO_SNAPSHOT, sync

pytestmark = pytest.mark.django_db

#: Set on the row after the revision is serialised (Wagtail's own publish does the same).
REVISION_POINTERS = {"live_revision", "latest_revision", "latest_revision_created_at"}


def test_publication_runs_without_the_mapped_services_or_the_snapshot(site_tree, monkeypatch):
    """Publication runs once per batch (institutions, each batch of services, the guides),
    each time after that batch's mapped fields are freed."""
    seen: dict[str, list] = {"desired": [], "documents": [], "pages": []}
    record = bulk.record_publication

    def observed(written, **options):  # type: ignore[no-untyped-def]
        gc.unfreeze()  # the run froze its long-lived objects (sync/collector.py): list them too
        gc.collect()
        objects = gc.get_objects()
        gc.freeze()
        # no lazy object evaluated
        seen["desired"].append(sum(1 for o in objects if type(o) is Desired))
        seen["documents"] += [o.document for o in objects if type(o) is runner.Runner]
        seen["pages"].append(sum(len(ids) for ids in written.values()))
        return record(written, **options)

    monkeypatch.setattr(runner.bulk, "record_publication", observed)
    sync(DEMO_SNAPSHOT)
    assert sum(seen["pages"]) > 300  # the demo's lv + en services, guides and institutions
    assert seen["desired"] and set(seen["desired"]) == {0}
    # This run's Runner reads the snapshot from its file, never holds its bytes.
    assert seen["documents"] and all(
        doc is None or hasattr(doc, "read") for doc in seen["documents"]
    )


@pytest.mark.parametrize("model", [ServicePage, LifeSituationPage, InstitutionPage])
def test_live_revision_is_wagtails_own_serialisation_of_the_page(site_tree, model):
    sync(DEMO_SNAPSHOT)
    pages = model.objects.filter(live=True).order_by("pk")
    assert pages.exists()
    for page in pages:
        own = json.loads(json.dumps(page.serializable_data(), cls=DjangoJSONEncoder))
        stored = page.live_revision.content
        assert {k: v for k, v in stored.items() if k not in REVISION_POINTERS} == {
            k: v for k, v in own.items() if k not in REVISION_POINTERS
        }


def test_a_guides_revision_lists_its_services_in_wagtails_order(site_tree):
    sync(DEMO_SNAPSHOT)
    guide = LifeSituationPage.objects.filter(locale__language_code="lv", services__isnull=False)
    guide = guide.distinct().first()
    expected = [s.pk for s in guide.services.all()]
    assert len(expected) > 1
    assert guide.live_revision.content["services"] == expected


def test_publication_queries_do_not_grow_with_the_pages_it_publishes(site_tree):
    """Every child relation the serialisation reads is prefetched per batch: a query per page
    (a service's change-note explanations) cost 200,000 queries at 100,000 services.

    The search index's own statements are left out: Wagtail's SQLite backend writes an entry
    per page, its PostgreSQL backend one statement per batch (neither is this step's code)."""
    sync(DEMO_SNAPSHOT)
    pks = list(
        ServicePage.objects.filter(locale__language_code="lv")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert len(pks) >= 40

    def queries(ids: list[int]) -> int:
        with CaptureQueriesContext(connection) as captured:
            bulk.record_publication({ServicePage: ids})
        return sum("wagtailsearch_indexentry" not in q["sql"] for q in captured.captured_queries)

    assert queries(pks[:5]) == queries(pks[5:40])


def test_a_services_change_explanations_are_in_its_published_revision(site_tree):
    sync(DEMO_SNAPSHOT)
    page = ServicePage.objects.filter(locale__language_code="lv").order_by("pk").first()
    note = ChangeNote.objects.create(page=page, changed_at=timezone.now(), changes=[])
    ChangeNoteExplanation.objects.create(page=page, note=note, text="Maksa samazināta.")
    bulk.record_publication({ServicePage: [page.pk]})
    page.refresh_from_db()
    stored = page.live_revision.content["change_note_explanations"]
    assert [(e["note"], e["text"]) for e in stored] == [(note.pk, "Maksa samazināta.")]
