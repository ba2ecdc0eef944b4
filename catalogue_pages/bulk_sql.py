"""The statements of ``catalogue_pages.bulk`` built by hand: rows inserted as one multi-row
``INSERT … VALUES``, and Wagtail search entries written without Django expressions.

Why, from the profile of a first sync of 2,000 services on PostgreSQL (docs/benchmarks.md,
"The publication step on PostgreSQL"): the publication step was about half the sync, and
most of it was not the database.

* **Search entries.** modelsearch's ``PostgresIndex.add_items`` builds a Django expression
  tree per entry (a ``SearchVector`` of a ``Value`` per text, each with a new ``TextField``)
  and compiles it: ~85 % of its time, 44 s of a 2,000-service first sync. The SQL it compiles
  to is fixed by the texts; ``search_entry_sql`` writes that SQL directly, same fragments, same
  nesting (modelsearch's ``balanced_reduce``), same parameters, so PostgreSQL computes the same
  vectors. The texts still come from modelsearch's own ``ObjectIndexer``.
* **Rows with JSON.** Django 5.2's ``bulk_create`` on PostgreSQL sends every column as one
  array (``INSERT … SELECT * FROM UNNEST(…)``); with Django's client-side binding psycopg
  quotes each array element in Python, a regular-expression substitution per quote character
  of every revision's JSON: ~13 s of the same sync. ``insert_rows`` sends a multi-row
  ``VALUES`` of plain parameters (quoted by libpq, in C) and takes JSON as text already
  serialised, so a page's content is serialised once for its revision and its source.

What is written is pinned against Wagtail's, modelsearch's and wagtail-localize's own writers
by ``tests/catalogue_pages/test_bulk_sql.py``: an upgrade that changes one fails there.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.utils.functional import cached_property
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    ObjectIndexer,
    PostgresIndex,
)
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.utils import balanced_reduce, get_content_type_pk


def insert_rows(
    model: type[models.Model],
    objs: Sequence[models.Model],
    *,
    raw: Mapping[str, Sequence[Any]] | None = None,
    returning: bool = True,
) -> list[Any]:
    """Insert ``objs`` (their local concrete columns); returns the new primary keys of an
    auto primary key in the order of ``objs`` (nothing when ``returning`` is false).

    ``raw`` gives, per attname, values already prepared for the database (a JSON column's
    text, serialised once by the caller) in the order of ``objs``. Every other value goes
    through its field's ``pre_save`` (``auto_now_add``) and ``get_db_prep_save``, as Django's
    own insert. No signals, like ``bulk_create``.

    PostgreSQL: the keys are drawn from the table's sequence first, then one single-row
    statement is run for every row (``executemany``, pipelined by psycopg: one round trip).
    Why not one ``INSERT … VALUES (…), (…)``: psycopg parses a statement for its ``%s`` in
    Python, and caches the parse only for statements of ≤ 50 parameters, so a 100-row insert
    of 30 columns cost a regular-expression step per placeholder (~500,000 in a 2,000-service
    first sync); the single-row statement is parsed once. SQLite binds natively: one
    multi-row ``INSERT … RETURNING`` per batch."""
    if not objs:
        return []
    raw = raw or {}
    meta = model._meta
    pk = meta.pk
    assert pk is not None
    auto_pk = isinstance(pk, models.AutoField | models.BigAutoField | models.SmallAutoField)
    fields = [f for f in meta.local_concrete_fields if not (auto_pk and f is pk)]
    rows: list[list[Any]] = []
    for index, obj in enumerate(objs):
        row = []
        for field in fields:
            if field.attname in raw:
                row.append(raw[field.attname][index])
            else:
                row.append(field.get_db_prep_save(field.pre_save(obj, True), connection))
        rows.append(row)
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    if connection.vendor == "postgresql":
        pks: list[Any] = []
        if auto_pk:
            pks = _next_ids(meta.db_table, pk.column, len(rows))
            fields = [pk, *fields]
            rows = [[key, *row] for key, row in zip(pks, rows, strict=True)]
        columns = ", ".join(quote(f.column) for f in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        with connection.cursor() as cursor:
            # Names from model metadata, quoted; every value is a parameter.
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",  # noqa: S608
                rows,
            )
        return pks if returning else []
    columns = ", ".join(quote(f.column) for f in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    tail = f" RETURNING {quote(pk.column)}" if returning else ""
    size = max(1, connection.ops.bulk_batch_size(fields, list(objs)))
    pks = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            sql = f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608
            cursor.execute(
                sql + ", ".join([row_sql] * len(chunk)) + tail,
                [value for row in chunk for value in row],
            )
            if returning:
                pks.extend(row[0] for row in cursor.fetchall())
    return pks


def _next_ids(table: str, column: str, count: int) -> list[int]:
    """``count`` new values of the sequence behind ``table.column`` (an identity or serial
    column), ascending: the keys of rows about to be inserted, in their order."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [connection.ops.quote_name(table), column, count],
        )
        return sorted(row[0] for row in cursor.fetchall())


class _Vector:
    """A tsvector expression as SQL text and its parameters (what modelsearch's
    ``SearchVector`` tree compiles to)."""

    __slots__ = ("params", "sql")

    def __init__(self, sql: str, params: list[Any]) -> None:
        self.sql, self.params = sql, params

    def __add__(self, other: _Vector) -> _Vector:
        # Django's CombinedExpression for ``||``: "(lhs || rhs)".
        return _Vector(f"({self.sql} || {other.sql})", self.params + other.params)


#: modelsearch's ``EMPTY_VECTOR``: ``SearchVector(Value(""))``, no config, no weight.
_EMPTY = _Vector("to_tsvector(COALESCE(%s, %s))", ["", ""])


class _SqlIndexer(ObjectIndexer):
    """modelsearch's indexer with ``as_vector`` returning the SQL its expression compiles to:
    ``setweight(to_tsvector([%s::regconfig, ]COALESCE(%s, %s)), %s)`` per text (config,
    text, '', weight), joined by ``||`` in ``balanced_reduce``'s order.

    The object's search fields are read once (``prepared``), not once per property: each of
    modelsearch's five (title, autocomplete, body and their plain texts) walks them all, and
    ``SearchField.get_value`` asks Django's app registry whether taggit is installed on
    every call. The five filters are modelsearch's own."""

    @cached_property
    def prepared(self) -> list[tuple[Any, str, str]]:
        return [
            item for field in self.search_fields for item in self.prepare_field(self.obj, field)
        ]

    def _texts(self, title: bool) -> list[tuple[str, str]]:
        return [
            (value, weight)
            for field, weight, value in self.prepared
            if isinstance(field, SearchField) and (field.field_name == "title") is title
        ]

    @cached_property
    def title(self) -> _Vector:  # type: ignore[override]  # modelsearch: plain attributes; computed once here
        return self.as_vector(self._texts(title=True))

    @cached_property
    def body(self) -> _Vector:  # type: ignore[override]  # modelsearch: plain attributes; computed once here
        return self.as_vector(self._texts(title=False))

    @cached_property
    def autocomplete(self) -> _Vector:  # type: ignore[override]  # modelsearch: plain attributes; computed once here
        texts = [
            (value, weight)
            for field, weight, value in self.prepared
            if isinstance(field, AutocompleteField)
        ]
        return self.as_vector(texts, for_autocomplete=True)

    @cached_property
    def title_text(self) -> str:  # type: ignore[override]  # modelsearch: plain attributes; computed once here
        return " ".join(t for t in (v.strip() for v, _ in self._texts(title=True)) if t)

    @cached_property
    def body_text(self) -> str:  # type: ignore[override]  # modelsearch: plain attributes; computed once here
        return " ".join(t for t in (v.strip() for v, _ in self._texts(title=False)) if t)

    def as_vector(self, texts: Iterable[tuple[str, str]], for_autocomplete: bool = False) -> Any:
        stripped = [(text.strip(), weight) for text, weight in texts]
        kept = [(text, weight) for text, weight in stripped if text]
        if not kept:
            return _EMPTY
        config = self.autocomplete_config if for_autocomplete else self.config
        if config is None:
            parts = [
                _Vector("setweight(to_tsvector(COALESCE(%s, %s)), %s)", [text, "", weight])
                for text, weight in kept
            ]
        else:
            parts = [
                _Vector(
                    "setweight(to_tsvector(%s::regconfig, COALESCE(%s, %s)), %s)",
                    [config, text, "", weight],
                )
                for text, weight in kept
            ]
        return balanced_reduce(operator.add, parts)


def supports_search_entry_sql(index: object) -> bool:
    """Whether ``add_search_entries`` can stand in for ``index.add_items``: modelsearch's
    PostgreSQL index with text (or no) search configurations, the only shape it builds."""
    if not isinstance(index, PostgresIndex):
        return False
    backend = index.backend
    configs = (getattr(backend, "config", None), getattr(backend, "autocomplete_config", None))
    return all(c is None or isinstance(c, str) for c in configs)


def add_search_entries(index: PostgresIndex, model: type[models.Model], objs: list[Any]) -> None:
    """What ``PostgresIndex.add_items(model, objs)`` writes, without its title-norm refresh
    (``bulk.search_entries`` runs that once per run): modelsearch's ``INSERT … ON CONFLICT``
    with the same columns and values, one row a statement, run with ``executemany`` per shape
    of the row's SQL (how many texts each vector joins: a handful per model), so that psycopg
    parses each shape once (see ``insert_rows``)."""
    # mypy: get_search_fields comes from modelsearch's Indexed mixin, unknown to type[Model]
    if not model.get_search_fields() or not objs:  # type: ignore[attr-defined]
        return
    content_type_pk = get_content_type_pk(model)
    table = connection.ops.quote_name(IndexEntry._meta.db_table)
    shapes: dict[str, list[list[Any]]] = {}
    for obj in objs:
        indexer = _SqlIndexer(obj, index.backend)
        title, autocomplete, body = indexer.title, indexer.autocomplete, indexer.body
        # The statement of modelsearch's add_items; every value a parameter.
        sql = (
            f"INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body, "  # noqa: S608
            f"title_norm, title_text, body_text) VALUES (%s, %s, {title.sql}, "
            f"{autocomplete.sql}, {body.sql}, 1.0, %s, %s) "
            "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, "
            "title_norm = 1.0, autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, "
            "title_text = EXCLUDED.title_text, body_text = EXCLUDED.body_text"
        )
        shapes.setdefault(sql, []).append(
            [
                content_type_pk,
                indexer.id,
                *title.params,
                *autocomplete.params,
                *body.params,
                indexer.title_text,
                indexer.body_text,
            ]
        )
    with index.write_connection.cursor() as cursor:
        for sql, rows in shapes.items():
            cursor.executemany(sql, rows)
