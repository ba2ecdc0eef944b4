"""The sync maps, diffs and writes services in batches (``SYNC_BATCH_SIZE``), one run one
transaction: batches change how much is held at once, never what is written."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Revision

from catalogue_pages.models import ChangeNote, InstitutionPage, LifeSituationPage, ServicePage
from sync import runner, write
from sync.models import SyncRun
from tests.sync.conftest import DEMO_SNAPSHOT, services_of, sync

pytestmark = pytest.mark.django_db

#: The demo's 173 services and 19 guides in batches of 50: four service batches (the last
#: one short, read across the stream's parse batches of 100), then the guides.
SMALL = 50


def _iri_ids(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return sorted(i["@id"] for i in items if isinstance(i, dict))


def test_services_in_batches_are_the_pages_one_batch_leaves_unchanged(
    site_tree, settings, demo_doc
):
    """A first sync in batches of 50 writes what a single-batch sync maps: a forced re-sync in
    one batch (every closure parsed and mapped again) finds nothing to change. Links that
    are not in the content hash — authority, topics, a guide's services — point where the
    register says, also across batches."""
    settings.SYNC_BATCH_SIZE = SMALL
    n = len(services_of(demo_doc))
    assert n > 3 * SMALL
    assert sync(DEMO_SNAPSHOT)[-1].startswith(f"created={n} updated=0 unchanged=0 withdrawn=0")
    settings.SYNC_BATCH_SIZE = 10_000
    assert sync(DEMO_SNAPSHOT, "--force")[-1].startswith(
        f"created=0 updated=0 unchanged={n} withdrawn=0"
    )

    lv = ServicePage.objects.filter(locale__language_code="lv")
    assert lv.count() == n
    assert len(set(lv.values_list("slug", flat=True))) == n
    pages = {p.register_iri: p for p in lv.select_related("competent_authority")}
    for node in services_of(demo_doc):
        page = pages[node["@id"]]
        assert [page.competent_authority.register_iri] == _iri_ids(node["cv:hasCompetentAuthority"])
        assert sorted(t.register_iri for t in page.topics.all()) == _iri_ids(
            node.get("cv:thematicArea", [])
        )
    guides = {
        g.register_iri: g for g in LifeSituationPage.objects.filter(locale__language_code="lv")
    }
    events = [n for n in demo_doc["@graph"] if "Event" in str(n.get("@type"))]
    assert events and len(guides) == len(events)
    for node in events:
        linked = sorted(s.register_iri for s in guides[node["@id"]].services.all())
        assert linked and set(_iri_ids(node["cv:hasRelatedService"])) <= set(linked)


def test_a_failure_in_the_second_batch_leaves_nothing_written(site_tree, settings, monkeypatch):
    """The first batch's pages, revisions and history are in the run's one transaction: a
    crash in the second batch takes them back with it."""
    settings.SYNC_BATCH_SIZE = SMALL
    calls: list[int] = []
    real = write.write_services

    def second_fails(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(runner.write, "write_services", second_fails)
    with pytest.raises(RuntimeError):
        sync(DEMO_SNAPSHOT)
    assert len(calls) == 2
    assert not ServicePage._base_manager.exists()
    assert not LifeSituationPage._base_manager.exists()
    assert not InstitutionPage._base_manager.exists()  # written before the first batch
    synced = [ContentType.objects.get_for_model(m) for m in (ServicePage, InstitutionPage)]
    assert not Revision.objects.filter(content_type__in=synced).exists()
    assert not ChangeNote.objects.exists()
    run = SyncRun.objects.get()
    assert run.status == SyncRun.ABORTED and run.created == 0


def test_a_dry_run_in_batches_reports_the_diff_of_one_batch_and_writes_nothing(site_tree, settings):
    settings.SYNC_BATCH_SIZE = 10_000
    sync(DEMO_SNAPSHOT, "--dry-run")
    settings.SYNC_BATCH_SIZE = SMALL
    sync(DEMO_SNAPSHOT, "--dry-run")
    one, batched = SyncRun.objects.order_by("pk")
    assert batched.diff == one.diff and len(one.diff) > 3 * SMALL
    assert [e["identifier"] for e in one.diff] == sorted(e["identifier"] for e in one.diff)
    assert (batched.created, batched.unchanged) == (one.created, one.unchanged)
    assert not ServicePage._base_manager.exists()
