"""Noticing changes of the public catalogue: fingerprints per item, one generation number.

``refresh()`` compares a fingerprint of every item in scope (register content hash, title,
publication and withdrawal state, per language) with the stored ones, stamps the items that
differ with the current time and bumps the generation when anything changed. It runs after
every sync and publish (signal handlers) and, at most every ``OPEN_DATA_RECHECK_SECONDS``,
before a request is answered, which also catches changes that send no signal (a sync run that
changed only a life situation). One pass costs three ``values_list`` queries.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from collections.abc import Iterator
from datetime import timedelta
from itertools import groupby
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from catalogue_pages import cpsv_rows as c
from catalogue_pages.cpsv_nodes import iri as safe_iri
from catalogue_pages.cpsv_nodes import landing_page
from catalogue_pages.models import InstitutionPage, LifeSituationPage, ServicePage
from open_data.models import DumpState, ItemState

_COMMON = ("translation_key", "locale_id", "path", "live", "title", "content_hash", "slug")
_MODELS = {
    ItemState.SERVICE: (ServicePage, "services", ("identifier", "register_iri", "withdrawn_at")),
    ItemState.EVENT: (LifeSituationPage, "situations", ("identifier", "register_iri")),
    ItemState.ORGANISATION: (InstitutionPage, "institutions", ("register_iri", "identifier")),
}


def current() -> DumpState:
    state = DumpState.objects.filter(pk=1).first()
    if state is None:
        now = timezone.now()
        state, _ = DumpState.objects.get_or_create(
            pk=1, defaults={"changed_at": now, "checked_at": now - timedelta(days=1)}
        )
    return state


Fingerprint = tuple[str, str, str, bool]
#: Items compared with their stored state at a time: memory is this many items, not the
#: catalogue.
BATCH = 500


def _fingerprints() -> Iterator[tuple[tuple[str, str], Fingerprint]]:
    """((kind, key), (fingerprint, IRI, title, published)) of every item the portal has, one
    item at a time: rows are read in order of their translation key, so an item's languages
    come together and nothing but the current item is held."""
    locales = c.locale_ids()
    lv = locales.get("lv")
    restricted = c.restricted_paths()
    for kind, (model, folder, extra) in _MODELS.items():
        ordered = model._base_manager.order_by("translation_key", "locale_id", "pk")
        grouped = groupby(
            ordered.values(*_COMMON, *extra).iterator(chunk_size=2000),
            key=lambda row: row["translation_key"],
        )
        for _translation_key, group in grouped:
            rows = {row["locale_id"]: row for row in group}
            main = rows.get(lv)
            if main is None:
                continue
            key = (
                (main["identifier"] if kind != ItemState.ORGANISATION else "")
                or main["register_iri"]
                or f"page:{main['translation_key']}"
            )
            withdrawn = main.get("withdrawn_at") is not None
            published = (main["live"] or withdrawn) and not (
                restricted and c.is_restricted(main["path"], restricted)
            )
            parts = []
            for locale_id in sorted(rows):
                row = rows[locale_id]
                hidden = restricted and c.is_restricted(row["path"], restricted)
                parts.append(
                    f"{locale_id}|{row['live']}|{hidden}|{row['title']}|{row['content_hash']}"
                    f"|{row.get('withdrawn_at')}|{row['slug']}"
                )
            digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
            item_iri = safe_iri(main["register_iri"] or landing_page(folder, "lv", main["slug"]))
            yield (kind, key), (digest, item_iri, main["title"][:255], bool(published))


def _batches(
    items: Iterator[tuple[tuple[str, str], Fingerprint]],
) -> Iterator[dict[tuple[str, str], Fingerprint]]:
    batch: dict[tuple[str, str], Fingerprint] = {}
    for ident, fingerprint in items:
        batch[ident] = fingerprint
        if len(batch) >= BATCH:
            yield batch
            batch = {}
    if batch:
        yield batch


def _stored(batch: dict[tuple[str, str], Fingerprint]) -> dict[tuple[str, str], ItemState]:
    """The stored state of a batch's items (one query per kind)."""
    out: dict[tuple[str, str], ItemState] = {}
    for kind in {kind for kind, _key in batch}:
        keys = [key[:500] for k, key in batch if k == kind]
        for row in ItemState.objects.filter(kind=kind, key__in=keys):
            out[(row.kind, row.key)] = row
    return out


def refresh() -> bool:
    """Record what changed since the last look; returns whether anything did.

    Items are compared with their stored state a batch at a time; what is kept across batches
    is only a 64-bit digest of the (kind, key) of every item found (``_Seen``), to tell which
    stored items disappeared."""
    now = timezone.now()
    seen = _Seen()
    changed = False
    with transaction.atomic():
        for batch in _batches(_fingerprints()):
            stored = _stored(batch)
            create, update = [], []
            for (kind, key), (digest, item_iri, title, published) in batch.items():
                seen.add(kind, key[:500])
                row = stored.get((kind, key[:500]))
                if row is None:
                    create.append(
                        ItemState(
                            kind=kind,
                            key=key[:500],
                            iri=item_iri[:500],
                            title=title,
                            fingerprint=digest,
                            published=published,
                            changed_at=now,
                        )
                    )
                elif (row.fingerprint, row.published, row.iri) != (
                    digest,
                    published,
                    item_iri[:500],
                ):
                    row.fingerprint, row.published, row.iri = digest, published, item_iri[:500]
                    row.title, row.changed_at = title or row.title, now
                    update.append(row)
            changed = _write(create, update) or changed
        # Stored items no longer found: their pks first (the table is not written while read).
        seen.freeze()
        gone = [
            pk
            for pk, kind, key in ItemState.objects.filter(published=True)
            .values_list("pk", "kind", "key")
            .iterator(chunk_size=2000)
            if not seen.has(kind, key)
        ]
        for start in range(0, len(gone), BATCH):
            ItemState.objects.filter(pk__in=gone[start : start + BATCH]).update(
                published=False, changed_at=now
            )
        changed = changed or bool(gone)
        state = current()
        values: dict[str, Any] = {"checked_at": now}
        if changed:
            values.update(generation=F("generation") + 1, changed_at=now)
        DumpState.objects.filter(pk=state.pk).update(**values)
    return changed


class _Seen:
    """The (kind, key) of every item a refresh found, as a sorted array of 64-bit digests.

    Why not a set of the pairs: ``refresh`` runs in the sync's process after every run
    (``services_changed``), and the set held a tuple and two strings per item of the
    catalogue (~0.2 kB; 20 MB and more at 100,000 services) at the end of the run, where its
    peak is; the digests are 8 bytes. A gone item whose digest equals a found one's (about
    one chance in 10^9 at 100,000 items) stays marked published until the next refresh that
    does not find the other."""

    def __init__(self) -> None:
        self.values = array("q")

    @staticmethod
    def _digest(kind: str, key: str) -> int:
        data = f"{kind}\x00{key}".encode()
        return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big") - (1 << 63)

    def add(self, kind: str, key: str) -> None:
        self.values.append(self._digest(kind, key))

    def freeze(self) -> None:
        self.values = array("q", sorted(self.values))

    def has(self, kind: str, key: str) -> bool:
        value = self._digest(kind, key)
        i = bisect_left(self.values, value)
        return i < len(self.values) and self.values[i] == value


def _write(create: list[ItemState], update: list[ItemState]) -> bool:
    # Two processes may look at the same moment: the second one's rows already exist.
    ItemState.objects.bulk_create(create, batch_size=500, ignore_conflicts=True)
    ItemState.objects.bulk_update(
        update, ["fingerprint", "published", "iri", "title", "changed_at"], batch_size=500
    )
    return bool(create or update)


def fresh_state() -> DumpState:
    """The current state, refreshed first when the last look is older than the recheck time."""
    state = current()
    recheck = timedelta(seconds=settings.OPEN_DATA_RECHECK_SECONDS)
    if timezone.now() - state.checked_at >= recheck:
        refresh()
        state = current()
    return state


def mark_stale() -> None:
    """Make the next request look for changes (cheap enough for every publish and delete)."""
    DumpState.objects.filter(pk=1).update(checked_at=timezone.now() - timedelta(days=1))
