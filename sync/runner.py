"""One sync run: lock → fetch → parse → validate → map → diff → guard → write → log → signal.

Why one orchestrator: every abort path (bad fetch, bad document, guard, lock) must end the
same way — a recorded run, a clear message, and no change to any page. All page writes of a
run happen inside one transaction, so a crash anywhere leaves the catalogue exactly as it was
(no half-written service, no half-applied withdrawal).
"""

from __future__ import annotations

import contextlib
import logging
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import itemgetter
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from catalogue_pages import bulk
from catalogue_pages.models import InstitutionPage, LifeSituationPage, ServicePage
from catalogue_pages.portal_basics import ensure_first_portal_basics
from catalogue_pages.signals import services_changed
from catalogue_pages.site_tree import ensure_site_tree
from sync import changes, history, verify, write
from sync import state as item_state
from sync.client import RegisterClient, RegisterError, is_url
from sync.collector import frozen_heap
from sync.diff import Desired, Existing, PagePlan
from sync.lock import LockHeld, acquire_lock, heartbeat, release_lock
from sync.models import SourceState, SyncItemError, SyncRun
from sync.parse import ParsedDocument, ParseError, parse_document
from sync.plan import (
    Snapshot,
    SyncAborted,
    event_slugs,
    guard,
    plan_batch,
    plan_events,
    survey,
)
from sync.records import Batch, EventRecord, ServiceRecord
from sync.validate import Problem, Validated, validate

logger = logging.getLogger(__name__)


#: Entries of a run's diff stored in ``SyncRun.diff`` (and kept in ``Report.diff`` of a run
#: that writes; a dry run keeps and prints all of them).
DIFF_KEPT = 2000

#: The page models a run writes, in the order it writes them.
PUBLISHED_MODELS = (InstitutionPage, ServicePage, LifeSituationPage)


@dataclass
class Report:
    run: SyncRun
    problems: list[Problem] = field(default_factory=list)
    diff: list[dict[str, Any]] = field(default_factory=list)

    @property
    def summary_line(self) -> str:
        return self.run.summary_line


# --- helpers --------------------------------------------------------------------------------------


def _parse_since(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise SyncAborted(
            _("--since must be an ISO 8601 date and time, e.g. 2025-01-31T12:00:00Z.")
        ) from exc
    return moment if moment.tzinfo else timezone.make_aware(moment, timezone.utc)


class Runner:
    """Runs one sync. Use ``run()``; it returns a Report or raises SyncAborted."""

    def __init__(
        self,
        source: str,
        *,
        dry_run: bool = False,
        force: bool = False,
        strict: bool = False,
        feed: bool = False,
        since: str | None = None,
        client: RegisterClient | None = None,
    ) -> None:
        self.source = source
        self.dry_run = dry_run
        self.force = force
        self.strict = strict
        self.feed = feed
        self.since = since
        self.client = client or RegisterClient()
        #: pks of the pages changed and written (arrays: 8 bytes a page, for the whole run).
        self.changed_ids: array[int] = array("q")
        #: IRIs of unchanged events parsed again because they name a service new to the portal.
        self.relink: set[str] = set()
        #: page model → pks written (bulk.record_publication), for the run's signal.
        self.written: dict[type[Page], array[int]] = {}
        #: The fetched snapshot, in a file (re-parsed for events that must be relinked; closed
        #: at the end of the run), its HTTP validators (stored for the next conditional
        #: fetch) and a feed run's start.
        self.document: BinaryIO | None = None
        self.validators: tuple[str, str] = ("", "")
        self.feed_started: datetime | None = None
        #: Items whose pages differ from what this source last wrote (``sync.verify``):
        #: parsed again and rewritten even when their input is unchanged.
        self.repair: verify.Verification = verify.Verification()
        #: Freezes the objects alive when called, for the rest of the run (sync/collector.py).
        self.refreeze: Callable[[], None] = lambda: None

    # entry point
    def run(self) -> Report:
        if not self.source:
            raise SyncAborted(
                _("No source given: pass --source (a file path or URL) or set REGISTER_URL.")
            )
        run = SyncRun.objects.create(
            source=self.source[:1000],
            mode=SyncRun.FEED if self.feed else SyncRun.SNAPSHOT,
            dry_run=self.dry_run,
            strict=self.strict,
            forced=self.force,
        )
        report = Report(run)
        token = None
        try:
            if not self.dry_run:
                token = acquire_lock()
            with (
                heartbeat(token) if token else contextlib.nullcontext(),  # sync/lock.py
                frozen_heap() as self.refreeze,  # sync/collector.py
            ):
                self._run(report)
        except (SyncAborted, LockHeld, RegisterError, ParseError) as exc:
            run.status = SyncRun.ABORTED
            run.message = str(exc)
            run.created = run.updated = run.withdrawn = 0
            self._finish(report)
            raise SyncAborted(str(exc)) from exc
        except Exception as exc:
            run.status = SyncRun.ABORTED
            run.message = _("Internal error, nothing was changed: %(error)s") % {
                "error": repr(exc)[:500]
            }
            self._finish(report)
            raise
        finally:
            if token:
                release_lock(token)
            if self.document is not None:
                self.document.close()
        if run.status == SyncRun.RUNNING:
            run.status = SyncRun.SUCCESS
        self._finish(report)
        if not self.dry_run:
            write.refresh_planner_statistics(self.written)
        # Guides too: a guide the register changed alone has no changed service to bring it.
        changed = {*self.changed_ids, *self.written.get(LifeSituationPage, ())}
        if changed and not self.dry_run:
            services_changed.send(sender=ServicePage, page_ids=sorted(changed))
        return report

    def _finish(self, report: Report) -> None:
        run = report.run
        run.finished_at = timezone.now()
        run.save()
        SyncItemError.objects.bulk_create(
            [
                SyncItemError(
                    run=run,
                    identifier=p.identifier[:128],
                    iri=p.iri[:1000],
                    level=p.level,
                    code=p.code,
                    message=p.message[:5000],
                )
                for p in report.problems
            ],
            batch_size=500,
        )

    # the pipeline
    def _run(self, report: Report) -> None:
        run = report.run
        state, _created = SourceState.objects.get_or_create(source=self.source[:1000])
        if self.feed:
            doc = self._fetch_feed(state)
        else:
            fetched = (
                self.client.fetch(
                    self.source, etag=state.etag, last_modified=state.last_modified, spool=True
                )
                if is_url(self.source) and not self.force
                else self.client.fetch(self.source, spool=True)
            )
            if fetched.not_modified:
                self.repair = verify.verify(state)
                if not self.repair.stale:
                    run.status = SyncRun.NOT_MODIFIED
                    run.unchanged = self.repair.checked
                    run.message = self.repair.message()
                    return
                fetched = self.client.fetch(self.source, spool=True)  # the repair needs it
            assert fetched.file is not None
            self.document = fetched.file
            known = (
                {}
                if (self.strict or self.force)
                else item_state.known_hashes(state, exclude=self.repair.stale)
            )
            doc = parse_document(
                self.document, keep_graph=self.strict, known_hashes=known, spill=True
            )
            # Every stored item's raw hash (~230 B an item): read for the parse only, not
            # held by this frame through the batches that follow.
            del known
            doc = self._verify_unchanged(doc, state, self.document)
            self.validators = (fetched.etag, fetched.last_modified)
        if not doc.has_services() and not doc.skipped_unchanged and not self.feed:
            raise SyncAborted(
                _(
                    "The document holds no CPSV-AP public service (cpsv:PublicService); "
                    "it is not a register snapshot. Nothing was changed."
                )
            )
        self.relink = self._reparse_events_naming_new_services(doc)
        checked = validate(doc, strict=self.strict)
        if doc.spill is not None:  # validated: the valid records are in checked's own spill
            doc.spill.close()
        report.problems.extend(checked.problems)
        try:
            self._apply(report, doc, checked, state)
        finally:
            checked.close()

    def _verify_unchanged(
        self, doc: ParsedDocument, state: SourceState, document: BinaryIO
    ) -> ParsedDocument:
        """Closures skipped as byte-identical must still match the database; else reparse.

        Services and events alike: the stored [raw hash, content hash, live] of the page must
        be what the Latvian page holds now (an editor, a restore or a failed run may have
        changed it); any mismatch is parsed again.
        """
        stale = verify.stale_pages(state, doc.skipped_unchanged, ServicePage)
        stale |= verify.stale_pages(state, doc.skipped_events, LifeSituationPage)
        stale |= verify.behind_the_back(state, doc.skipped_unchanged)
        self.repair.stale |= stale
        if not stale:
            return doc
        known = item_state.known_hashes(state, exclude=self.repair.stale)
        return parse_document(document, known_hashes=known)

    def _reparse_events_naming_new_services(self, doc: ParsedDocument) -> set[str]:
        """Skipped (unchanged) events that name a service new to the portal: parse them again,
        before validation, so their guide pages link to the new service pages (links are set
        on write only). Returns the IRIs of the events parsed again."""
        if not doc.skipped_event_refs or self.document is None:
            return set()
        # Only services some skipped event names can matter: those new to the portal are
        # found a batch of IRIs at a time (no set of every service IRI, parsed or stored).
        named = set().union(*doc.skipped_event_refs.values())
        candidates = [h.iri for h in doc.heads() if not h.is_event and h.iri in named]
        new_iris: set[str] = set()
        for batch in item_state.batches(candidates):
            new_iris.update(
                set(batch)
                - set(
                    ServicePage._base_manager.filter(
                        locale__language_code="lv", register_iri__in=batch
                    ).values_list("register_iri", flat=True)
                )
            )
        need = {e for e, refs in doc.skipped_event_refs.items() if refs & new_iris}
        if not need:
            return set()
        known = {h.iri: h.raw_hash for h in doc.heads() if not h.is_event and h.raw_hash}
        known.update(doc.skipped_unchanged)
        known.update({e: h for e, h in doc.skipped_events.items() if e not in need})
        again = parse_document(self.document, known_hashes=known)
        fresh = [e for e in again.events if e.iri in need]
        for record in fresh:
            doc.skipped_events.pop(record.iri, None)
        doc.events.extend(fresh)
        return {record.iri for record in fresh}

    def _fetch_feed(self, state: SourceState) -> ParsedDocument:
        overlap = timedelta(seconds=settings.SYNC_FEED_OVERLAP)
        if self.since:
            since = _parse_since(self.since)
        elif state.feed_checkpoint:
            since = state.feed_checkpoint - overlap
        else:
            raise SyncAborted(
                _("Feed mode needs --since the first time (no checkpoint stored for this source).")
            )
        self.feed_started = timezone.now()
        merged = ParsedDocument()
        for page in self.client.feed(self.source, since.isoformat().replace("+00:00", "Z")):
            assert page.body is not None
            part = parse_document(page.body)
            merged.merge(part)
        # A service changed twice appears on two pages, and an event is repeated on every
        # page holding one of its services: the same node twice is one item, not a duplicate
        # identifier. The last occurrence wins.
        merged.services = list({record.iri: record for record in merged.services}.values())
        merged.events = list({record.iri: record for record in merged.events}.values())
        return merged

    # mapping, diff, guard, write
    def _apply(
        self, report: Report, doc: ParsedDocument, checked: Validated, state: SourceState
    ) -> None:
        """Survey the snapshot and guard against a mass withdrawal, then map, diff and
        write the services batch by batch, then the withdrawals and the events.

        Why batches: a first sync maps and writes every service of the register, and the
        mapped fields of both languages were held for all of them (with the records, 2.7 GB
        at 100,000 services). A batch is freed before the next is read from the spill
        (``SYNC_BATCH_SIZE`` services); what spans the snapshot (the guard, the withdrawals,
        the counts, IRI → identifier, slugs taken) is read from identifiers only
        (``plan.survey``). Every write is still in one transaction: a failure in any batch
        leaves the catalogue as it was. A dry run maps and diffs the same batches and writes
        nothing.
        """
        snap = survey(doc, checked, feed=self.feed, stale=self.repair.stale, dry_run=self.dry_run)
        guard(snap, force=self.force)
        self.refreeze()  # what lives from here to the end of the run: never collected
        tally = _Tally(snap, keep=None if self.dry_run else DIFF_KEPT)
        if self.dry_run:
            taken = event_slugs()
            for services, events in _regroup(checked.batches(), settings.SYNC_BATCH_SIZE):
                if services:
                    plan, desired = plan_batch(services, snap, report.problems, doc.organisations)
                    tally.add(plan, desired, changes.Recorder(plan.updates, []).fields_by_key)
                else:
                    plan_events(events, snap.iri_to_identifier, taken)
                del services, events
        else:
            self._write(report, doc, checked, state, snap, tally)
        if self.dry_run:
            withdrawn = [row.pk for row in snap.to_withdraw]
            tally.withdraw(snap.to_withdraw, changes.Recorder([], withdrawn).fields_by_key)
        run = report.run
        run.created, run.updated, run.withdrawn = tally.created, tally.updated, tally.withdrawn
        run.unchanged = tally.unchanged + snap.unchanged_skipped
        run.skipped = checked.skipped_count
        if self.repair.checked:  # a 304 whose pages did not all match: say what was repaired
            run.message = self.repair.message(tally.repaired)
        report.diff = tally.diff()
        # The run detail lists what was created/changed/withdrawn.
        run.diff = report.diff[:DIFF_KEPT]

    def _write(
        self,
        report: Report,
        doc: ParsedDocument,
        checked: Validated,
        state: SourceState,
        snap: Snapshot,
        tally: _Tally,
    ) -> None:
        """Every write of the run, in one transaction: topics and organisations, then per
        batch the services with their publication records, change notes and history, then
        the withdrawals, the events and the source state."""
        tree = ensure_site_tree()
        ensure_first_portal_basics()  # a fresh deployment's footer pages, once
        run_pk = report.run.pk
        with transaction.atomic():
            topic_ids = write.write_topics(doc.topics)
            written: write.Written = {}
            org_ids = write.write_organisations(doc.organisations, tree.institutions, written)
            self._publish(written, {}, [])
            taken = event_slugs()
            withdrawals_done = False
            statistics = write.Statistics()
            for services, events in _regroup(checked.batches(), settings.SYNC_BATCH_SIZE):
                if services:
                    self._write_services(
                        services, doc, snap, tally, tree, org_ids, topic_ids, report
                    )
                    statistics.grown(self.written)
                    continue
                if not withdrawals_done:  # after the last service, before the first guide
                    self._withdraw(snap, tally, run_pk)
                    withdrawals_done = True
                desired_events, event_plan = plan_events(events, snap.iri_to_identifier, taken)
                relink = {r.identifier for r in events if r.iri in self.relink}
                del events
                written = {}
                write.write_events(event_plan, desired_events, tree.situations, relink, written)
                del desired_events, event_plan
                self._publish(written, {}, [])
                statistics.grown(self.written)
            if not withdrawals_done:
                self._withdraw(snap, tally, run_pk)
            # Once a run, after its last batch: translations of the pages written, title norms
            # of their search entries, and what an older sync left without a revision.
            bulk.record_publication({model: [] for model in PUBLISHED_MODELS})
            self._save_state(state, doc, checked)

    def _write_services(
        self,
        services: list[ServiceRecord],
        doc: ParsedDocument,
        snap: Snapshot,
        tally: _Tally,
        tree: Any,
        org_ids: dict[tuple[str, str], int],
        topic_ids: dict[str, int],
        report: Report,
    ) -> None:
        """One batch of services: map, diff, write, then its publication records, change
        notes and history. Its records and mapped fields are gone when this returns."""
        plan, desired = plan_batch(services, snap, report.problems, doc.organisations)
        services.clear()
        recorder = changes.Recorder(plan.updates, [])
        tally.add(plan, desired, recorder.fields_by_key)
        written: write.Written = {}
        fresh: dict[int, Page] = {}
        self.changed_ids.extend(
            write.write_services(plan, tree.services, org_ids, topic_ids, desired, written, fresh)
        )
        # The mapped fields are written: free them before the publication records.
        plan.creates.clear()
        plan.updates.clear()
        desired.clear()
        self._publish(written, recorder.fields_by_pk, [], fresh)
        recorder.save(snap.now, report.run.pk)

    def _withdraw(self, snap: Snapshot, tally: _Tally, run_pk: int) -> None:
        """Services absent from the snapshot: unpublished, noted, in their history."""
        ids = [row.pk for row in snap.to_withdraw]
        recorder = changes.Recorder([], ids)
        tally.withdraw(snap.to_withdraw, recorder.fields_by_key)
        if ids:
            write.withdraw_services(ids, snap.now)
            self.changed_ids.extend(ids)
            recorder.save(snap.now, run_pk)
            self._publish({}, recorder.fields_by_pk, ids)

    def _publish(
        self,
        written: write.Written,
        fields_by_pk: dict[int, list[str]],
        withdrawn: list[int],
        fresh: dict[int, Page] | None = None,
    ) -> None:
        """What Wagtail's publish would add to the pages just written (revisions,
        translations, search entries) and their history entries; their pks are kept for
        the run's ``services_changed`` signal. ``fresh``: the pages just created, by pk."""
        if written:
            bulk.record_publication(written, catch_up=False, fresh=fresh)
        history.record(written, fields_by_pk, withdrawn)
        for model, pks in written.items():
            self.written.setdefault(model, array("q")).extend(pks)

    def _save_state(self, state: SourceState, doc: ParsedDocument, checked: Validated) -> None:
        if self.feed:
            state.feed_checkpoint = self.feed_started
            state.save()
            return
        etag, last_modified = self.validators
        state.etag, state.last_modified = etag[:255], last_modified[:64]
        state.save()
        verify.save(state, _raw_hashes(doc, checked), self.repair.stale)


def _raw_hashes(doc: ParsedDocument, checked: Validated) -> Iterator[tuple[str, str]]:
    """(IRI, raw hash) of every item this run stores: the valid parsed ones and the
    ones skipped as unchanged, streamed from the heads (never one dict of them all)."""
    for head in doc.heads():
        if head.raw_hash and (head.iri in checked.service_ids or head.iri in checked.event_ids):
            yield head.iri, head.raw_hash
    yield from doc.skipped_unchanged.items()
    yield from doc.skipped_events.items()


def _regroup(batches: Iterator[Batch], size: int) -> Iterator[Batch]:
    """The valid records again in batches of at most ``size`` items, each batch either
    services or events. Every service is yielded before the first event (guides link to
    service pages, which must be written by then): the records come services first
    (``ParsedDocument.batches``), and pending services are flushed when events start."""
    services: list[ServiceRecord] = []
    events: list[EventRecord] = []
    for batch_services, batch_events in batches:
        services.extend(batch_services)
        events.extend(batch_events)
        del batch_services, batch_events
        while len(services) >= size or (services and events):
            yield services[:size], []
            del services[:size]
        while len(events) >= size:
            yield [], events[:size]
            del events[:size]
    if services:
        yield services, []
    if events:
        yield [], events


class _Tally:
    """The run's counts and diff, added up batch by batch as the original whole-run
    sums were: created, updated (not withdrawn), unchanged, withdrawn.

    ``keep``: only the diff's first ``keep`` entries are stored (``SyncRun.diff``), so only
    the ``keep`` smallest identifiers of the created and of the changed services are kept:
    one small dict per created service was ~0.4 kB for the whole run (40 MB at 100,000 on
    a first sync). None (a dry run, which prints every planned change) keeps them all."""

    def __init__(self, snap: Snapshot, keep: int | None = None) -> None:
        self.snap = snap
        self.keep = keep
        self.created = self.updated = self.unchanged = self.repaired = 0
        self.created_withdrawn = 0
        self.creates: list[dict[str, Any]] = []
        self.updates: list[dict[str, Any]] = []
        self.withdrawals: list[dict[str, Any]] = []

    def _trim(self, entries: list[dict[str, Any]]) -> None:
        """The ``keep`` smallest identifiers of ``entries`` (sorted), once it holds twice
        as many: a bounded list, sorted about once per ``keep`` entries."""
        if self.keep is not None and len(entries) > 2 * self.keep:
            entries.sort(key=itemgetter("identifier"))
            del entries[self.keep :]

    def add(self, plan: PagePlan, desired: list[Desired], fields_by_key: dict[str, Any]) -> None:
        newly_withdrawn = self.snap.newly_withdrawn
        self.created += len(plan.created_keys)
        self.created_withdrawn += len(plan.created_keys & newly_withdrawn)
        self.updated += len(plan.updated_keys - newly_withdrawn)
        self.unchanged += len(plan.unchanged_keys)
        self.repaired += len(plan.updated_keys & self.snap.repair_keys)
        first_update = len(self.updates)
        for item in desired:
            title = item.per_lang["lv"]["title"]
            if item.key in plan.created_keys:
                self.creates.append({"action": "create", "identifier": item.key, "title": title})
            elif item.key in plan.updated_keys:
                self.updates.append(
                    {
                        "action": "update" if item.live else "withdraw",
                        "identifier": item.key,
                        "title": title,
                    }
                )
        changes.annotate(self.updates[first_update:], fields_by_key)
        self._trim(self.creates)
        self._trim(self.updates)

    def withdraw(self, rows: list[Existing], fields_by_key: dict[str, Any]) -> None:
        for row in sorted(rows, key=lambda r: r.key):
            if row.lang == "lv":
                self.withdrawals.append({"action": "withdraw", "identifier": row.key, "title": ""})
        changes.annotate(self.withdrawals, fields_by_key)

    @property
    def withdrawn(self) -> int:
        return len(self.snap.newly_withdrawn) - self.created_withdrawn

    def diff(self) -> list[dict[str, Any]]:
        """Created, then changed, then withdrawn services, each by identifier."""
        by_key = itemgetter("identifier")
        entries = [*sorted(self.creates, key=by_key), *sorted(self.updates, key=by_key)] + (
            self.withdrawals
        )
        return entries if self.keep is None else entries[: self.keep]


def run_sync(source: str, **options: Any) -> Report:
    """Convenience entry point for the command, the admin and tasks."""
    return Runner(source, **options).run()


__all__ = ["Report", "Runner", "SyncAborted", "run_sync"]
