"""One sync run: lock → fetch → parse → validate → map → diff → guard → write → log → signal.

Why one orchestrator: every abort path (bad fetch, bad document, guard, lock) must end the
same way — a recorded run, a clear message, and no change to any page. All page writes of a
run happen inside one transaction, so a crash anywhere leaves the catalogue exactly as it was
(no half-written service, no half-applied withdrawal).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue_pages import bulk
from catalogue_pages.models import LifeSituationPage, ServicePage
from catalogue_pages.portal_basics import ensure_first_portal_basics
from catalogue_pages.signals import services_changed
from catalogue_pages.site_tree import ensure_site_tree
from sync import changes, history, verify, write
from sync import state as item_state
from sync.client import RegisterClient, RegisterError, is_url
from sync.diff import Desired, Existing
from sync.lock import LockHeld, acquire_lock, heartbeat, release_lock
from sync.models import SourceState, SyncItemError, SyncRun
from sync.parse import ParsedDocument, ParseError, parse_document
from sync.plan import Planned, SyncAborted, guard, plan_services
from sync.validate import Problem, Validated, validate

logger = logging.getLogger(__name__)


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
        self.changed_ids: list[int] = []
        #: IRIs of unchanged events parsed again because they name a service new to the portal.
        self.relink: set[str] = set()
        self.written: write.Written = {}  # page model → pks written (bulk.record_publication)
        #: The fetched snapshot, in a file (re-parsed for events that must be relinked; closed
        #: at the end of the run), its HTTP validators (stored for the next conditional
        #: fetch) and a feed run's start.
        self.document: BinaryIO | None = None
        self.validators: tuple[str, str] = ("", "")
        self.feed_started: datetime | None = None
        #: Items whose pages differ from what this source last wrote (``sync.verify``):
        #: parsed again and rewritten even when their input is unchanged.
        self.repair: verify.Verification = verify.Verification()

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
            with heartbeat(token) if token else contextlib.nullcontext():  # sync/lock.py
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
        # Guides too: a guide the register changed alone has no changed service to bring it.
        changed = {*self.changed_ids, *self.written.get(LifeSituationPage, [])}
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
            doc = parse_document(self.document, keep_graph=self.strict, known_hashes=known)
            doc = self._verify_unchanged(doc, state, self.document)
            self.validators = (fetched.etag, fetched.last_modified)
        if not doc.services and not doc.skipped_unchanged and not self.feed:
            raise SyncAborted(
                _(
                    "The document holds no CPSV-AP public service (cpsv:PublicService); "
                    "it is not a register snapshot. Nothing was changed."
                )
            )
        self.relink = self._reparse_events_naming_new_services(doc)
        checked = validate(doc, strict=self.strict)
        report.problems.extend(checked.problems)
        self._apply(report, doc, checked, state)

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
        known_iris = set(
            ServicePage._base_manager.filter(locale__language_code="lv")
            .exclude(register_iri="")
            .values_list("register_iri", flat=True)
        )
        new_iris = {r.iri for r in doc.services} - known_iris
        need = {e for e, refs in doc.skipped_event_refs.items() if refs & new_iris}
        if not need:
            return set()
        known = {r.iri: r.raw_hash for r in doc.services if r.raw_hash}
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
        """Plan the services' pages, guard against a mass withdrawal, count, then write."""
        planned = plan_services(
            doc, checked, report.problems, feed=self.feed, stale=self.repair.stale
        )
        guard(planned, force=self.force)
        run = report.run
        plan = planned.plan
        run.created = len(plan.created_keys)
        run.withdrawn = len(planned.newly_withdrawn - plan.created_keys)
        run.updated = len(plan.updated_keys - planned.newly_withdrawn)
        run.unchanged = len(plan.unchanged_keys) + len(
            planned.unchanged_skipped - set(planned.keys)
        )
        run.skipped = checked.skipped_count
        if self.repair.checked:  # a 304 whose pages did not all match: say what was repaired
            run.message = self.repair.message(len(plan.updated_keys & planned.repair_keys))
        recorder = changes.Recorder(plan.updates, [row.pk for row in planned.to_withdraw])
        self._diff(report, plan, planned.to_withdraw, planned.desired)
        changes.annotate(report.diff, recorder.fields_by_key)
        run.diff = report.diff[:2000]  # the run detail lists what was created/changed/withdrawn
        if self.dry_run:
            return
        self._write(doc, checked, state, planned, recorder, run.pk)

    def _write(
        self,
        doc: ParsedDocument,
        checked: Validated,
        state: SourceState,
        planned: Planned,
        recorder: changes.Recorder,
        run_pk: int,
    ) -> None:
        """Every write of the run, in one transaction: topics, organisations, services,
        withdrawals, events, the publication records and the source state."""
        tree = ensure_site_tree()
        ensure_first_portal_basics()  # a fresh deployment's footer pages, once
        plan, desired = planned.plan, planned.desired
        relink = {r.identifier for r in checked.events if r.iri in self.relink}
        with transaction.atomic():
            topic_ids = write.write_topics(doc.topics)
            org_ids = write.write_organisations(doc.organisations, tree.institutions, self.written)
            self.changed_ids.extend(
                write.write_services(plan, tree.services, org_ids, topic_ids, desired, self.written)
            )
            if planned.to_withdraw:
                ids = [row.pk for row in planned.to_withdraw]
                write.withdraw_services(ids, planned.now)
                self.changed_ids.extend(ids)
            write.write_events(
                planned.event_plan, planned.events, tree.situations, relink, self.written
            )
            # The mapped fields are written: free them before the publication records.
            plan.creates.clear()
            plan.updates.clear()
            desired.clear()
            planned.event_plan.creates.clear()
            planned.event_plan.updates.clear()
            planned.events.clear()
            bulk.record_publication(self.written)
            recorder.save(planned.now, run_pk)
            history.record(self.written, recorder.fields_by_pk, [r.pk for r in planned.to_withdraw])
            self._save_state(
                state, doc, {r.iri for r in checked.services} | {r.iri for r in checked.events}
            )

    def _diff(
        self, report: Report, plan: Any, to_withdraw: list[Existing], desired: list[Desired]
    ) -> None:
        by_key = {d.key: d for d in desired}
        for key in sorted(plan.created_keys):
            report.diff.append(
                {
                    "action": "create",
                    "identifier": key,
                    "title": by_key[key].per_lang["lv"]["title"],
                }
            )
        for key in sorted(plan.updated_keys):
            report.diff.append(
                {
                    "action": "update" if by_key[key].live else "withdraw",
                    "identifier": key,
                    "title": by_key[key].per_lang["lv"]["title"],
                }
            )
        for row in sorted(to_withdraw, key=lambda r: r.key):
            if row.lang == "lv":
                report.diff.append({"action": "withdraw", "identifier": row.key, "title": ""})

    def _save_state(self, state: SourceState, doc: ParsedDocument, valid: set[str]) -> None:
        if self.feed:
            state.feed_checkpoint = self.feed_started
            state.save()
            return
        etag, last_modified = self.validators
        state.etag, state.last_modified = etag[:255], last_modified[:64]
        raw_hashes = {
            r.iri: r.raw_hash for r in [*doc.services, *doc.events] if r.raw_hash and r.iri in valid
        }
        raw_hashes.update(doc.skipped_unchanged)
        raw_hashes.update(doc.skipped_events)
        state.save()
        verify.save(state, raw_hashes, self.repair.stale)


def run_sync(source: str, **options: Any) -> Report:
    """Convenience entry point for the command, the admin and tasks."""
    return Runner(source, **options).run()


__all__ = ["Report", "Runner", "SyncAborted", "run_sync"]
