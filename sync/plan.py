"""The plan of a run: map the valid services and events to pages per language, diff them
against the database (create, update, leave, withdraw), and the guard that stops a mass
withdrawal.

Nothing here writes; ``runner`` calls ``plan_services`` and ``plan_events``, then ``guard``,
then the writes (``sync.write``), so services and events both flow map → diff → write.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue_pages.models import LifeSituationPage, ServicePage
from catalogue_pages.register_fields import SERVICE_LISTS
from sync.diff import Desired, Existing, PagePlan, load_existing, plan_pages
from sync.map import content_hash, event_fields, make_slug, page_languages, service_fields
from sync.parse import ParsedDocument
from sync.records import EventRecord
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
class Planned:
    """What ``plan_services`` decided for the services (and ``plan_events`` for the events):
    the guard and the writes read it."""

    plan: PagePlan
    desired: list[Desired]
    keys: list[str]
    to_withdraw: list[Existing]
    newly_withdrawn: set[str]
    unchanged_skipped: set[str]
    live_total: int
    iri_to_identifier: dict[str, str]
    now: datetime
    events: list[Desired]
    event_plan: PagePlan
    #: Services whose pages differ from what this source last wrote (``sync.verify``).
    repair_keys: set[str]


def plan_services(
    doc: ParsedDocument,
    checked: Validated,
    problems: list[Problem],
    *,
    feed: bool,
    stale: set[str] | frozenset[str] = frozenset(),
) -> Planned:
    """Map the valid services to pages per language and diff them against the database:
    what to create, update, leave alone and withdraw. Writes nothing."""
    iri_to_identifier = dict(
        ServicePage._base_manager.filter(locale__language_code="lv")
        .exclude(register_iri="")
        .values_list("register_iri", "identifier")
    )
    iri_to_identifier.update({r.iri: r.identifier for r in checked.services})
    iri_to_identifier.update({r.iri: r.identifier for r in checked.events})

    # services: desired state per language
    desired: list[Desired] = []
    now = timezone.now()
    for record in checked.services:
        per_lang = {}
        for lang in page_languages(record.title):
            fields, missing = service_fields(record, lang, doc.organisations, iri_to_identifier)
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
    keys = [d.key for d in desired]
    existing = load_existing(ServicePage, "identifier")
    unchanged_skipped = {iri_to_identifier.get(iri, "") for iri in doc.skipped_unchanged} - {""}
    unreadable = {iri_to_identifier.get(iri, "") for iri in doc.failed} - {""}

    repair_keys = {r.identifier for r in checked.services if r.iri in stale}

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

    taken = {row.slug for (k, lang), row in existing.items() if lang == "lv"}
    plan = plan_pages(
        desired,
        existing,
        lambda d: make_slug(d.per_lang["lv"]["title"], d.key, taken),
        extra,
    )
    stamp_withdrawn_creates(plan, now)

    # withdrawals: full snapshot only, of live services absent from it
    present = set(keys) | checked.skipped_identifiers | unchanged_skipped | unreadable
    to_withdraw: list[Existing] = []
    if not feed:
        to_withdraw = [
            row for (key, lang), row in existing.items() if row.live and key not in present and key
        ]
    newly_withdrawn = {row.key for row in to_withdraw} | {
        d.key
        for d in desired
        if not d.live
        and (existing.get((d.key, "lv")) or Existing(0, "", "", "", False, "", uuid.uuid4())).live
    }
    live_total = sum(1 for (k, lang), row in existing.items() if lang == "lv" and row.live)
    events, event_plan = plan_events(checked.events, iri_to_identifier)
    return Planned(
        plan=plan,
        desired=desired,
        keys=keys,
        to_withdraw=to_withdraw,
        newly_withdrawn=newly_withdrawn,
        unchanged_skipped=unchanged_skipped,
        live_total=live_total,
        iri_to_identifier=iri_to_identifier,
        now=now,
        events=events,
        event_plan=event_plan,
        repair_keys=repair_keys,
    )


def guard(planned: Planned, *, force: bool) -> None:
    """Stop before any write when the run would withdraw too much of the catalogue."""
    share = settings.SYNC_MAX_WITHDRAW_SHARE
    live_total, withdrawn = planned.live_total, len(planned.newly_withdrawn)
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
    events: list[EventRecord], iri_to_identifier: dict[str, str]
) -> tuple[list[Desired], PagePlan]:
    """The guide pages the valid events ask for, and what that changes."""
    desired = []
    for record in events:
        per_lang = {
            lang: event_fields(record, lang, iri_to_identifier)[0]
            for lang in page_languages(record.title)
        }
        desired.append(Desired(record.identifier, per_lang))
    existing = load_existing(LifeSituationPage, "identifier")
    taken = {row.slug for (k, lang), row in existing.items() if lang == "lv"}
    plan = plan_pages(
        desired, existing, lambda d: make_slug(d.per_lang["lv"]["title"], d.key, taken)
    )
    return desired, plan
