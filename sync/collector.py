"""The cyclic garbage collector's schedule during a sync run.

Why: a first sync of 10,000 services on PostgreSQL spent about a third of its CPU time in
CPython's cyclic collector (2026-12-07, ``gc.callbacks`` timing: 155 full collections, ~38 s
of ~83 s). A full (generation 2) collection walks every tracked object alive — the modules of
Django, Wagtail and rdflib (~214,000 objects after start-up) and what the run built before its
batches (the snapshot survey, the shared graph of organisations and concepts) — and a sync
allocates enough to start one every few hundred pages. None of those objects is garbage: they
live until the run ends. ``gc.freeze()`` moves every object alive into the permanent
generation, which no collection visits, so a full collection walks only what the batches
made.

Frozen twice: at the start of the run and again before its batches (``refreeze``). No full
collection first: ``freeze`` itself costs nothing, a collection of a test process's heap ~0.3 s
a run, and what was already garbage is collected after the run, when the heap is thawed. The
collector's thresholds are left as they are: raised ones (50,000 / 20 / 100) saved no more CPU
and let cyclic garbage of many batches pile up (peak RSS of the 10,000 first sync 201 → 371
MB).

A process that froze its own heap before (a web worker, ``portal.wsgi``) is left as it is:
``unfreeze`` at the end would thaw its start-up objects too.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def frozen_heap() -> Iterator[Callable[[], None]]:
    """Freeze what is alive now for the duration of the block; yields ``refreeze``, which
    freezes what is alive when it is called (the run's long-lived state), once or more."""
    if gc.get_freeze_count():
        yield lambda: None
        return
    gc.freeze()
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
