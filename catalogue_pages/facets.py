"""Catalogue facets: counted on write, stored, cached, and which catalogues a write affects.

Why: counting the facets (topics, institutions, life situations, initials) and the catalogue
order over 10,000 services costs ~50 ms, and done on read every first request after a publish
or a sync paid it (over the 80 ms target of an uncached catalogue page). The counts change only
when content is written, so the receivers in ``signal_handlers`` call ``refresh_later`` and a
catalogue page reads one ``CatalogueFacets`` row when its cache is cold.

Inside a transaction the affected rows are deleted at once (a read in that transaction then
counts its own writes) and recomputed once on commit, however many pages the transaction wrote
(deleting a folder of a thousand services refreshes each catalogue once). Outside a transaction,
as after a Wagtail publish or a sync run, ``on_commit`` runs the refresh right away.

The listing order is stored in chunks of ``ORDER_CHUNK`` primary keys (``CatalogueOrderChunk``),
not in the facets row: a cold catalogue page then reads its facets and the one chunk holding its
twenty rows, and its cost does not grow with the catalogue (issue 23: at 100,000 services the
whole order, parsed per request, made the uncached page 206 ms at p95).

The life-situations facet is bounded (``SITUATIONS_SHOWN``): a catalogue of 100,000 services
has ~11,000 guides, and listing them all as options and links made the facet 220 kB of a 242 kB
page at 10,000 services (~2 MB at 100,000), on every catalogue page, on phones too. The stored
facets keep the situations with the most services (shown in Latvian title order), how many
there are, and the guides index the page links to for the rest (docs/architecture.md).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from wagtail.models import Locale

from catalogue_pages import cache as cache_keys
from catalogue_pages import html_options
from catalogue_pages.audiences import AUDIENCE_FIELDS, AUDIENCES
from catalogue_pages.latvian import by_title, initial, sort_key
from catalogue_pages.models import (
    CatalogueFacets,
    CatalogueOrderChunk,
    InstitutionPage,
    LifeSituationIndexPage,
    LifeSituationPage,
    ServicePage,
)
from catalogue_pages.models.routing import few

Catalogue = tuple[str, str]  # (audience, language)

#: Primary keys per stored order chunk: a multiple of the catalogue's 20 rows a page, so a page
#: reads one chunk; small enough that parsing one costs well under a millisecond.
ORDER_CHUNK = 1000

#: How many life situations a catalogue page offers in its filter and browse list: those with
#: the most services in that catalogue. The rest are one link away, in the guides index.
SITUATIONS_SHOWN = 20

#: The shape of the stored ``facets``; a stored or cached value of another shape (written by
#: an older release) is recomputed on read, once.
FACETS_FORMAT = 2

_pending = threading.local()


def all_catalogues() -> set[Catalogue]:
    return {(audience, code) for audience in AUDIENCES for code, _name in settings.LANGUAGES}


def catalogue_facets(audience: str, language: str) -> dict[str, object]:
    """Topics, situations, institutions and initials with counts: cache, else the stored row.

    Counting them over the whole catalogue costs ~50 ms at 10,000 services, so they are computed
    when content is written (``catalogue_pages.facets``) and stored in ``CatalogueFacets``; a
    cold cache costs one row. Only a database that never stored them computes them here.
    """
    cache_key = cache_keys.facets(audience, language)
    facets = cache.get(cache_key)
    if facets is None:
        facets = _stored_part(audience, language, "facets")
        if facets.get("format") != FACETS_FORMAT:
            facets = store(audience, language)["facets"]
        cache.set(cache_key, facets, cache_keys.TIMEOUT)
    return facets  # type: ignore[no-any-return]  # the cache and the JSON row are untyped


def _stored_part(audience: str, language: str, part: str) -> Any:
    """One part of the stored row (``facets`` or ``situations``), the other left unread.

    Why apart: the situations facet as data is as long as the catalogue's guides (a thousand
    at 10,000 services), and the page shows its pre-rendered HTML, not the list."""
    value = (
        CatalogueFacets.objects.filter(audience=audience, language=language)
        .values_list("data__facets" if part == "facets" else "situations", flat=True)
        .first()
    )
    if value is None:
        value = stored_facets(audience, language)[part]
    return value


def remember_facets(audience: str, language: str, data: dict[str, object]) -> None:
    """Cache the facets and the situations of a stored row under the current generation."""
    cache.set_many(
        {
            cache_keys.facets(audience, language): data["facets"],
            cache_keys.catalogue_situations(audience, language): data["situations"],
        },
        cache_keys.TIMEOUT,
    )


def compute_facets(audience: str, language: str) -> dict[str, object]:
    """Count the facets of one catalogue from scratch (JSON-ready: stored as it is).

    Returns ``facets`` (what the page shows), ``order`` (primary keys of the unfiltered
    catalogue in listing order, stored apart in chunks) and ``situations`` (the situation facet
    as data).
    """
    # Grouped counts need no ordering: an ORDER BY column would join the GROUP BY.
    base = ServicePage.objects.in_catalogue(audience, language).order_by()
    topics = [
        {"slug": slug, "name_lv": name_lv, "name_en": name_en, "count": n}
        for slug, name_lv, name_en, n in base.filter(topics__isnull=False)
        .values_list("topics", "topics__slug", "topics__name_lv", "topics__name_en")
        .annotate(n=Count("pk"))
        .order_by("topics__name_lv")
        .values_list("topics__slug", "topics__name_lv", "topics__name_en", "n")
    ]
    audience_filter = {f"services__{AUDIENCE_FIELDS[audience]}": True, "services__live": True}
    # Plain values, not page instances: a catalogue may have a thousand situations.
    situations = [
        {
            "slug": s["slug"],
            "title": s["title"],
            "kind": s["kind"],
            "count": s["n"],
            "url_path": s["url_path"],
        }
        for s in LifeSituationPage.objects.live()
        .filter(locale__language_code=language)
        .order_by("path")
        .values("pk", "slug", "title", "kind", "url_path")
        .annotate(n=Count("services", filter=Q(**audience_filter)))
        .filter(n__gt=0)
    ]
    situations.sort(key=lambda item: sort_key(item["title"]))
    # The most services first; among equals, title order (a stable sort keeps it).
    shown = sorted(situations, key=lambda item: -item["count"])[:SITUATIONS_SHOWN]
    shown.sort(key=lambda item: sort_key(item["title"]))
    # One pass over (pk, title) in catalogue order gives the A–Z counts, the total and the
    # order of the unfiltered pages (cached: a page then fetches only its 20 rows by pk).
    # The same pass counts services per competent authority.
    letters: dict[str, int] = {}
    order: list[int] = []
    per_authority: dict[int, int] = {}
    initials: dict[str, str] = {}
    rows = by_title(
        base.order_by("pk").values_list("pk", "title", "competent_authority_id"),
        lambda row: row[1],
    )
    for pk, title, authority in rows:
        order.append(pk)
        first = title[:1]
        letter = initials.get(first)
        if letter is None:
            letter = initials[first] = initial(first)
        if letter:
            letters[letter] = letters.get(letter, 0) + 1
        if authority is not None:
            per_authority[authority] = per_authority.get(authority, 0) + 1
    by_institution: dict[tuple[str, str], int] = {}
    for row in (
        InstitutionPage.objects.live()
        .filter(pk__in=list(per_authority))
        .values_list("pk", "slug", "title")
    ):
        key = (row[1], row[2])
        by_institution[key] = by_institution.get(key, 0) + per_authority[row[0]]
    institutions = [
        {"slug": slug, "title": title, "count": n}
        for (slug, title), n in sorted(by_institution.items())
    ]
    institutions.sort(key=lambda item: sort_key(item["title"]))
    facets = {
        "topics": topics,
        "institutions": institutions,
        "format": FACETS_FORMAT,
        # Only the situations the page shows (the whole list, as long as the catalogue's
        # guides, is kept apart in ``CatalogueFacets.situations`` and not read by a page).
        "situations": [
            {"slug": item["slug"], "title": item["title"], "count": item["count"]} for item in shown
        ],
        "situation_total": len(situations),
        "situations_index": _guides_index(language),
        "letters": [
            [letter, n] for letter, n in sorted(letters.items(), key=lambda item: sort_key(item[0]))
        ],
        "total": sum(letters.values()),
        # Pre-rendered: a catalogue may list a hundred institutions.
        "institution_options": html_options.options(
            (item["slug"], f"{item['title']} ({item['count']})") for item in institutions
        ),
    }
    return {"facets": facets, "order": order, "situations": situations}


def _guides_index(language: str) -> dict[str, object] | None:
    """The guides index of a language as ``pk`` and ``url_path``: the page links to it for the
    situations it does not list, and builds its URL from these without a query. (The folder is
    the site tree's, its slug fixed, ``site_tree.INDEX_SLUGS``: a renamed folder would show its
    old URL until the next write refreshes the catalogue, so it is not watched.)"""
    row = (
        few(LifeSituationIndexPage)
        .filter(locale__language_code=language, live=True)
        .values("pk", "url_path")
        .first()
    )
    return dict(row) if row else None


def catalogue_situations(audience: str, language: str) -> list[dict[str, object]]:
    """The situations facet as data (the page itself shows the pre-rendered HTML)."""
    cache_key = cache_keys.catalogue_situations(audience, language)
    situations = cache.get(cache_key)
    if situations is None:
        situations = _stored_part(audience, language, "situations")
        cache.set(cache_key, situations, cache_keys.TIMEOUT)
    return situations  # type: ignore[no-any-return]  # the cache and the JSON row are untyped


def catalogue_order(audience: str, language: str) -> list[int]:
    """Primary keys of the whole unfiltered catalogue in listing order (title, pk).

    Reads every chunk: for a check or an export, not for a page (``catalogue_order_slice``)."""
    catalogue_facets(audience, language)  # stores the catalogue if it never was
    order: list[int] = []
    for pks in (
        CatalogueOrderChunk.objects.filter(audience=audience, language=language)
        .order_by("number")
        .values_list("pks", flat=True)
    ):
        order.extend(pks)
    return order


def catalogue_order_slice(audience: str, language: str, start: int, stop: int) -> list[int]:
    """The primary keys at positions ``start`` up to ``stop`` of the catalogue's order.

    One chunk (cached per generation, else one row by its unique index) for a catalogue page:
    the cost is the same on page 1 and on page 3,006 of a 60,000-service catalogue."""
    if stop <= start:
        return []
    first, last = start // ORDER_CHUNK, (stop - 1) // ORDER_CHUNK
    numbers = range(first, last + 1)
    keys = {number: cache_keys.order_chunk(audience, language, number) for number in numbers}
    found = cache.get_many(list(keys.values()))
    chunks = {number: found[key] for number, key in keys.items() if key in found}
    missing = [number for number in numbers if number not in chunks]
    if missing:
        chunks.update(_stored_chunks(audience, language, missing))
        cache.set_many(
            {keys[number]: chunks[number] for number in missing if number in chunks},
            cache_keys.TIMEOUT,
        )
    order: list[int] = []
    for number in numbers:
        order.extend(chunks.get(number, ()))
    offset = first * ORDER_CHUNK
    return order[start - offset : stop - offset]


def _stored_chunks(audience: str, language: str, numbers: list[int]) -> dict[int, list[int]]:
    """The stored chunks; a catalogue never stored (a fresh database) is counted and stored."""
    query = CatalogueOrderChunk.objects.filter(
        audience=audience, language=language, number__in=numbers
    ).values_list("number", "pks")
    chunks = dict(query)
    if (
        not chunks
        and not CatalogueFacets.objects.filter(audience=audience, language=language).exists()
    ):
        stored_facets(audience, language)
        chunks = dict(query.all())
    return chunks


def _chunks(audience: str, language: str, order: list[int]) -> list[CatalogueOrderChunk]:
    return [
        CatalogueOrderChunk(
            audience=audience,
            language=language,
            number=index // ORDER_CHUNK,
            pks=order[index : index + ORDER_CHUNK],
        )
        for index in range(0, len(order), ORDER_CHUNK)
    ]


def stored_facets(audience: str, language: str) -> dict[str, object]:
    """The stored row's facets and situations; on a database that has none yet, computed and
    stored now (with the catalogue's order)."""
    row = (
        CatalogueFacets.objects.filter(audience=audience, language=language)
        .values_list("data__facets", "situations")
        .first()
    )
    if row is not None:
        return {"facets": row[0], "situations": row[1]}
    data = compute_facets(audience, language)
    order = data.pop("order")
    # Plain INSERTs, no savepoint; a concurrent request may have stored the same first.
    CatalogueFacets.objects.bulk_create(
        [_row(audience, language, data, order)], ignore_conflicts=True
    )
    CatalogueOrderChunk.objects.bulk_create(
        _chunks(audience, language, order), ignore_conflicts=True
    )
    return data


def _row(
    audience: str, language: str, data: dict[str, object], order: list[int]
) -> CatalogueFacets:
    return CatalogueFacets(
        audience=audience,
        language=language,
        data={"facets": data["facets"]},
        situations=data["situations"],
        services=len(order),
        computed_at=timezone.now(),
    )


def store(audience: str, language: str) -> dict[str, object]:
    """Count one catalogue's facets, store them with its order and refresh its cache entries."""
    data = compute_facets(audience, language)
    order = data.pop("order")
    with transaction.atomic():
        before = (
            CatalogueFacets.objects.filter(audience=audience, language=language)
            .values_list("services", flat=True)
            .first()
        )
        # update_or_create retries as an update if a concurrent request inserted the row first.
        row = _row(audience, language, data, order)
        CatalogueFacets.objects.update_or_create(
            audience=audience,
            language=language,
            defaults={
                field: getattr(row, field)
                for field in ("data", "situations", "services", "computed_at")
            },
        )
        CatalogueOrderChunk.objects.filter(audience=audience, language=language).delete()
        CatalogueOrderChunk.objects.bulk_create(_chunks(audience, language, order))
    # Overwrites what a request may have cached from the old row since the generation bump.
    remember_facets(audience, language, data)
    cache.delete_many(
        [
            cache_keys.order_chunk(audience, language, number)
            for number in range(max(len(order), before or 0) // ORDER_CHUNK + 1)
        ]
    )
    return data


def catalogue_sizes(language: str) -> dict[str, int]:
    """How many services each catalogue of a language lists (the home page): stored counts.

    Counting them on read joined every live page of the language (~1 s at 100,000 services on
    PostgreSQL); the counts are kept with the facets. Only a database where some catalogue was
    never stored counts them here, in one pass (storing all three would cost a dozen queries).
    """
    sizes = dict(
        CatalogueFacets.objects.filter(language=language).values_list("audience", "services")
    )
    if any(audience not in sizes for audience in AUDIENCES):
        totals = (
            ServicePage.objects.live()
            .filter(locale__language_code=language)
            .aggregate(
                **{
                    f"n_{audience}": Count("pk", filter=Q(**{AUDIENCE_FIELDS[audience]: True}))
                    for audience in AUDIENCES
                }
            )
        )
        sizes = {audience: totals[f"n_{audience}"] for audience in AUDIENCES}
    return {audience: sizes[audience] for audience in AUDIENCES}


def most_used_situations(language: str, limit: int) -> list[str] | None:
    """Slugs of the ``limit`` situations of a language with the most services in any of its
    catalogues, from the stored facets (each catalogue keeps its ``SITUATIONS_SHOWN`` busiest):
    one query of three small JSON values instead of counting every guide's services (~400 ms at
    11,000 guides on PostgreSQL). None where a catalogue was never stored in this format."""
    rows = list(
        CatalogueFacets.objects.filter(language=language).values_list(
            "data__facets__format", "data__facets__situations"
        )
    )
    if len(rows) < len(AUDIENCES) or any(format != FACETS_FORMAT for format, _ in rows):
        return None
    best: dict[str, tuple[int, str]] = {}
    for _format, shown in rows:
        for item in shown or ():
            count = int(item["count"])
            if count > best.get(item["slug"], (0, ""))[0]:
                best[item["slug"]] = (count, item["title"])
    ranked = sorted(best.items(), key=lambda entry: (-entry[1][0], sort_key(entry[1][1])))
    return [slug for slug, _ in ranked[:limit]]


def refresh(catalogues: Iterable[Catalogue] | None = None) -> int:
    """Recompute and store now (all six catalogues by default); returns how many."""
    catalogues = sorted(all_catalogues() if catalogues is None else set(catalogues))
    for audience, language in catalogues:
        store(audience, language)
    return len(catalogues)


def refresh_later(catalogues: Iterable[Catalogue]) -> None:
    """Refresh these catalogues' rows once the current transaction commits (now without one)."""
    catalogues = set(catalogues)
    if not catalogues:
        return
    if transaction.get_connection().in_atomic_block:
        match = Q()
        for audience, language in catalogues:
            match |= Q(audience=audience, language=language)
        CatalogueFacets.objects.filter(match).delete()
        CatalogueOrderChunk.objects.filter(match).delete()
    pending = getattr(_pending, "catalogues", None)
    if pending is None:
        pending = _pending.catalogues = set()
    pending.update(catalogues)
    transaction.on_commit(_refresh_pending)


def _refresh_pending() -> None:
    pending = getattr(_pending, "catalogues", None) or set()
    _pending.catalogues = set()
    refresh(pending)


def affected_by(page: object, *, deleted: bool = False) -> set[Catalogue]:
    """The catalogues whose facets a publish, unpublish or delete of ``page`` may change.

    A service: the catalogues it is in now, plus those whose stored order lists it (its
    audiences may have changed). A guide or an institution: every catalogue of its language
    (their titles and slugs are shown). Other pages: none. For a deleted service, every
    catalogue of its language: cheaper than reading the rows once per page of a deleted folder.
    """
    if not isinstance(page, ServicePage | LifeSituationPage | InstitutionPage):
        return set()
    language = (
        Locale.objects.filter(pk=page.locale_id).values_list("language_code", flat=True).first()
    )
    if language is None:
        return set()
    if deleted or not isinstance(page, ServicePage):
        return {(audience, language) for audience in AUDIENCES}
    audiences = {audience for audience in AUDIENCES if getattr(page, AUDIENCE_FIELDS[audience])}
    others = CatalogueOrderChunk.objects.filter(language=language).exclude(audience__in=audiences)
    if connection.features.supports_json_field_contains:
        audiences.update(others.filter(pks__contains=[page.pk]).values_list("audience", flat=True))
    else:
        audiences.update(
            audience for audience, pks in others.values_list("audience", "pks") if page.pk in pks
        )
    return {(audience, language) for audience in audiences}
