"""Do the pages still hold what this source's last run wrote? (docs/sync.md, "Verify and repair")

A run that skips work — the register answered 304 Not Modified, or a service's input is
byte-identical to last time — used to count every page as unchanged without looking at it.
Pages can differ from the register all the same: a sync from another source rewrote them, or
something wrote a register column behind the sync's back (a shell, a restore, a failed
migration). Both are caught here, per register item:

* **another writer through the sync**: the page's content hash or live state is not what this
  source's last run stored (``ItemState.content_hash`` and ``live``);
* **a write behind the sync's back**: the page's register columns (both languages) no longer
  give the fingerprint stored after the last run (``ItemState.fingerprint``), although the
  content hash still says they do.

The runner parses such items again and rewrites their pages (``Runner.repair``). Everything
here reads and writes the stored state a batch of items at a time (``sync.state``): memory
does not grow with the register.
"""

from __future__ import annotations

import hashlib
import json
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import JSONField, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from catalogue_pages.models import LifeSituationPage, ServicePage
from sync import state as item_state
from sync.models import ItemState, SourceState

#: Columns a run sets whether or not the register changed: not part of the fingerprint.
NOT_FINGERPRINTED = ("synced_at",)
BATCH = 500


def _columns() -> list[str]:
    return [name for name in ServicePage.register_fields if name not in NOT_FINGERPRINTED]


#: The fingerprint's format, the first characters of every fingerprint stored since
#: 2026-12-07 (62 hex characters follow: the column holds 64).
FORMAT = "2:"


def fingerprints(iris: Iterable[str]) -> dict[str, str]:
    """register IRI → digest of the register columns of its service pages, every language.

    The JSON columns are digested as the database's own text (``jsonb`` text on PostgreSQL,
    the stored text on SQLite), not decoded and encoded again in Python: that round trip was
    three quarters of this function's CPU, 13 s of a no-change re-sync at 100,000 services
    (0.41 against 1.39 s for 10,000). A fingerprint is compared only with one the same
    database gave, so the text needs to be stable, not portable.

    Digested batch by batch: only one batch's rows are held (the register columns of every
    service at once were the largest whole-register state of a re-sync)."""
    wanted = list(iris)
    fields = {f.attname: f for f in ServicePage._meta.concrete_fields}
    columns = _columns()
    as_text = {
        f"_text_{name}": Cast(name, TextField())
        for name in columns
        if isinstance(fields[name], JSONField)
    }
    names = ["register_iri", *(name for name in columns if f"_text_{name}" not in as_text)]
    names += ["locale__language_code", *as_text]
    out: dict[str, str] = {}
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start : start + BATCH]
        rows: dict[str, list[tuple]] = {}
        for row in (
            ServicePage._base_manager.filter(register_iri__in=batch)
            .annotate(**as_text)
            .order_by("register_iri", "locale__language_code")
            .values_list(*names)
        ):
            rows.setdefault(row[0], []).append(row)
        for iri, found in rows.items():
            # JSON of the values, datetimes as text: not ``repr``, whose text for a datetime
            # names its tzinfo class — a driver upgrade would change every fingerprint and
            # make the next run rewrite the whole catalogue.
            text = json.dumps(found, default=str, ensure_ascii=False)
            digest = hashlib.blake2b(text.encode("utf-8"), digest_size=31).hexdigest()
            out[iri] = FORMAT + digest
    return out


def legacy_fingerprints(iris: Iterable[str]) -> dict[str, str]:
    """The fingerprints stored before ``FORMAT`` (JSON encoded in Python, SHA-256): what
    the first run after an upgrade compares its older stored ones with, so that the upgrade
    is no reason to rewrite every page. ``save`` stores the new format from then on."""
    wanted = list(iris)
    columns = _columns()
    out: dict[str, str] = {}
    for start in range(0, len(wanted), BATCH):
        batch = wanted[start : start + BATCH]
        rows: dict[str, list[dict]] = {}
        for row in (
            ServicePage._base_manager.filter(register_iri__in=batch)
            .order_by("register_iri", "locale__language_code")
            .values("register_iri", "locale__language_code", *columns)
        ):
            rows.setdefault(row["register_iri"], []).append(row)
        for iri, found in rows.items():
            out[iri] = hashlib.sha256(
                json.dumps(found, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
            ).hexdigest()
    return out


@dataclass
class Verification:
    checked: int = 0  # services compared
    stale: set[str] = field(default_factory=set)  # register IRIs (services and events)

    def message(self, repaired: int = 0) -> str:
        """The run log's sentence for a run on an unchanged source (HTTP 304)."""
        if not repaired:
            return _(
                "The register has not changed since the last run (HTTP 304); %(checked)s "
                "services checked against what it wrote, 0 repaired."
            ) % {"checked": self.checked}
        return _(
            "The register has not changed since the last run (HTTP 304), but %(repaired)s of "
            "%(checked)s services checked differed from what it wrote: repaired from the "
            "register."
        ) % {"repaired": repaired, "checked": self.checked}


def _pages(model: type, iris: list[str]) -> dict[str, list]:
    """register IRI → [content hash, live] of its Latvian page, for one batch of IRIs."""
    return {
        iri: [digest, live]
        # mypy: model is a page class passed as a plain type (ServicePage or LifeSituationPage)
        for iri, digest, live in model._base_manager.filter(  # type: ignore[attr-defined]
            register_iri__in=iris, locale__language_code="lv"
        ).values_list("register_iri", "content_hash", "live")
    }


def verify(state: SourceState) -> Verification:
    """Compare every page this source last wrote with what it wrote (no fetch needed)."""
    result = Verification()
    for stored in item_state.stored_batches(state):
        iris = list(stored)
        for model in (ServicePage, LifeSituationPage):
            rows = _pages(model, iris)
            for iri, current in rows.items():
                if current != stored[iri].page:
                    result.stale.add(iri)
            if model is ServicePage:
                result.checked += len(rows)
                result.stale |= _behind_the_back(stored, rows)
    return result


def stale_pages(state: SourceState, skipped: Iterable[str], model: type) -> set[str]:
    """Of the items skipped as unchanged, those whose Latvian page is not as this source's
    last run left it (another writer through the sync, a restore, a failed run)."""
    stale: set[str] = set()
    for batch in item_state.batches(skipped):
        rows = _pages(model, batch)
        stored = item_state.stored(state, batch)
        stale.update(
            iri
            for iri in batch
            if rows.get(iri) != (stored[iri].page if iri in stored else [None, None])
        )
    return stale


def behind_the_back(state: SourceState, iris: Iterable[str]) -> set[str]:
    """Services whose register columns changed without a sync run (fingerprint differs)."""
    stale: set[str] = set()
    for batch in item_state.batches(iris):
        stale |= _behind_the_back(item_state.stored(state, batch), batch)
    return stale


def _behind_the_back(stored: dict[str, item_state.Stored], iris: Iterable[str]) -> set[str]:
    expected = {
        iri: entry.fingerprint
        for iri in iris
        if (entry := stored.get(iri)) is not None and entry.fingerprint
    }
    current = fingerprints(iri for iri, digest in expected.items() if _current(digest))
    current.update(legacy_fingerprints(iri for iri, d in expected.items() if not _current(d)))
    return {iri for iri, digest in expected.items() if current.get(iri) != digest}


def _current(fingerprint: str) -> bool:
    return fingerprint.startswith(FORMAT)


def _digest(iri: str) -> int:
    """A 64-bit digest of an IRI: what ``save`` keeps of every item to find the rows of
    items gone from the register (8 bytes in an array, not a str in a set)."""
    return int.from_bytes(hashlib.blake2b(iri.encode("utf-8"), digest_size=8).digest(), "big")


class _Seen:
    """The IRIs a run stored, as a sorted array of 64-bit digests (``_digest``).

    Why not a set of the IRIs: at 100,000 items that set (or the dict of raw hashes it came
    from) was ~23 MB held at the end of the run, when the run's peak is reached. A digest
    shared by an item gone and an item kept (about one chance in 10^9 at 100,000 items)
    only keeps the gone item's row: a row nothing reads unless its IRI comes back, and
    then it is checked against the page like any other."""

    def __init__(self) -> None:
        self.values = array("q")

    def add(self, iri: str) -> None:
        self.values.append(_digest(iri) - (1 << 63))

    def freeze(self) -> None:
        self.values = array("q", sorted(self.values))

    def __contains__(self, iri: str) -> bool:
        value = _digest(iri) - (1 << 63)
        i = bisect_left(self.values, value)
        return i < len(self.values) and self.values[i] == value


def save(
    state: SourceState, raw_hashes: Iterable[tuple[str, str]], stale: set[str] | frozenset[str]
) -> None:
    """Store this run's items: raw hash, the Latvian page's content hash and live state, and
    (services) the fingerprint of the register columns; forget the items it no longer has.

    ``raw_hashes``: (IRI, raw hash) pairs, read once, a batch at a time (the runner streams
    them from its spilled heads); for an IRI given twice the last pair wins.

    A batch at a time: only rows that differ are written (a run that changed nothing writes
    none). A fingerprint is kept when the page is as the last run left it (same hash and
    state, not repaired) and computed again for every page this run may have written."""
    seen = _Seen()
    for pairs in item_state.batches(raw_hashes):
        hashes = dict(pairs)
        batch = list(hashes)
        pages = _pages(ServicePage, batch)
        pages.update(_pages(LifeSituationPage, batch))
        old = {row.iri: row for row in ItemState.objects.filter(source=state, iri__in=batch)}
        created: list[ItemState] = []
        changed: dict[str, ItemState] = {}
        recompute: dict[str, ItemState] = {}
        for iri in batch:
            seen.add(iri)
            content, live = pages.get(iri, [None, None])
            raw = hashes[iri]
            row = old.get(iri)
            if row is None:
                if len(iri) > 1000 or len(raw) > 64:
                    continue  # not storable: parsed again next time
                row = ItemState(
                    source=state, iri=iri, raw_hash=raw, content_hash=content, live=live
                )
                created.append(row)
                recompute[iri] = row
                continue
            keep = (
                _current(row.fingerprint)
                and [row.content_hash, row.live] == [content, live]
                and iri not in stale
            )
            if (row.raw_hash, row.content_hash, row.live) != (raw, content, live):
                row.raw_hash, row.content_hash, row.live = raw, content, live
                changed[iri] = row
            if not keep:
                recompute[iri] = row
        found = fingerprints(recompute)
        for iri, row in recompute.items():
            digest = found.get(iri, "")
            if row.pk is not None and row.fingerprint != digest:
                changed[iri] = row
            row.fingerprint = digest
        ItemState.objects.bulk_create(created, batch_size=item_state.BATCH)
        ItemState.objects.bulk_update(
            list(changed.values()),
            ["raw_hash", "content_hash", "live", "fingerprint"],
            batch_size=item_state.BATCH,
        )
    seen.freeze()
    gone: list[int] = []
    for pk, iri in (
        ItemState.objects.filter(source=state).values_list("pk", "iri").iterator(chunk_size=5000)
    ):
        if iri not in seen:
            gone.append(pk)
    for start in range(0, len(gone), item_state.BATCH):
        ItemState.objects.filter(pk__in=gone[start : start + item_state.BATCH]).delete()


__all__ = [
    "Verification",
    "behind_the_back",
    "fingerprints",
    "legacy_fingerprints",
    "save",
    "stale_pages",
    "verify",
]
