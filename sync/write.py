"""Every database write of a run: topics, institution, service and guide pages, withdrawals.

All of it runs inside the run's one transaction (``runner``). Pages are written in bulk
through ``catalogue_pages.bulk`` (which alone knows Wagtail's and treebeard's internals, and
why rows are written directly); updates only touch rows whose content hash changed, nothing
else is written. What Wagtail's publish would add (a live revision, wagtail-localize's source
and translation, Wagtail search entries) is then given in bulk by
``bulk.record_publication`` to the pages of the run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sized
from typing import Any

from django.db import connection
from wagtail.models import Locale, Page

from catalogue_pages.bulk import NewPage, bulk_create_page_objects, bulk_update_pages, set_m2m
from catalogue_pages.models import InstitutionPage, LifeSituationPage, ServicePage, Topic
from sync.diff import Desired, PagePlan, load_existing, plan_pages
from sync.map import (
    LANGS,
    VIRTUAL,
    make_slug,
    org_fields,
    page_languages,
    topic_names,
    topic_slug,
)
from sync.records import OrgRecord, TopicRecord

#: Page model → pks a run wrote, handed to ``catalogue_pages.bulk.record_publication``.
Written = dict[type[Page], list[int]]


def strip_virtual(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if k not in VIRTUAL}


def write_topics(topics: dict[str, TopicRecord]) -> dict[str, int]:
    """Create or rename the topics; returns every topic's IRI → primary key."""
    existing = {t.register_iri: t for t in Topic.objects.all()}
    taken = {t.slug for t in existing.values()}
    for iri, topic in topics.items():
        name_lv, name_en = topic_names(iri, topic)
        row = existing.get(iri)
        if row is None:
            existing[iri] = Topic.objects.create(
                register_iri=iri[:500],
                slug=topic_slug(name_lv, iri, taken),
                name_lv=name_lv,
                name_en=name_en,
            )
        elif (row.name_lv, row.name_en) != (name_lv, name_en):
            row.name_lv, row.name_en = name_lv, name_en
            row.save(update_fields=["name_lv", "name_en"])
    return {iri: t.pk for iri, t in existing.items()}


def execute_plan(
    model: type[Page],
    plan: PagePlan,
    parents: dict[str, Page],
    resolve: dict[Any, dict[str, Any]],
    written: Written | None = None,
    fresh: dict[int, Page] | None = None,
) -> list[int]:
    """Carry out a ``PagePlan``: create (per language), update, unpublish; returns the pks.

    ``resolve`` adds the foreign keys only the database knows (by (key, language) for a new
    page, by pk for an update), e.g. the competent authority's page. ``written`` collects the
    pks per page model for ``sync.publication`` (revisions, localize, search entries);
    ``fresh`` the created pages by pk, for the same step to use instead of loading them.
    """
    ids: list[int] = []
    for lang in LANGS:
        creates = plan.creates.get(lang, [])
        if not creates:
            continue
        locale = Locale.objects.get(language_code=lang)
        pages = [
            NewPage(
                fields=strip_virtual({**fields, **resolve.get((item.key, lang), {})}),
                slug=slug,
                translation_key=tkey,
                live=item.live,
            )
            for item, fields, slug, tkey in creates
        ]
        created = bulk_create_page_objects(model, parents[lang], pages, locale)
        ids += [page.pk for page in created]
        if fresh is not None:
            fresh.update((page.pk, page) for page in created)
    updates = [
        (pk, strip_virtual({**values, **resolve.get(pk, {})})) for pk, values in plan.updates
    ]
    ids += bulk_update_pages(model, updates)
    if plan.unpublish:
        unpublish(plan.unpublish)
        ids += plan.unpublish
    if written is not None:
        written.setdefault(model, []).extend(ids)
    return ids


def unpublish(page_ids: list[int]) -> None:
    Page.objects.filter(pk__in=page_ids).update(live=False)


def withdraw_services(page_ids: list[int], when: Any) -> None:
    """Withdrawn services stay as pages (their URL answers 410), unpublished."""
    ServicePage._base_manager.filter(pk__in=page_ids).update(withdrawn_at=when)
    unpublish(page_ids)


def write_organisations(
    organisations: dict[str, OrgRecord], parents: dict[str, Page], written: Written | None = None
) -> dict[tuple[str, str], int]:
    """Institution pages for the organisations; returns (IRI, language) → page pk."""
    desired = []
    for iri, org in organisations.items():
        per_lang = {lang: org_fields(org, lang) for lang in page_languages(org.name or {"lv": iri})}
        desired.append(Desired(iri, per_lang))
    existing = load_existing(InstitutionPage, "register_iri")
    taken = {row.slug for (k, lang), row in existing.items() if lang == "lv"}
    plan = plan_pages(
        desired,
        existing,
        lambda d: make_slug(d.per_lang["lv"]["title"], d.key.rsplit("/", 1)[-1], taken),
    )
    execute_plan(InstitutionPage, plan, parents, {}, written)
    return {
        (row.key, lang): row.pk
        for (k, lang), row in load_existing(InstitutionPage, "register_iri").items()
    }


def write_services(
    plan: PagePlan,
    parents: dict[str, Page],
    org_ids: dict[tuple[str, str], int],
    topic_ids: dict[str, int],
    desired: list[Desired],
    written: Written | None = None,
    fresh: dict[int, Page] | None = None,
) -> list[int]:
    """Carry out one batch's plan (``desired``: the batch's services), with authorities and
    topics; returns the pks written."""
    resolve: dict[Any, dict[str, Any]] = {}
    for item in desired:
        for lang, fields in item.per_lang.items():
            resolve[(item.key, lang)] = {
                "competent_authority_id": org_ids.get((fields["competent_authority_iri"], lang))
                or org_ids.get((fields["competent_authority_iri"], "lv"))
            }
    existing = load_existing(ServicePage, "identifier", [item.key for item in desired])
    by_pk = {row.pk: (row.key, row.lang) for row in existing.values()}
    for pk, values in plan.updates:
        if "competent_authority_iri" in values:
            resolve[pk] = resolve.get(by_pk.get(pk, ("", "")), {})
    ids = execute_plan(ServicePage, plan, parents, resolve, written, fresh)
    # topics M2M for created/updated pages
    fresh = load_existing(ServicePage, "identifier", plan.created_keys | plan.updated_keys)
    links: dict[int, list[int]] = {}
    for item in desired:
        if item.key not in plan.created_keys | plan.updated_keys:
            continue
        for lang, fields in item.per_lang.items():
            row = fresh.get((item.key, lang))
            if row:
                links[row.pk] = [topic_ids[t] for t in fields["topic_iris"] if t in topic_ids]
    set_m2m(ServicePage.topics.through, "servicepage_id", "topic_id", links)
    return ids


def write_events(
    plan: PagePlan,
    desired: list[Desired],
    parents: dict[str, Page],
    relink: set[str] | None = None,
    written: Written | None = None,
) -> None:
    """Carry out the events' plan (``sync.plan.plan_events``) and link the guide pages to
    their services (``relink``: also unchanged events naming a service new in this run)."""
    if not desired:
        return
    execute_plan(LifeSituationPage, plan, parents, {}, written)
    named = {
        s for item in desired for f in item.per_lang.values() for s in f["service_identifiers"]
    }
    services = load_existing(ServicePage, "identifier", named)
    fresh = load_existing(LifeSituationPage, "identifier", [item.key for item in desired])
    links: dict[int, list[int]] = {}
    for item in desired:
        if item.key not in plan.created_keys | plan.updated_keys | (relink or set()):
            continue
        for lang, fields in item.per_lang.items():
            row = fresh.get((item.key, lang))
            if row:
                links[row.pk] = [
                    services[(s, lang)].pk
                    for s in fields["service_identifiers"]
                    if (s, lang) in services
                ]
    set_m2m(LifeSituationPage.services.through, "lifesituationpage_id", "servicepage_id", links)


#: Pages a run must have written for ``refresh_planner_statistics`` to run.
ANALYZE_AFTER_PAGES = 1000

#: Pages a run writes before its first ``ANALYZE`` inside its transaction; then at each
#: doubling (``Statistics``).
ANALYZE_DURING_RUN_PAGES = 2000


class Statistics:
    """``ANALYZE`` inside a run's transaction as its tables grow: at 2,000 pages of a model
    written, then 4,000, 8,000… (PostgreSQL; nothing elsewhere).

    Why: the tables a first sync fills had no statistics, and the planner, which sees their
    real size but guesses how many rows an ``IN`` list matches, planned each batch's lookups
    (the topics prefetch of the publication step, slugs, revisions) as scans of the whole
    table: PostgreSQL's time per batch grew with the register, quadratic over a first sync of
    100,000 services. ``ANALYZE`` counts the rows the running transaction inserted. At each
    doubling the statistics are at most a factor 2 off, and the runs cost a few seconds over
    a whole first sync. Its ``SHARE UPDATE EXCLUSIVE`` locks are held to the end of the run:
    they block no read or write, only another ``ANALYZE``/``VACUUM`` of the same tables
    (autovacuum skips them meanwhile).
    """

    def __init__(self) -> None:
        self.due: dict[type[Page], int] = {}
        self.runs = 0

    def grown(self, written: Mapping[type[Page], Sized]) -> None:
        """Called after each batch with every page the run wrote so far, per page model.

        Per model: the guides come after every service, with tables of their own (their
        services' links) that were empty at the services' last ``ANALYZE``."""
        grown = {
            model: len(pks)
            for model, pks in written.items()
            if len(pks) >= self.due.get(model, ANALYZE_DURING_RUN_PAGES)
        }
        if not grown or connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.runs += 1
        self.due.update((model, 2 * count) for model, count in grown.items())


def refresh_planner_statistics(written: Mapping[type[Page], Sized]) -> bool:
    """``ANALYZE`` after a run that wrote many pages, on PostgreSQL; True when it ran.

    Why: right after a first sync the planner has no statistics for the tables it filled
    until autovacuum gets to them, and picks plans that walk every page (the footer's query
    took 23 ms at 10,000 services, 0.25 ms after ``ANALYZE``; docs/benchmarks.md). The run
    knows it just wrote them: a few seconds of sampling, after its transaction committed.
    """
    if connection.vendor != "postgresql":
        return False
    if sum(len(pks) for pks in written.values()) < ANALYZE_AFTER_PAGES:
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True
