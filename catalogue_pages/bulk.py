"""Register pages written in bulk: the one module that uses Wagtail's, treebeard's, Django's
and wagtail-localize's internals, behind a small interface the sync calls.

Why not ``add_child`` + ``save_revision().publish()``: that costs tens of queries per page
(wagtail #10833, treebeard #328) and a revision per sync, and 10,000 services would take the
better part of an hour. Register fields are not editorial content: they live on the row only
(``RegisterFieldsMixin.with_content_json`` keeps them out of any revision), so rows are written
directly: treebeard paths computed in bulk, ``wagtailcore_page`` rows via ``bulk_create``, the
specific table via Django's batched insert, parents' ``numchild`` fixed.

The interface (``sync.write`` and ``sync.runner`` call nothing else here):

* ``NewPage``, ``bulk_create_pages``, ``bulk_create_page_objects``: new children of one
  parent, in bulk (their pks, or the pages themselves);
* ``bulk_update_pages``: changed fields of existing pages;
* ``set_m2m``: replace the many-to-many links of some pages;
* ``record_publication``: what Wagtail's publish would have given the pages a run wrote.

The internals, each pinned by ``tests/catalogue_pages/test_bulk.py`` so that an upgrade that
changes one fails there:

* ``Page._str2int`` / ``Page._get_path`` (treebeard's materialised-path arithmetic): the paths
  of new children continue the parent's sequence;
* the specific rows of multi-table pages inserted on their own (Django refuses ``bulk_create``
  on multi-table children), like every row here by ``bulk_sql.insert_rows``;
* wagtail-localize's ``TranslationSource`` rows built by hand (its
  ``update_or_create_from_instance`` is one page at a time): same content JSON and schema
  version as localize's own.
* modelsearch's ``PostgresIndex._refresh_title_norms``: held back while a run adds its
  batches of search entries, run once at the end (``search_entries``).

What Wagtail's own publish gives a page and the sync's row writes leave out, each needed for an
editor's job:

* **a live revision matching the row.** Without one Wagtail treats the page as never
  published: approving an editorial change with a future go-live date sets ``live=False`` and
  takes the service offline until go-live (``PublishRevisionAction._publish_revision`` keeps
  a page live only when it has a ``live_revision``).
* **a wagtail-localize ``TranslationSource`` for the Latvian page and a ``Translation`` for its
  English page.** Without them the English page has no translation editor and the Latvian
  page no "Sync translated pages" action. A register change to a Latvian page updates its
  source (``last_updated_at``), which is how the English translation shows as out of date
  (``catalogue_pages.translations``).
* **an entry in Wagtail's search index** (``wagtail.search``, database backend): the admin
  search and the explorer search read it.

Publication is a handful of queries per batch of pages, built by hand in ``bulk_sql`` (why,
and what pins them: its docstring). Register fields in a revision never
matter when it is restored (``RegisterFieldsMixin.with_content_json`` takes them from the
row), so a revision is written only for pages the run created or changed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.models import Locale, Page, Revision
from wagtail.search.backends import get_search_backend
from wagtail_localize.models import (
    TranslatableObject,
    Translation,
    TranslationSource,
    get_schema_version,
)

from catalogue_pages.bulk_sql import add_search_entries, insert_rows, supports_search_entry_sql
from catalogue_pages.translations import has_editorial_content

#: Rows per insert/update statement when pages are written.
ROW_BATCH = 500
#: Pages loaded at once for publication (each is serialised whole: memory, not statements).
PUBLICATION_BATCH = 100
#: Target pages read per query by ``write_translations`` (a keyset page: one anti-join
#: query per page, so larger than a publication batch).
TRANSLATION_PAGE = 5000
SOURCE_LANGUAGE = "lv"


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
    return [page.pk for page in bulk_create_page_objects(model, parent, pages, locale)]


def bulk_create_page_objects(
    model: type[Page], parent: Page, pages: list[NewPage], locale: Locale
) -> list[Page]:
    """Create ``pages`` as children of ``parent`` in bulk; returns them as whole specific
    pages, each one instance holding the ``wagtailcore_page`` row and the specific row.

    Why the instances: ``record_publication`` serialises each page a run wrote, and loading
    a batch of new pages back from the database (an instance of ~60 fields each, built a
    second time) was a sixth of a first sync's CPU. It takes these instead (``fresh``).
    """
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
    # Values as the database gives them back (a register date arrives as text): the pages
    # are serialised as they are, and must serialise as a page loaded from its row would.
    python = {
        f.attname: f.to_python
        for f in model._meta.local_concrete_fields
        if not f.is_relation and f.attname in local
    }
    created: list[Page] = []
    for start in range(0, len(pages), ROW_BATCH):
        chunk = pages[start : start + ROW_BATCH]
        objs = []
        for offset, new in enumerate(chunk):
            title = new.fields["title"]
            obj = model(
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
                **{
                    name: python[name](value) if name in python else value
                    for name, value in new.fields.items()
                    if name in local
                },
            )
            if "synced_at" in local:
                obj.synced_at = now
            objs.append(obj)
        for obj, pk in zip(objs, insert_rows(Page, objs), strict=True):
            obj.id = obj.page_ptr_id = pk
        # Django refuses bulk_create on multi-table children; insert the child rows only.
        insert_rows(model, objs, returning=False)
        for obj in objs:
            obj._state.adding, obj._state.db = False, connection.alias
        created.extend(objs)
    Page.objects.filter(pk=parent.pk).update(numchild=models.F("numchild") + len(pages))
    return created


def bulk_update_pages(model: type[Page], changes: list[tuple[int, dict[str, Any]]]) -> list[int]:
    """Write changed register fields (and title/live) of existing pages, in batches."""
    if not changes:
        return []
    base, local = page_columns(model)
    if "synced_at" in local:  # the provenance panel's "synced <time>"
        now = timezone.now()
        changes = [(pk, {**values, "synced_at": now}) for pk, values in changes]
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
        cls._base_manager.bulk_update(objs, wanted, batch_size=ROW_BATCH)
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
    through._default_manager.filter(**{f"{source_field}__in": list(links)}).delete()
    through._default_manager.bulk_create(
        [
            through(**{source_field: src, target_field: dst})
            for src, dsts in links.items()
            for dst in sorted(set(dsts))
        ],
        batch_size=ROW_BATCH,
    )


def record_publication(
    written: dict[type[Page], Sequence[int]],
    *,
    catch_up: bool = True,
    fresh: Mapping[int, Page] | None = None,
) -> None:
    """Revisions, translation sources and search entries for pages a run created or changed.

    ``written`` maps each specific page model to the primary keys the run wrote. With
    ``catch_up``, pages of these models an older sync left without a revision, a source or a
    translation are given theirs too, and the search index's title norms are refreshed: all
    whole-table work, so a run writing in batches does it once (``catch_up=False`` per batch,
    then every model once with no ids). ``fresh`` holds pages of ``written`` just created
    by ``bulk_create_page_objects`` (by pk): used as they are, not loaded again.
    """
    for model, ids in written.items():
        wanted = set(ids)
        if catch_up:
            wanted |= set(
                model._base_manager.filter(latest_revision__isnull=True).values_list(
                    "pk", flat=True
                )
            )
        with search_entries(model, refresh_norms=catch_up) as add_entries:
            for chunk in _batches(sorted(wanted)):
                pages = _pages(model, chunk, fresh or {})
                contents = serialise(pages)
                write_revisions(model, pages, contents)
                write_translation_sources(model, pages, contents)
                add_entries(pages)
                del pages, contents  # freed before the next batch loads (first-sync peak RSS)
        if catch_up:
            write_translation_sources_missing(model)
            write_translations(model)


@contextmanager
def search_entries(
    model: type[Page], *, refresh_norms: bool = True
) -> Iterator[Callable[[list[Page]], None]]:
    """Adds the pages' entries to Wagtail's search index, batch by batch; title norms once.

    Why: the PostgreSQL database backend (modelsearch's ``PostgresIndex``) ends every
    ``add_items`` with ``_refresh_title_norms``: the average title length over the *whole*
    index and an update of the new entries (those still at the default 1.0) — two full scans
    of ``wagtailsearch_indexentry`` per batch of 100 pages. A first sync of 100,000 services
    (~2,000 batches, an index growing to ~230,000 entries, ~0.2–0.4 s a pair) spent most of
    its time there: quadratic in the register. The refresh is held back on this run's own
    index object (a new one per ``get_index_for_model``, nothing shared is patched) and run
    once at the end, which updates every entry still at 1.0 — the same result. Other backends
    (SQLite's, Elasticsearch) have no such method and are called as they are.
    ``refresh_norms=False`` holds the refresh back further, for a run that writes in batches
    and refreshes once after its last one (``record_publication``'s catch-up).
    """
    index = get_search_backend().get_index_for_model(model)
    if supports_search_entry_sql(index):
        # The same statement as add_items, built without Django expressions (bulk_sql).
        yield lambda pages: add_search_entries(index, model, pages)
        if refresh_norms:  # not after an error: the transaction is rolled back
            index._refresh_title_norms()
        return
    refresh = getattr(index, "_refresh_title_norms", None)
    if refresh is not None:
        index._refresh_title_norms = lambda full=False: None
    yield lambda pages: index.add_items(model, pages)
    if refresh is not None and refresh_norms:  # not after an error: rolled back
        refresh()


def _batches(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), PUBLICATION_BATCH):
        yield ids[start : start + PUBLICATION_BATCH]


def _load(model: type[Page], ids: list[int]) -> list[Page]:
    """The specific pages with what their serialisation and search fields read, prefetched.

    Many-to-many targets are fetched as primary keys only: the serialisation keeps nothing
    else of them (``serializable_data`` lists their pks) and no search field reads them. A
    batch of 100 guides links ~600 services; loading them whole (register JSON and all) was
    the largest allocation of the publication step.

    Every child relation (comments, a service's change-note explanations, any added later) is
    prefetched too: ``serializable_data`` reads each one, and one query per page and relation
    was a fifth of a first sync's queries on PostgreSQL (200,000 at 100,000 services).
    """
    if not ids:
        return []
    queryset = model._base_manager.filter(pk__in=ids).select_related("locale")
    return list(queryset.select_related(*_concrete_fks(model)).prefetch_related(*_related(model)))


def _pages(model: type[Page], ids: list[int], fresh: Mapping[int, Page]) -> list[Page]:
    """The pages of ``ids`` in that order: the instances a run just created, their relations
    prefetched as ``_load`` prefetches them, and the others loaded."""
    new = [fresh[pk] for pk in ids if pk in fresh]
    if not new:
        return _load(model, ids)
    prefetch_related_objects(new, *_related(model), *_concrete_fks(model))
    loaded = {page.pk: page for page in _load(model, [pk for pk in ids if pk not in fresh])}
    return [page for pk in ids if (page := fresh.get(pk) or loaded.get(pk)) is not None]


def _related(model: type[Page]) -> list[Prefetch | str]:
    """What ``serializable_data`` reads beyond the row: many-to-many targets as primary keys
    only (see ``_load``) and every child relation."""
    m2m: list[Prefetch | str] = [
        Prefetch(f.name, queryset=f.related_model._default_manager.only("pk"))
        for f in model._meta.get_fields()
        if f.many_to_many and not f.auto_created and f.concrete
    ]
    return [*m2m, *(relation.name for relation in get_all_child_relations(model))]


def _concrete_fks(model: type[Page]) -> list[str]:
    return [
        f.name for f in model._meta.local_concrete_fields if f.is_relation and f.name != "page_ptr"
    ]


def serialise(pages: list[Page]) -> dict[int, str]:
    """Page pk → its content JSON, serialised once: the same text is the revision's content
    and the translation source's ``content_json`` (Wagtail's ``Revision.content`` and
    wagtail-localize both encode ``serializable_data()`` with ``DjangoJSONEncoder``)."""
    return {page.pk: json.dumps(page.serializable_data(), cls=DjangoJSONEncoder) for page in pages}


def write_revisions(model: type[Page], pages: list[Page], contents: dict[int, str]) -> None:
    """One revision per page, made its live revision (and its latest, unless an editor's draft
    is pending: a draft or a scheduled change stays the latest revision and publishes later).

    Under a pending draft the register's revision is dated just before that draft, never
    "now": Wagtail's concurrent-editing check takes any revision created after the one an
    editor opened for someone else's newer save. Dated now, it told every later edit of the
    draft that a nameless user had saved a newer version, held autosave back and asked the
    editor to reload (and retype). Its editorial content is the live page's, which the draft
    was written over, so "just before the draft" is also where it belongs in the history."""
    if not pages:
        return
    now = timezone.now()
    dates = _pending_draft_dates(pages)
    content_type = ContentType.objects.get_for_model(model)
    base_type = ContentType.objects.get_for_model(Page)
    revisions = [
        Revision(
            content_type=content_type,
            base_content_type=base_type,
            object_id=str(page.pk),
            created_at=dates.get(page.pk, now),
            object_str=str(page),
        )
        for page in pages
    ]
    texts = [contents[page.pk] for page in pages]
    revision_pks = insert_rows(Revision, revisions, raw={"content": texts})
    rows = []
    for page, revision_pk in zip(pages, revision_pks, strict=True):
        pending_draft = page.has_unpublished_changes and page.latest_revision_id
        rows.append(
            (
                revision_pk if page.live else page.live_revision_id,
                page.latest_revision_id if pending_draft else revision_pk,
                page.latest_revision_created_at if pending_draft else now,
                page.pk,
            )
        )
    update_rows(Page, ["live_revision", "latest_revision", "latest_revision_created_at"], rows)


def _pending_draft_dates(pages: list[Page]) -> dict[int, Any]:
    """Page pk → a moment just before its pending draft (or scheduled change) was saved."""
    latest = {
        page.latest_revision_id: page.pk
        for page in pages
        if page.has_unpublished_changes and page.latest_revision_id
    }
    if not latest:
        return {}
    saved = Revision.objects.filter(pk__in=list(latest)).values_list("pk", "created_at")
    return {latest[pk]: created - timedelta(microseconds=1) for pk, created in saved}


def update_rows(model: type[models.Model], names: list[str], rows: list[tuple]) -> None:
    """``UPDATE … SET names = values WHERE pk = last value``, one prepared statement run for
    every row. Django's ``bulk_update`` builds a CASE expression per row and field, which
    costs milliseconds per row: more than everything else here together."""
    if not rows:
        return
    # Only concrete columns are named here (the revision pointers, the source's text).
    fields = [cast(models.Field, model._meta.get_field(name)) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    assert model._meta.pk is not None
    # Names come from model metadata, quoted; values are parameters.
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {assignments} "  # noqa: S608
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    prepared = [
        (
            *(f.get_db_prep_save(v, connection) for f, v in zip(fields, row[:-1], strict=True)),
            row[-1],
        )
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def _source_locale() -> Locale | None:
    return Locale.objects.filter(language_code=SOURCE_LANGUAGE).first()


def write_translation_sources(
    model: type[Page], pages: list[Page], contents: dict[int, str]
) -> None:
    """Create or refresh the TranslationSource of each Latvian page, as wagtail-localize's own
    ``update_or_create_from_instance`` would (same content JSON, same schema version)."""
    locale = _source_locale()
    sources_pages = [p for p in pages if locale and p.locale_id == locale.pk]
    if not sources_pages:
        return
    now = timezone.now()
    page_type = ContentType.objects.get_for_model(Page)
    specific_type = ContentType.objects.get_for_model(model)
    schema = get_schema_version(model._meta.app_label)
    TranslatableObject.objects.bulk_create(
        [
            TranslatableObject(translation_key=p.translation_key, content_type=page_type)
            for p in sources_pages
        ],
        ignore_conflicts=True,
        batch_size=PUBLICATION_BATCH,
    )
    existing = {
        s.object_id: s
        for s in TranslationSource.objects.filter(
            locale=locale, object_id__in=[p.translation_key for p in sources_pages]
        )
    }
    new, changed = [], []
    for page in sources_pages:
        content_json = contents[page.pk]
        source = existing.get(page.translation_key)
        if source is None:
            new.append(
                TranslationSource(
                    object_id=page.translation_key,
                    specific_content_type=specific_type,
                    locale=locale,
                    object_repr=str(page)[:200],
                    content_json=content_json,
                    schema_version=schema,
                    last_updated_at=now,
                )
            )
        else:
            source.content_json, source.object_repr = content_json, str(page)[:200]
            source.schema_version, source.last_updated_at = schema, now
            changed.append(source)
    for source, pk in zip(new, insert_rows(TranslationSource, new), strict=True):
        source.pk, source._state.adding, source._state.db = pk, False, connection.alias
    created = new
    update_rows(
        TranslationSource,
        ["content_json", "object_repr", "schema_version", "last_updated_at"],
        [
            (s.content_json, s.object_repr, s.schema_version, s.last_updated_at, s.pk)
            for s in changed
        ],
    )
    # Segments are what localize's editor translates. A page the sync created has no
    # editorial text, hence no segments: only pages with editorial text are extracted.
    by_key = {p.translation_key: p for p in sources_pages}
    for source in [*created, *changed]:
        if has_editorial_content(by_key[source.object_id]):
            source.refresh_segments()


def write_translation_sources_missing(model: type[Page]) -> None:
    """Latvian pages without a source yet (written before this existed): give them one."""
    locale = _source_locale()
    if locale is None:
        return
    missing = list(
        model._base_manager.filter(locale=locale)
        .exclude(
            translation_key__in=TranslationSource.objects.filter(locale=locale).values("object_id")
        )
        .values_list("pk", flat=True)
    )
    for chunk in _batches(missing):
        pages = _load(model, chunk)
        write_translation_sources(model, pages, serialise(pages))


def write_translations(model: type[Page]) -> None:
    """A Translation (source → target locale) for every page of ``model`` that translates a
    Latvian page with a source: the target's edit view becomes localize's editor."""
    locale = _source_locale()
    if locale is None:
        return
    targets = (
        model._base_manager.exclude(locale=locale)
        .filter(
            translation_key__in=TranslationSource.objects.filter(locale=locale).values("object_id")
        )
        .exclude(
            translation_key__in=Translation.objects.filter(source__locale=locale).values(
                "source__object_id"
            )
        )
        .order_by("pk")
    )
    # A page of targets at a time, by primary key (keyset): after a first sync every
    # English page is one, and the list of them all (~0.2 kB a page) was held at the run's
    # end, where its peak is.
    last = 0
    while True:
        rows = list(
            targets.filter(pk__gt=last).values_list("pk", "translation_key", "locale_id")[
                :TRANSLATION_PAGE
            ]
        )
        if not rows:
            return
        last = rows[-1][0]
        for start in range(0, len(rows), PUBLICATION_BATCH):
            chunk = [(key, target) for _pk, key, target in rows[start : start + PUBLICATION_BATCH]]
            sources = dict(
                TranslationSource.objects.filter(
                    locale=locale, object_id__in={key for key, _ in chunk}
                ).values_list("object_id", "pk")
            )
            Translation.objects.bulk_create(
                [
                    Translation(source_id=sources[key], target_locale_id=target)
                    for key, target in chunk
                    if key in sources
                ],
                ignore_conflicts=True,
            )
