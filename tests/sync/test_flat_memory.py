"""What a run keeps for the whole register is compact (issue 23, item 1): the items' heads
wait on disk, the run's diff keeps only what is stored, the saved state is streamed. These
tests pin that the compact forms give the same answers as the whole-register ones did; the
memory figures are in bench/sync_bench.py and docs/benchmarks.md."""

from __future__ import annotations

import pytest

from catalogue_pages.models import ServicePage
from sync import runner, verify
from sync.models import ItemState, SourceState, SyncRun
from sync.plan import TakenSlugs
from sync.records import (
    DiskMap,
    EventRecord,
    Head,
    ParsedDocument,
    RecordSpill,
    ServiceRecord,
)
from tests.sync.conftest import DEMO_SNAPSHOT, services_of, sync, write_doc


def _service(n: int) -> ServiceRecord:
    return ServiceRecord(
        iri=f"https://example.lv/service/{n}",
        identifiers=[f"PAK-{n:05d}"],
        title={"lv": f"Pakalpojums {n}"},
        description={},
        keywords={},
        audiences=[],
        status="active",
        competent_authority=None,
        participations=[],
        channels=[],
        costs=[],
        requirements=[],
        outputs=[],
        processing_time="",
        legal_resources=[],
        contact_points=[],
        topics=[],
        related=[],
        grouped_by=[],
        modified=None,
        replaced_by=None,
        raw_hash=f"{n:064x}",
    )


def _event(n: int) -> EventRecord:
    return EventRecord(
        iri=f"https://example.lv/event/{n}",
        kind="life",
        identifiers=[f"DS-{n}"],
        title={"lv": f"Situācija {n}"},
        description={},
        services=[],
        needs=[],
        raw_hash=f"{n:064x}",
    )


def test_spilled_heads_are_read_back_from_the_file_in_order_by_any_number_of_readers():
    spill = RecordSpill()
    spill.add([_service(1), _service(2)], [])
    spill.add([_service(3)], [_event(1)])
    expected = [
        Head("https://example.lv/service/1", ["PAK-00001"], f"{1:064x}", False),
        Head("https://example.lv/service/2", ["PAK-00002"], f"{2:064x}", False),
        Head("https://example.lv/service/3", ["PAK-00003"], f"{3:064x}", False),
        Head("https://example.lv/event/1", ["DS-1"], f"{1:064x}", True),
    ]
    first, second = iter(spill.heads), iter(spill.heads)
    interleaved = [(next(first), next(second)) for _ in range(2)]
    assert [a for a, _ in interleaved] == [b for _, b in interleaved] == expected[:2]
    assert [*first] == [*second] == expected[2:]
    # The records are dropped after validation; the heads stay readable for the state.
    spill.close()
    assert [*spill.heads] == expected
    assert (spill.service_count, spill.event_count) == (3, 1)
    spill.close_heads()


def test_a_document_lists_spilled_heads_then_held_ones_and_knows_it_has_services():
    doc = ParsedDocument(spill=RecordSpill())
    assert not doc.has_services()
    doc.spill.add([], [_event(1)])  # type: ignore[union-attr]
    assert not doc.has_services()  # a guide alone is not a register snapshot
    doc.spill.add([_service(1)], [])  # type: ignore[union-attr]
    doc.events.append(_event(2))
    assert doc.has_services()
    assert [h.iri for h in doc.heads()] == [
        "https://example.lv/event/1",
        "https://example.lv/service/1",
        "https://example.lv/event/2",
    ]


def test_the_validated_records_spill_keeps_no_heads():
    spill = RecordSpill(keep_heads=False)
    spill.add([_service(1)], [])
    assert spill.head_file is None
    with pytest.raises(ValueError, match="keeps no heads"):
        list(spill.heads)
    assert [[s.iri for s in services] for services, _ in spill.batches()] == [
        ["https://example.lv/service/1"]
    ]


def _diff_of(tally: runner._Tally) -> list[str]:
    return [f"{e['action']}:{e['identifier']}" for e in tally.diff()]


class _Plan:
    def __init__(self, created: set[str], updated: set[str]) -> None:
        self.created_keys, self.updated_keys = created, updated
        self.unchanged_keys: set[str] = set()


class _Desired:
    def __init__(self, key: str) -> None:
        self.key, self.live = key, True
        self.per_lang = {"lv": {"title": key}}


def test_a_kept_diff_is_the_first_entries_of_the_whole_diff_whatever_the_batch_order():
    """A run that writes keeps only the ``keep`` smallest identifiers of its creates and of
    its updates: the diff it stores is the one the whole list gave, cut at ``keep``."""
    snap = runner.Snapshot(
        iri_to_identifier={},
        to_withdraw=[],
        newly_withdrawn=set(),
        unchanged_skipped=0,
        live_total=0,
        now=None,  # type: ignore[arg-type]
        repair_keys=set(),
        taken=TakenSlugs(),
    )
    whole, kept = runner._Tally(snap), runner._Tally(snap, keep=7)
    keys = [f"K{n:03d}" for n in (37, 5, 88, 12, 3, 61, 40, 9, 70, 1, 26, 54, 18, 93, 30)]
    for start in range(0, len(keys), 4):  # batches of 4, identifiers in no order
        batch = keys[start : start + 4]
        created, updated = set(batch[:3]), set(batch[3:])
        for tally in (whole, kept):
            tally.add(_Plan(created, updated), [_Desired(k) for k in batch], {})  # type: ignore[arg-type]
    assert len(kept.creates) <= 2 * 7 and len(_diff_of(whole)) == len(keys)
    assert _diff_of(kept) == _diff_of(whole)[:7]
    assert (kept.created, kept.updated) == (whole.created, whole.updated) == (12, 3)


@pytest.mark.django_db
def test_the_stored_run_diff_is_cut_at_its_limit_and_the_counts_are_whole(
    site_tree, settings, monkeypatch, demo_doc
):
    settings.SYNC_BATCH_SIZE = 50
    monkeypatch.setattr(runner, "DIFF_KEPT", 20)
    sync(DEMO_SNAPSHOT)
    run = SyncRun.objects.get()
    identifiers = sorted(
        ServicePage.objects.filter(locale__language_code="lv").values_list("identifier", flat=True)
    )
    assert run.created == len(services_of(demo_doc)) == len(identifiers) > 20
    assert [e["identifier"] for e in run.diff] == identifiers[:20]
    assert {e["action"] for e in run.diff} == {"create"}


def test_the_seen_digests_answer_membership_like_the_set_of_iris():
    seen = verify._Seen()
    iris = [f"https://example.lv/service/{n}" for n in range(0, 3000, 3)]
    for iri in reversed(iris):
        seen.add(iri)
    seen.freeze()
    assert all(iri in seen for iri in iris)
    assert not any(f"https://example.lv/service/{n}" in seen for n in range(1, 3000, 3))
    assert list(seen.values) == sorted(seen.values)


@pytest.mark.django_db
def test_saving_streamed_hashes_adds_updates_and_forgets_items_in_batches(monkeypatch):
    """``verify.save`` reads (IRI, raw hash) pairs once, a batch at a time, and still
    forgets the rows of items that are not among them."""
    monkeypatch.setattr(verify.item_state, "BATCH", 4)
    state = SourceState.objects.create(source="https://example.lv/register")
    first = [(f"https://example.lv/item/{n}", f"{n:064x}") for n in range(10)]
    verify.save(state, iter(first), set())
    assert dict(ItemState.objects.values_list("iri", "raw_hash")) == dict(first)
    second = [(iri, raw) for iri, raw in first if not iri.endswith(("/3", "/7"))]
    second[0] = (second[0][0], "f" * 64)
    second.append(("https://example.lv/item/new", "e" * 64))
    verify.save(state, (pair for pair in second), set())
    assert dict(ItemState.objects.values_list("iri", "raw_hash")) == dict(second)


@pytest.mark.django_db
@pytest.mark.parametrize("dry_run", [False, True])
def test_one_title_for_every_service_gives_distinct_slugs_across_batches(
    site_tree, settings, demo_doc, tmp_path, dry_run
):
    """Only a batch's own claims are held; the slugs of the batches written before are
    found in the database (the run's transaction sees them). A dry run writes nothing and
    keeps every claim and plans the same creates."""
    settings.SYNC_BATCH_SIZE = 50
    for node in services_of(demo_doc):
        node["dct:title"] = [{"@language": "lv", "@value": "Izziņa"}]
    source = write_doc(tmp_path, demo_doc, "snapshot.jsonld")
    n = len(services_of(demo_doc))
    sync(str(source), *(["--dry-run"] if dry_run else []))
    assert SyncRun.objects.get().created == n
    if not dry_run:
        slugs = set(
            ServicePage.objects.filter(locale__language_code="lv").values_list("slug", flat=True)
        )
        assert slugs == {"izzina", *(f"izzina-{i}" for i in range(2, n + 1))}


@pytest.mark.django_db
def test_taken_slugs_are_the_database_s_and_the_batch_s_claims(site_tree):
    sync(DEMO_SNAPSHOT)
    stored = ServicePage.objects.filter(locale__language_code="lv").first()
    assert stored is not None
    taken = TakenSlugs()
    taken.start_batch([stored.slug, "jauns"])
    assert stored.slug in taken and "jauns" not in taken
    taken.add("jauns")
    assert "jauns" in taken
    taken.start_batch([])  # the claim was written by now (or it never will be)
    assert "jauns" not in taken and stored.slug in taken  # looked up on its own
    kept = TakenSlugs(flush_claims=False)
    kept.add("jauns")
    kept.start_batch([])
    assert "jauns" in kept


def test_a_disk_map_is_a_mapping_of_strings():
    ids = DiskMap()
    ids.update_pairs([("https://example.lv/b", "B"), ("https://example.lv/a", "A")])
    ids["https://example.lv/c"] = "C"
    ids.update_pairs([("https://example.lv/a", "A2")])  # the last one wins, as in a dict
    assert dict(ids) == {
        "https://example.lv/a": "A2",
        "https://example.lv/b": "B",
        "https://example.lv/c": "C",
    }
    assert "https://example.lv/b" in ids and "https://example.lv/x" not in ids and 3 not in ids
    assert ids.get("https://example.lv/x") is None and len(ids) == 3
    del ids["https://example.lv/b"]
    with pytest.raises(KeyError):
        del ids["https://example.lv/b"]
    assert sorted(ids.values()) == ["A2", "C"]
    ids.close()


@pytest.mark.django_db
def test_a_spilled_document_s_valid_services_are_kept_on_disk(site_tree, settings):
    """The run's IRI → identifier of its valid services is a ``DiskMap``; the pages link to
    each other through it as they did through a dict (``test_batches`` checks the links)."""
    seen: list[object] = []
    real = runner.survey

    def spy(doc, checked, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(checked.service_ids)
        return real(doc, checked, **kwargs)

    settings.SYNC_BATCH_SIZE = 50
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runner, "survey", spy)
        sync(DEMO_SNAPSHOT)
    (ids,) = seen
    assert isinstance(ids, DiskMap)
    assert (
        SyncRun.objects.get().created
        == ServicePage.objects.filter(locale__language_code="lv").count()
        > 0
    )
