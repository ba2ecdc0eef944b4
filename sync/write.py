"""Every database write of a run: topics, institution, service and guide pages, withdrawals.

All of it runs inside the run's one transaction (``runner``).

Why not ``add_child`` + ``save_revision().publish()``: that costs tens of queries per page
(wagtail #10833, treebeard #328) and a revision per sync, and 10,000 services would take the
better part of an hour. Register fields are not editorial content: they live on the row only
(``RegisterFieldsMixin.with_content_json`` keeps them out of any revision), so the sync
writes rows directly: treebeard paths computed in bulk, ``wagtailcore_page`` rows via
``bulk_create``, the specific table via Django's batched insert, parents' ``numchild`` fixed.
Updates only touch rows whose content hash changed; nothing else is written.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from wagtail.models import Locale, Page

from catalogue_pages.models import InstitutionPage, LifeSituationPage, ServicePage, Topic
from sync.diff import Desired, PagePlan, load_existing, plan_pages
from sync.map import (
    LANGS,
    VIRTUAL,
    event_fields,
    make_slug,
    org_fields,
    page_languages,
    topic_names,
    topic_slug,
)
from sync.records import EventRecord, OrgRecord, TopicRecord

BATCH = 500


@dataclass
class NewPage:
    """A page to create: its specific model, parent and field values."""

    fields: dict[str, Any]
    slug: str
    translation_key: uuid.UUID
    live: bool = True


def page_columns(model: type[Page]) -> tuple[set[str], set[str]]:
    """(fields of wagtailcore_page, fields of the specific table) that the sync may write."""
    base = {f.attname for f in Page._meta.concrete_fields}
    local = {f.attname for f in model._meta.local_concrete_fields if f.attname != "page_ptr_id"}
    return base, local


def bulk_create_pages(
    model: type[Page], parent: Page, pages: list[NewPage], locale: Locale
) -> list[int]:
    """Create ``pages`` as children of ``parent`` in bulk; returns their primary keys."""
    if not pages:
        return []
    parent = Page.objects.get(pk=parent.pk)  # fresh numchild/path
    content_type = ContentType.objects.get_for_model(model)
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .first()
    )
    next_step = (Page._str2int(last.path[-Page.steplen :]) + 1) if last else 1
    now = timezone.now()
    _, local = page_columns(model)
    created: list[int] = []
    for start in range(0, len(pages), BATCH):
        chunk = pages[start : start + BATCH]
        base_rows = []
        for offset, new in enumerate(chunk):
            title = new.fields["title"]
            base_rows.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=new.slug,
                    content_type=content_type,
                    path=Page._get_path(parent.path, parent.depth + 1, next_step + start + offset),
                    depth=parent.depth + 1,
                    numchild=0,
                    url_path=f"{parent.url_path}{new.slug}/",
                    live=new.live,
                    has_unpublished_changes=False,
                    first_published_at=now if new.live else None,
                    last_published_at=now if new.live else None,
                    latest_revision_created_at=None,
                    locale=locale,
                    translation_key=new.translation_key,
                    show_in_menus=False,
                )
            )
        Page.objects.bulk_create(base_rows)
        specific_rows = []
        for row, new in zip(base_rows, chunk, strict=True):
            obj = model(page_ptr_id=row.pk)
            for name, value in new.fields.items():
                if name in local:
                    setattr(obj, name, value)
            specific_rows.append(obj)
        local_fields = [f for f in model._meta.local_concrete_fields]
        # Django refuses bulk_create on multi-table children; insert the child rows only.
        model._base_manager.all()._batched_insert(specific_rows, local_fields, BATCH)
        created.extend(row.pk for row in base_rows)
    Page.objects.filter(pk=parent.pk).update(numchild=models.F("numchild") + len(pages))
    return created


def bulk_update_pages(model: type[Page], changes: list[tuple[int, dict[str, Any]]]) -> list[int]:
    """Write changed register fields (and title/live) of existing pages, in batches."""
    if not changes:
        return []
    base, local = page_columns(model)
    names = {n for _, values in changes for n in values}
    if "title" in names:
        names.add("draft_title")
    pks = [pk for pk, _ in changes]
    for cls, allowed in ((Page, base), (model, local)):
        wanted = sorted(names & allowed)
        if not wanted:
            continue
        current = {
            row["pk"]: row for row in cls._base_manager.filter(pk__in=pks).values("pk", *wanted)
        }
        objs = []
        for pk, values in changes:
            row = dict(current.get(pk, {}))
            row.update({k: v for k, v in values.items() if k in allowed})
            if "title" in values and "draft_title" in allowed:
                row["draft_title"] = values["title"]
            obj = cls(pk=pk) if cls is Page else cls(page_ptr_id=pk, pk=pk)
            for name in wanted:
                setattr(obj, name, row.get(name))
            objs.append(obj)
        cls._base_manager.bulk_update(objs, wanted, batch_size=BATCH)
    return pks


def set_m2m(
    through: type[models.Model],
    source_field: str,
    target_field: str,
    links: dict[int, Iterable[int]],
) -> None:
    """Replace the M2M links of the given source rows (only those)."""
    if not links:
        return
    through.objects.filter(**{f"{source_field}__in": list(links)}).delete()
    through.objects.bulk_create(
        [
            through(**{source_field: src, target_field: dst})
            for src, dsts in links.items()
            for dst in sorted(set(dsts))
        ],
        batch_size=BATCH,
    )


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
    model: type[Page], plan: PagePlan, parents: dict[str, Page], resolve: dict[Any, dict[str, Any]]
) -> list[int]:
    """Carry out a ``PagePlan``: create (per language), update, unpublish; returns the pks.

    ``resolve`` adds the foreign keys only the database knows (by (key, language) for a new
    page, by pk for an update), e.g. the competent authority's page.
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
        ids += bulk_create_pages(model, parents[lang], pages, locale)
    updates = [
        (pk, strip_virtual({**values, **resolve.get(pk, {})})) for pk, values in plan.updates
    ]
    ids += bulk_update_pages(model, updates)
    if plan.unpublish:
        unpublish(plan.unpublish)
        ids += plan.unpublish
    return ids


def unpublish(page_ids: list[int]) -> None:
    Page.objects.filter(pk__in=page_ids).update(live=False)


def withdraw_services(page_ids: list[int], when: Any) -> None:
    """Withdrawn services stay as pages (their URL answers 410), unpublished."""
    ServicePage._base_manager.filter(pk__in=page_ids).update(withdrawn_at=when)
    unpublish(page_ids)


def write_organisations(
    organisations: dict[str, OrgRecord], parents: dict[str, Page]
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
    execute_plan(InstitutionPage, plan, parents, {})
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
) -> list[int]:
    """Carry out the services' plan, with authorities and topics; returns the pks written."""
    resolve: dict[Any, dict[str, Any]] = {}
    for item in desired:
        for lang, fields in item.per_lang.items():
            resolve[(item.key, lang)] = {
                "competent_authority_id": org_ids.get((fields["competent_authority_iri"], lang))
                or org_ids.get((fields["competent_authority_iri"], "lv"))
            }
    existing = load_existing(ServicePage, "identifier")
    by_pk = {row.pk: (row.key, row.lang) for row in existing.values()}
    for pk, values in plan.updates:
        if "competent_authority_iri" in values:
            resolve[pk] = resolve.get(by_pk.get(pk, ("", "")), {})
    ids = execute_plan(ServicePage, plan, parents, resolve)
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
    events: list[EventRecord],
    parents: dict[str, Page],
    iri_to_identifier: dict[str, str],
    relink: set[str] | None = None,
) -> None:
    """Guide pages for the events, linked to their services (``relink``: also unchanged ones)."""
    if not events:
        return
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
    execute_plan(LifeSituationPage, plan, parents, {})
    services = load_existing(ServicePage, "identifier")
    fresh = load_existing(LifeSituationPage, "identifier")
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
