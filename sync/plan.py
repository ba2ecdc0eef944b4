"""The plan of a run: map the valid services and events to pages per language, diff them
against the database (create, update, leave, withdraw), and the guard that stops a mass
withdrawal.

Nothing here writes. ``runner`` calls ``survey`` (the whole snapshot's facts, from
identifiers only) and ``guard``, then per batch of services ``plan_batch`` and the writes
(``sync.write``), then ``plan_events``: services and events both flow map → diff → write.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue_pages.models import LifeSituationPage, ServicePage
from catalogue_pages.register_fields import SERVICE_LISTS
from sync.diff import Desired, Existing, PagePlan, iter_existing, load_existing, plan_pages
from sync.map import (
    content_hash,
    event_fields,
    make_slug,
    page_languages,
    service_fields,
    slug_base,
)
from sync.parse import ParsedDocument
from sync.records import EventRecord, OrgRecord, ServiceRecord
from sync.validate import Problem, Validated


class SyncAborted(Exception):
    """The run stopped before writing anything; the message says why (user-facing)."""


def release_bulk(record: Any) -> None:
    """Drop a mapped service record's nested lists: only its iri, identifier, title, status
    and raw hash are read after mapping. On a first sync of 10,000 services this frees
    ~150 MB that the page writes then reuse, instead of growing the peak RSS."""
    for name in SERVICE_LISTS:
        setattr(record, name, [])
    record.description, record.keywords = {}, {}


def stamp_withdrawn_creates(plan: PagePlan, when: datetime) -> None:
    """New pages of withdrawn services carry their withdrawal time.

    A function of its own so that no loop variable of the caller keeps a reference to the
    plan's lists: the runner clears the plan after the writes, and a leftover reference to
    one language's creates would keep every mapped service alive through the publication
    step, whose batches then could not reuse that memory (first-sync peak RSS)."""
    for creates in plan.creates.values():
        for i, (item, fields, slug, tkey) in enumerate(creates):
            if not item.live:
                creates[i] = (item, {**fields, "withdrawn_at": when}, slug, tkey)


@dataclass
class Snapshot:
    """What the whole snapshot decides before any batch is written: the guard, the
    withdrawals and the counts read it; each batch's mapping reads ``iri_to_identifier``
    and claims new slugs from ``taken``. Small per item: identifiers, IRIs and slugs, never
    a record or a mapped field."""

    iri_to_identifier: Mapping[str, str]
    to_withdraw: list[Existing]
    newly_withdrawn: set[str]
    #: Services skipped as unchanged that are not among the valid parsed ones: counted as
    #: unchanged (a count, not the set of their identifiers: every service of a no-change
    #: re-sync).
    unchanged_skipped: int
    live_total: int
    now: datetime
    #: Services whose pages differ from what this source last wrote (``sync.verify``).
    repair_keys: set[str]
    #: Latvian slugs of the service pages (a new page's slug must differ from all of them).
    taken: TakenSlugs


def _chunks(values: list[str], size: int = 500) -> list[list[str]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


class StoredIdentifiers(Mapping[str, str]):
    """IRI → identifier of the service pages already in the portal, read when asked.

    Why not one dict read at the start of the run: it held every stored service (~250 B an
    item, 25 MB at 100,000) through every batch of a re-sync, while a batch asks only for the
    services its records name (related, replaced by, a guide's services) that are not in the
    run's own items (``Validated.service_ids``, first in the chain). A look-up is one indexed
    query; the last ``CACHED`` answers are kept (a guide's services are asked for again)."""

    CACHED = 4096

    def __init__(self) -> None:
        self.cache: dict[str, str | None] = {}

    def _pages(self) -> Any:
        return ServicePage._base_manager.filter(locale__language_code="lv").exclude(register_iri="")

    def _find(self, iri: str) -> str | None:
        if iri in self.cache:
            return self.cache[iri]
        found = (
            self._pages()
            .filter(register_iri=iri)
            .order_by("pk")
            .values_list("identifier", flat=True)
            .first()
        )
        if len(self.cache) >= self.CACHED:
            self.cache.clear()
        self.cache[iri] = found
        return found

    def __getitem__(self, iri: str) -> str:
        found = self._find(iri) if iri else None
        if found is None:
            raise KeyError(iri)
        return found

    def __iter__(self) -> Iterator[str]:
        return self._pages().values_list("register_iri", flat=True).iterator(chunk_size=2000)

    def __len__(self) -> int:
        return int(self._pages().count())

    def many(self, iris: Iterable[str]) -> dict[str, str]:
        """IRI → identifier of those of ``iris`` stored, 500 IRIs a query."""
        out: dict[str, str] = {}
        for chunk in _chunks(list(iris)):
            out.update(
                self._pages()
                .filter(register_iri__in=chunk)
                .values_list("register_iri", "identifier")
            )
        return out


class TakenSlugs:
    """The Latvian service slugs a new page's slug must differ from: the pages' in the
    database and those this run claimed and has not written yet.

    Why not the set of every page's slug: it held one string per service of the register
    for the whole run (~130 B an item; a first sync adds every new slug to it). A batch's
    pages are written before the next batch is planned, in the run's transaction, whose
    queries see them: so only the claims of the batch being planned are held, and the
    database answers for the rest — one query for the batch's first-choice slugs
    (``start_batch``), one per further candidate when a first choice was taken. A dry run
    writes nothing: it keeps every claim (``flush_claims=False``)."""

    def __init__(self, *, flush_claims: bool = True) -> None:
        self.flush_claims = flush_claims
        self.claimed: set[str] = set()
        self.known: dict[str, bool] = {}

    @staticmethod
    def _pages() -> Any:
        return ServicePage._base_manager.filter(locale__language_code="lv")

    def start_batch(self, bases: Iterable[str]) -> None:
        """A new batch: the claims before it are pages now; its first-choice slugs are
        looked up together."""
        if self.flush_claims:
            self.claimed.clear()
        self.known.clear()
        for chunk in _chunks(sorted(set(bases))):
            found = set(self._pages().filter(slug__in=chunk).values_list("slug", flat=True))
            self.known.update((slug, slug in found) for slug in chunk)

    def __contains__(self, slug: object) -> bool:
        if not isinstance(slug, str):
            return False
        if slug in self.claimed:
            return True
        if slug not in self.known:
            self.known[slug] = self._pages().filter(slug=slug).exists()
        return self.known[slug]

    def add(self, slug: str) -> None:
        self.claimed.add(slug)


class Identifiers(Mapping[str, str]):
    """IRI → identifier: the first of ``maps`` that has the IRI answers (the run's own items
    before the stored pages, as the dict updated in that order did)."""

    def __init__(self, *maps: Mapping[str, str]) -> None:
        self.maps = maps

    def __getitem__(self, iri: str) -> str:
        for mapping in self.maps:
            if iri in mapping:
                return mapping[iri]
        raise KeyError(iri)

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        for mapping in self.maps:
            for iri in mapping:
                if iri not in seen:
                    seen.add(iri)
                    yield iri

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _identifiers(
    iris: Iterable[str], run: Mapping[str, str], stored: StoredIdentifiers
) -> set[str]:
    """The identifiers of ``iris``, the run's own items first, then the stored pages; a
    chunk of IRIs at a time (a no-change re-sync skips every service: one query per IRI
    would be 100,000 queries)."""
    found: set[str] = set()
    for chunk in _chunks(list(iris)):
        missing = []
        for iri in chunk:
            key = run.get(iri)
            if key is None:
                missing.append(iri)
            else:
                found.add(key)
        found.update(stored.many(missing).values())
    return found - {""}


def survey(
    doc: ParsedDocument,
    checked: Validated,
    *,
    feed: bool,
    stale: set[str] | frozenset[str] = frozenset(),
    dry_run: bool = False,
) -> Snapshot:
    """The snapshot's whole-register facts, from the items' identifiers and the page rows'
    keys: nothing of a record is read, so the batches that follow can be mapped and written
    one at a time (``runner``). Writes nothing."""
    lv_services = ServicePage._base_manager.filter(locale__language_code="lv")
    # The run's valid items first, then the stored pages: a chain, not a copy of them all.
    stored = StoredIdentifiers()
    iri_to_identifier = Identifiers(checked.service_ids, checked.event_ids, stored)
    run_items = Identifiers(checked.service_ids, checked.event_ids)
    keys = set(checked.service_ids.values())
    unchanged_skipped = _identifiers(doc.skipped_unchanged, run_items, stored)
    unreadable = _identifiers(doc.failed, run_items, stored)
    repair_keys = {checked.service_ids[iri] for iri in stale if iri in checked.service_ids}

    # withdrawals: full snapshot only, of live services absent from it
    present = keys | checked.skipped_identifiers | unchanged_skipped | unreadable
    to_withdraw: list[Existing] = []
    if not feed:
        to_withdraw = [
            row
            for row in iter_existing(ServicePage, "identifier", live=True)
            if row.key and row.key not in present
        ]
    # A service the register now marks withdrawn whose Latvian page is live.
    newly_withdrawn = {row.key for row in to_withdraw}
    for chunk in _chunks(sorted(checked.withdrawn_keys)):
        newly_withdrawn.update(
            lv_services.filter(identifier__in=chunk, live=True).values_list("identifier", flat=True)
        )
    return Snapshot(
        iri_to_identifier=iri_to_identifier,
        to_withdraw=to_withdraw,
        newly_withdrawn=newly_withdrawn,
        unchanged_skipped=len(unchanged_skipped - keys),
        live_total=lv_services.filter(live=True).count(),
        now=timezone.now(),
        repair_keys=repair_keys,
        taken=TakenSlugs(flush_claims=not dry_run),
    )


def plan_batch(
    services: list[ServiceRecord],
    snap: Snapshot,
    problems: list[Problem],
    organisations: dict[str, OrgRecord],
) -> tuple[PagePlan, list[Desired]]:
    """Map one batch of valid services to pages per language and diff them against their
    own rows: what to create, update and leave alone. Writes nothing."""
    desired: list[Desired] = []
    iri_to_identifier = snap.iri_to_identifier
    for record in services:
        per_lang = {}
        for lang in page_languages(record.title):
            fields, missing = service_fields(record, lang, organisations, iri_to_identifier)
            per_lang[lang] = fields
            if missing and lang == "en":
                problems.append(
                    Problem(
                        record.identifier,
                        record.iri,
                        "warning",
                        "missing-en-text",
                        f"Service {record.identifier}: no English text for "
                        f"{', '.join(sorted(missing))}; the Latvian text is shown.",
                    )
                )
        desired.append(Desired(record.identifier, per_lang, live=record.status != "withdrawn"))
        release_bulk(record)
    existing = load_existing(ServicePage, "identifier", [d.key for d in desired])
    repair_keys, now = snap.repair_keys, snap.now

    def extra(item: Desired, row: Existing, values: dict[str, Any]) -> dict[str, Any]:
        fields = item.per_lang.get(row.lang)
        if item.key in repair_keys and not values and fields is not None:
            # Same hash, other columns: written behind the sync's back (sync.verify).
            return {**fields, "content_hash": content_hash(fields)}
        if not item.live and not row.withdrawn:
            return {"withdrawn_at": now, "live": False}
        if item.live and row.withdrawn:
            return {"withdrawn_at": None, "live": True}
        return {}

    taken = snap.taken
    taken.start_batch(slug_base(d.per_lang["lv"]["title"], d.key) for d in desired)
    plan = plan_pages(
        desired,
        existing,
        lambda d: make_slug(d.per_lang["lv"]["title"], d.key, taken),
        extra,
    )
    stamp_withdrawn_creates(plan, now)
    return plan, desired


def guard(snap: Snapshot, *, force: bool) -> None:
    """Stop before any write when the run would withdraw too much of the catalogue."""
    share = settings.SYNC_MAX_WITHDRAW_SHARE
    live_total, withdrawn = snap.live_total, len(snap.newly_withdrawn)
    if live_total and withdrawn > share * live_total and not force:
        raise SyncAborted(
            _(
                "This run would withdraw %(n)s of %(total)s published services (more than "
                "%(share)s %%); stopped without changing anything. Check the register, or "
                "run again with --force if this is intended."
            )
            % {"n": withdrawn, "total": live_total, "share": f"{share * 100:g}"}
        )


def plan_events(
    events: list[EventRecord],
    iri_to_identifier: Mapping[str, str],
    taken: set[str] | None = None,
) -> tuple[list[Desired], PagePlan]:
    """The guide pages one batch of valid events asks for, and what that changes.

    ``taken``: the Latvian guide slugs of the run so far (read from the database when None);
    new slugs are added to it."""
    desired = []
    for record in events:
        per_lang = {
            lang: event_fields(record, lang, iri_to_identifier)[0]
            for lang in page_languages(record.title)
        }
        desired.append(Desired(record.identifier, per_lang))
    existing = load_existing(LifeSituationPage, "identifier", [d.key for d in desired])
    if taken is None:
        taken = event_slugs()
    plan = plan_pages(
        desired, existing, lambda d: make_slug(d.per_lang["lv"]["title"], d.key, taken)
    )
    return desired, plan


def event_slugs() -> set[str]:
    """The Latvian guide pages' slugs (a new guide's slug must differ from all of them)."""
    return set(
        LifeSituationPage._base_manager.filter(locale__language_code="lv").values_list(
            "slug", flat=True
        )
    )
