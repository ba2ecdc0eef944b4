"""What Wagtail's own publish gives a page, given in bulk to the pages a sync run wrote.

``sync.write`` writes page rows directly (tens of queries per page saved, see its docstring).
Three things Wagtail and wagtail-localize expect of a published page are then missing, and each
breaks an editor's job:

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

Everything here is a handful of queries per batch of 500 pages. Register fields in a revision
never matter when it is restored (``RegisterFieldsMixin.with_content_json`` takes them from
the row), so a revision is written only for pages the run created or changed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models import Prefetch
from django.utils import timezone
from wagtail.models import Locale, Page, Revision
from wagtail.search.backends import get_search_backend
from wagtail_localize.models import (
    TranslatableObject,
    Translation,
    TranslationSource,
    get_schema_version,
)

from catalogue_pages.translations import has_editorial_content

BATCH = 100
SOURCE_LANGUAGE = "lv"


def record(written: dict[type[Page], Sequence[int]]) -> None:
    """Revisions, translation sources and search entries for pages a run created or changed.

    ``written`` maps each specific page model to the primary keys the run wrote. Pages of
    these models that never got a revision (written by an older sync) are included once.
    """
    for model, ids in written.items():
        wanted = set(ids) | set(
            model._base_manager.filter(latest_revision__isnull=True).values_list("pk", flat=True)
        )
        for chunk in _batches(sorted(wanted)):
            pages = _load(model, chunk)
            contents = {page.pk: page.serializable_data() for page in pages}
            write_revisions(model, pages, contents)
            write_translation_sources(model, pages, contents)
            get_search_backend().add_bulk(model, pages)
            del pages, contents  # freed before the next batch loads (first-sync peak RSS)
        write_translation_sources_missing(model)
        write_translations(model)


def _batches(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _load(model: type[Page], ids: list[int]) -> list[Page]:
    """The specific pages with what their serialisation and search fields read, prefetched.

    Many-to-many targets are fetched as primary keys only: the serialisation keeps nothing
    else of them (``serializable_data`` lists their pks) and no search field reads them. A
    batch of 100 guides links ~600 services; loading them whole (register JSON and all) was
    the largest allocation of the publication step.
    """
    queryset = model._base_manager.filter(pk__in=ids).select_related("locale")
    related = [
        Prefetch(f.name, queryset=f.related_model._default_manager.only("pk"))
        for f in model._meta.get_fields()
        if f.many_to_many and not f.auto_created and f.concrete
    ]
    concrete_fks = [
        f.name for f in model._meta.local_concrete_fields if f.is_relation and f.name != "page_ptr"
    ]
    return list(
        queryset.select_related(*concrete_fks).prefetch_related(*related, "wagtail_admin_comments")
    )


def write_revisions(model: type[Page], pages: list[Page], contents: dict[int, Any]) -> None:
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
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=content_type,
                base_content_type=base_type,
                object_id=str(page.pk),
                created_at=dates.get(page.pk, now),
                object_str=str(page),
                content=contents[page.pk],
            )
            for page in pages
        ],
        batch_size=BATCH,
    )
    rows = []
    for page, revision in zip(pages, revisions, strict=True):
        pending_draft = page.has_unpublished_changes and page.latest_revision_id
        rows.append(
            (
                revision.pk if page.live else page.live_revision_id,
                page.latest_revision_id if pending_draft else revision.pk,
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
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
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
    model: type[Page], pages: list[Page], contents: dict[int, Any]
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
        batch_size=BATCH,
    )
    existing = {
        s.object_id: s
        for s in TranslationSource.objects.filter(
            locale=locale, object_id__in=[p.translation_key for p in sources_pages]
        )
    }
    new, changed = [], []
    for page in sources_pages:
        content_json = json.dumps(contents[page.pk], cls=DjangoJSONEncoder)
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
    created = TranslationSource.objects.bulk_create(new, batch_size=BATCH)
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
        write_translation_sources(model, pages, {p.pk: p.serializable_data() for p in pages})


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
        .values_list("translation_key", "locale_id")
    )
    pairs = list(targets)
    for start in range(0, len(pairs), BATCH):
        chunk = pairs[start : start + BATCH]
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
