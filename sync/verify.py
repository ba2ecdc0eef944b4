"""Do the pages still hold what this source's last run wrote? (docs/sync.md, "Verify and repair")

A run that skips work — the register answered 304 Not Modified, or a service's input is
byte-identical to last time — used to count every page as unchanged without looking at it.
Pages can differ from the register all the same: a sync from another source rewrote them, or
something wrote a register column behind the sync's back (a shell, a restore, a failed
migration). Both are caught here, per register item:

* **another writer through the sync**: the page's content hash or live state is not what this
  source's last run stored (``SourceState.closure_hashes[iri][1:3]``);
* **a write behind the sync's back**: the page's register columns (both languages) no longer
  give the fingerprint stored after the last run (``closure_hashes[iri][3]``), although the
  content hash still says they do.

The runner parses such items again and rewrites their pages (``Runner.repair``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from catalogue_pages.models import LifeSituationPage, ServicePage
from sync.models import SourceState

#: Columns a run sets whether or not the register changed: not part of the fingerprint.
NOT_FINGERPRINTED = ("synced_at",)
BATCH = 500


def _columns() -> list[str]:
    return [name for name in ServicePage.register_fields if name not in NOT_FINGERPRINTED]


def fingerprints(iris: Iterable[str]) -> dict[str, str]:
    """register IRI → digest of the register columns of its service pages, every language.

    Digested batch by batch: only one batch's rows are held (the register columns of every
    service at once were the largest whole-register state of a re-sync)."""
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


def verify(state: SourceState) -> Verification:
    """Compare every page this source last wrote with what it wrote (no fetch needed)."""
    stored = {iri: v for iri, v in state.closure_hashes.items() if isinstance(v, list) and v}
    result = Verification()
    for model in (ServicePage, LifeSituationPage):
        rows = {
            iri: [digest, live]
            for iri, digest, live in model._base_manager.filter(
                register_iri__in=list(stored), locale__language_code="lv"
            ).values_list("register_iri", "content_hash", "live")
        }
        for iri, current in rows.items():
            if current != list(stored[iri])[1:3]:
                result.stale.add(iri)
        if model is ServicePage:
            result.checked = len(rows)
            result.stale |= behind_the_back(state, rows)
    return result


def behind_the_back(state: SourceState, iris: Iterable[str]) -> set[str]:
    """Services whose register columns changed without a sync run (fingerprint differs)."""
    stored = {
        iri: v[3]
        for iri in iris
        if isinstance(v := state.closure_hashes.get(iri), list) and len(v) > 3 and v[3]
    }
    current = fingerprints(stored)
    return {iri for iri, digest in stored.items() if current.get(iri) != digest}


def with_fingerprints(
    closure: dict[str, list], previous: dict[str, list], stale: set[str]
) -> dict[str, list]:
    """Append each service's fingerprint to its stored [raw hash, content hash, live].

    A fingerprint is kept when the page is as the last run left it (same hash and state, not
    repaired) and computed again for every page this run may have written."""
    recompute = set()
    for iri, entry in closure.items():
        old = previous.get(iri)
        if isinstance(old, list) and len(old) > 3 and old[1:3] == entry[1:3] and iri not in stale:
            entry.append(old[3])
        else:
            recompute.add(iri)
    for iri, digest in fingerprints(recompute).items():
        closure[iri].append(digest)
    return closure


__all__ = ["Verification", "behind_the_back", "fingerprints", "verify", "with_fingerprints"]
