"""The collector's schedule during a sync: the heap alive before the batches is frozen (no
full collection walks it again), and the process is left as the run found it."""

from __future__ import annotations

import gc

import pytest

from sync.collector import frozen_heap
from sync.runner import Runner
from tests.sync.conftest import DEMO_SNAPSHOT, sync


class _Node:
    """A tracked object (the collector tracks container instances, not strings)."""


def test_the_heap_alive_at_the_start_is_frozen_and_thawed_at_the_end():
    assert gc.get_freeze_count() == 0
    with frozen_heap():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def _tracked(obj: object) -> bool:
    """Whether the collector still walks ``obj`` (frozen objects are in no generation).

    Why not ``gc.get_freeze_count()`` deltas: another thread (a client's keep-alive, a
    rebuild) may free a frozen object at any moment, and the count moves with it."""
    return any(o is obj for o in gc.get_objects())


def test_refreeze_adds_what_lives_on():
    with frozen_heap() as refreeze:
        kept = _Node()
        assert _tracked(kept)
        refreeze()
        assert not _tracked(kept)
    assert _tracked(kept)
    assert gc.get_freeze_count() == 0


def test_the_thaw_happens_when_the_block_raises():
    with pytest.raises(RuntimeError), frozen_heap():
        raise RuntimeError("a failed run")
    assert gc.get_freeze_count() == 0


def test_a_heap_frozen_by_its_process_is_left_to_it():
    """A web worker froze its start-up heap (portal.wsgi): a sync in it must not thaw it,
    nor freeze what it made since."""
    gc.freeze()
    try:
        earlier = _Node()
        gc.freeze()
        with frozen_heap() as refreeze:
            later = _Node()
            refreeze()
            assert _tracked(later)
        assert not _tracked(earlier)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


@pytest.mark.django_db
def test_a_sync_run_freezes_before_its_batches_and_thaws_after(site_tree, monkeypatch):
    seen: list[int] = []
    original = Runner._write_services

    def watched(self, *args, **kwargs):
        seen.append(gc.get_freeze_count())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Runner, "_write_services", watched)
    sync(DEMO_SNAPSHOT)
    assert seen and all(count > 0 for count in seen)
    assert gc.get_freeze_count() == 0
