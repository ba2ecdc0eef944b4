"""Catalogue facets computed on write: which catalogues a write affects, and their refresh.

Why: counting the facets (topics, institutions, life situations, initials) and the catalogue
order over 10,000 services costs ~50 ms, and done on read every first request after a publish
or a sync paid it (over the 80 ms target of an uncached catalogue page). The counts change only
when content is written, so the receivers in ``signal_handlers`` call ``refresh_later`` and a
catalogue page reads one ``CatalogueFacets`` row when its cache is cold.

Inside a transaction the affected rows are deleted at once (a read in that transaction then
counts its own writes) and recomputed once on commit, however many pages the transaction wrote
(deleting a folder of a thousand services refreshes each catalogue once). Outside a transaction,
as after a Wagtail publish or a sync run, ``on_commit`` runs the refresh right away.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from catalogue_pages.audiences import AUDIENCE_FIELDS, AUDIENCES
from catalogue_pages.models import (
    CatalogueFacets,
    InstitutionPage,
    LifeSituationPage,
    ServicePage,
)

Catalogue = tuple[str, str]  # (audience, language)

_pending = threading.local()


def all_catalogues() -> set[Catalogue]:
    return {(audience, code) for audience in AUDIENCES for code, _name in settings.LANGUAGES}


def stored_facets(audience: str, language: str) -> dict[str, object]:
    """The stored row's data; on a database that has none yet, computed and stored now."""
    data = (
        CatalogueFacets.objects.filter(audience=audience, language=language)
        .values_list("data", flat=True)
        .first()
    )
    if data is None:
        from catalogue_pages.listing import compute_facets

        data = compute_facets(audience, language)
        # One INSERT, no savepoint; a concurrent request may have stored the same counts first.
        CatalogueFacets.objects.bulk_create(
            [
                CatalogueFacets(
                    audience=audience, language=language, data=data, computed_at=timezone.now()
                )
            ],
            ignore_conflicts=True,
        )
    return data


def store(audience: str, language: str) -> dict[str, object]:
    """Count one catalogue's facets, store them and refresh its cache entries."""
    from catalogue_pages.listing import compute_facets, remember_facets

    data = compute_facets(audience, language)
    # update_or_create retries as an update if a concurrent request inserted the row first.
    CatalogueFacets.objects.update_or_create(
        audience=audience,
        language=language,
        defaults={"data": data, "computed_at": timezone.now()},
    )
    # Overwrites what a request may have cached from the old row since the generation bump.
    remember_facets(audience, language, data)
    return data


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
    from wagtail.models import Locale

    language = (
        Locale.objects.filter(pk=page.locale_id).values_list("language_code", flat=True).first()
    )
    if language is None:
        return set()
    if deleted or not isinstance(page, ServicePage):
        return {(audience, language) for audience in AUDIENCES}
    audiences = {audience for audience in AUDIENCES if getattr(page, AUDIENCE_FIELDS[audience])}
    for audience, data in (
        CatalogueFacets.objects.filter(language=language)
        .exclude(audience__in=audiences)
        .values_list("audience", "data")
    ):
        if page.pk in data["order"]:
            audiences.add(audience)
    return {(audience, language) for audience in audiences}
