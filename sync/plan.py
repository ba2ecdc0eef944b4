"""The plan of a run: map the valid services and events to pages per language, diff them
against the database (create, update, leave, withdraw), and the guard that stops a mass
withdrawal.

Nothing here writes. ``runner`` calls ``survey`` (the whole snapshot's facts, from
identifiers only) and ``guard``, then per batch of services ``plan_batch`` and the writes
(``sync.write``), then ``plan_events``: services and events both flow map → diff → write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue_pages.models import LifeSituationPage, ServicePage
from catalogue_pages.register_fields import SERVICE_LISTS
from sync.diff import Desired, Existing, PagePlan, iter_existing, load_existing, plan_pages
from sync.map import content_hash, event_fields, make_slug, page_languages, service_fields
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

    iri_to_identifier: dict[str, str]
    #: identifiers of the valid services of the snapshot.
    keys: set[str]
    to_withdraw: list[Existing]
    newly_withdrawn: set[str]
    unchanged_skipped: set[str]
    live_total: int
    now: datetime
    #: Services whose pages differ from what this source last wrote (``sync.verify``).
    repair_keys: set[str]
    #: Latvian slugs of the service pages (a new page's slug must differ from all of them).
    taken: set[str]


def _chunks(values: list[str], size: int = 500) -> list[list[str]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def survey(
    doc: ParsedDocument,
    checked: Validated,
    *,
    feed: bool,
    stale: set[str] | frozenset[str] = frozenset(),
) -> Snapshot:
    """The snapshot's whole-register facts, from the items' identifiers and the page rows'
    keys: nothing of a record is read, so the batches that follow can be mapped and written
    one at a time (``runner``). Writes nothing."""
    lv_services = ServicePage._base_manager.filter(locale__language_code="lv")
    iri_to_identifier = dict(
        lv_services.exclude(register_iri="").values_list("register_iri", "identifier")
    )
    iri_to_identifier.update(checked.service_ids)
    iri_to_identifier.update(checked.event_ids)
    keys = set(checked.service_ids.values())
    unchanged_skipped = {iri_to_identifier.get(iri, "") for iri in doc.skipped_unchanged} - {""}
    unreadable = {iri_to_identifier.get(iri, "") for iri in doc.failed} - {""}
    repair_keys = {key for iri, key in checked.service_ids.items() if iri in stale}

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
        keys=keys,
        to_withdraw=to_withdraw,
        newly_withdrawn=newly_withdrawn,
        unchanged_skipped=unchanged_skipped,
        live_total=lv_services.filter(live=True).count(),
        now=timezone.now(),
        repair_keys=repair_keys,
        taken=set(lv_services.values_list("slug", flat=True)),
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
    events: list[EventRecord], iri_to_identifier: dict[str, str], taken: set[str] | None = None
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
