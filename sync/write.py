"""Bulk writes of register pages: create, update, withdraw — inside the run's transaction.

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
from django.utils.text import slugify
from wagtail.models import Locale, Page

from sync.map import VIRTUAL

BATCH = 500


def make_slug(title: str, identifier: str, taken: set[str]) -> str:
    """Slugified Latvian title, unique among siblings; falls back to the identifier."""
    base = slugify(title)[:70].strip("-") or slugify(identifier)[:70] or "pakalpojums"
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug


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
