"""What a source's last run stored per register item (``ItemState``), read a batch at a time.

Why batches: the state of 100,000 items is ~4 strings each; read whole (it was one JSON value
until migration 0002) it was one of the last whole-register costs of a re-sync. A run needs
only two things across the whole register: the raw hash per item IRI, to skip unchanged
closures (``known_hashes``), and the IRIs to keep (the run's own items, held by its records
anyway). Everything else — content hash,
live state, fingerprint — is read for a batch of IRIs when that batch is verified or saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple, TypeVar

from sync.models import ItemState, SourceState

T = TypeVar("T")

#: IRIs per query: under SQLite's bound-parameter limit, and ~100 kB of rows at a time.
BATCH = 500


class Stored(NamedTuple):
    raw_hash: str
    content_hash: str | None
    live: bool | None
    fingerprint: str

    @property
    def page(self) -> list:
        """[content hash, live] as the runner compares it with the page's row."""
        return [self.content_hash, self.live]


def known_hashes(state: SourceState, exclude: Iterable[str] = ()) -> dict[str, str]:
    """Every item's raw hash for this source, but the IRIs in ``exclude`` (parsed again).

    The one whole-register read: ~230 B an item (IRI, hex digest, dict entry), ~23 MB at
    100,000 items. Read row by row from the database (no list of rows at once)."""
    skip = set(exclude)
    hashes: dict[str, str] = {}
    if state.pk is None:
        return hashes
    rows = ItemState.objects.filter(source=state).values_list("iri", "raw_hash")
    for iri, raw in rows.iterator(chunk_size=5000):
        if iri not in skip:
            hashes[iri] = raw
    return hashes


def stored(state: SourceState, iris: Iterable[str]) -> dict[str, Stored]:
    """The stored entries of these IRIs (at most ``BATCH`` of them: one query)."""
    return {
        iri: Stored(raw, content, live, fingerprint)
        for iri, raw, content, live, fingerprint in ItemState.objects.filter(
            source=state, iri__in=list(iris)
        ).values_list("iri", "raw_hash", "content_hash", "live", "fingerprint")
    }


def batches(iris: Iterable[T], size: int | None = None) -> Iterator[list[T]]:
    """``iris`` (or any items) in lists of ``size`` (default ``BATCH``), without copying
    them whole."""
    size = size or BATCH
    batch: list[T] = []
    for iri in iris:
        batch.append(iri)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def stored_batches(state: SourceState) -> Iterator[dict[str, Stored]]:
    """Every stored entry of this source, a batch at a time (the 304 check)."""
    if state.pk is None:
        return
    rows = (
        ItemState.objects.filter(source=state)
        .order_by("pk")
        .values_list("iri", "raw_hash", "content_hash", "live", "fingerprint")
    )
    batch: dict[str, Stored] = {}
    for iri, raw, content, live, fingerprint in rows.iterator(chunk_size=2000):
        batch[iri] = Stored(raw, content, live, fingerprint)
        if len(batch) >= BATCH:
            yield batch
            batch = {}
    if batch:
        yield batch


__all__ = ["BATCH", "Stored", "batches", "known_hashes", "stored", "stored_batches"]
