"""Desired pages vs database rows → what to create, update, leave alone (by content hash).

The content hash of the mapped fields decides (never ``dct:modified`` alone): a row whose
hash matches and whose publication state is right costs no write at all, which is what
makes a re-sync idempotent (docs/architecture.md, sync rule 1).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from wagtail.models import Page

from sync.map import LANGS, content_hash


@dataclass(slots=True)
class Existing:
    """One page row's summary: a run holds two per service (every language), so no
    per-instance ``__dict__``."""

    pk: int
    key: str
    lang: str
    content_hash: str
    live: bool
    slug: str
    translation_key: uuid.UUID
    withdrawn: bool = False


@dataclass
class Desired:
    """One item in every language it is published in: lang → mapped fields."""

    key: str
    per_lang: dict[str, dict[str, Any]]
    live: bool = True


@dataclass
class PagePlan:
    creates: dict[str, list[tuple[Desired, dict[str, Any], str, uuid.UUID]]] = field(
        default_factory=dict
    )
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    unpublish: list[int] = field(default_factory=list)  # translations that lost their title
    created_keys: set[str] = field(default_factory=set)
    updated_keys: set[str] = field(default_factory=set)
    unchanged_keys: set[str] = field(default_factory=set)


def load_existing(
    model: type[Page], key_field: str, keys: Iterable[str] | None = None
) -> dict[tuple[str, str], Existing]:
    """(key, language) → row summary, for every page of ``model`` (or only ``keys``)."""
    return {(row.key, row.lang): row for row in iter_existing(model, key_field, keys)}


def iter_existing(
    model: type[Page], key_field: str, keys: Iterable[str] | None = None, live: bool | None = None
) -> Iterator[Existing]:
    """The row summaries one at a time (only ``keys``; only live or not live rows): a caller
    keeping a few of every page's rows (the withdrawals) does not hold them all."""
    qs = model._base_manager.all()
    if live is not None:
        qs = qs.filter(live=live)
    wanted = None if keys is None else list(keys)
    extra = (
        ("withdrawn_at",) if any(f.name == "withdrawn_at" for f in model._meta.get_fields()) else ()
    )
    names = (
        "pk",
        key_field,
        "locale__language_code",
        "content_hash",
        "live",
        "slug",
        "translation_key",
        *extra,
    )
    chunks: list[list[str] | None] = (
        [None] if wanted is None else [wanted[i : i + 500] for i in range(0, len(wanted), 500)]
    )
    for chunk in chunks:
        part = qs if chunk is None else qs.filter(**{f"{key_field}__in": chunk})
        for row in part.values(*names).iterator(chunk_size=2000):
            yield Existing(
                pk=row["pk"],
                key=row[key_field],
                lang=row["locale__language_code"],
                content_hash=row["content_hash"],
                live=row["live"],
                slug=row["slug"],
                translation_key=row["translation_key"],
                withdrawn=bool(row.get("withdrawn_at")),
            )


def plan_pages(
    desired: list[Desired],
    existing: dict[tuple[str, str], Existing],
    slug_for: Any,
    extra_update: Any = None,
) -> PagePlan:
    """Compare desired items with rows. ``slug_for(desired)`` names a new Latvian page."""
    plan = PagePlan()
    for item in desired:
        lv_row = existing.get((item.key, "lv"))
        slug = lv_row.slug if lv_row else None
        tkey = lv_row.translation_key if lv_row else uuid.uuid4()
        changed = created = False
        for lang in LANGS:
            row = existing.get((item.key, lang))
            fields = item.per_lang.get(lang)
            if fields is None:
                if row is not None and row.live:
                    plan.unpublish.append(row.pk)
                    changed = True
                continue
            digest = content_hash(fields)
            if row is None:
                if slug is None:
                    slug = slug_for(item)
                plan.creates.setdefault(lang, []).append(
                    (item, {**fields, "content_hash": digest}, slug, tkey)
                )
                created = created or lang == "lv"
                changed = True
                continue
            values: dict[str, Any] = {}
            if row.content_hash != digest:
                values.update(fields)
                values["content_hash"] = digest
            if row.live != item.live:
                values["live"] = item.live
            if extra_update is not None:
                values.update(extra_update(item, row, values))
            if values:
                plan.updates.append((row.pk, values))
                changed = True
        if created:
            plan.created_keys.add(item.key)
        elif changed:
            plan.updated_keys.add(item.key)
        else:
            plan.unchanged_keys.add(item.key)
    return plan
