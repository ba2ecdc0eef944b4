"""Which public addresses a change makes stale in the shared HTTP cache, and purging them.

Why here: the shared cache (Varnish, ``deploy/varnish/``) keeps anonymous pages for
``SHARED_CACHE_SECONDS`` (an hour when a purge is configured), so a publish, a sync change or a
withdrawal must drop every address that shows the changed page:

* the page itself in every language (its translations, whatever their slugs);
* for a service, the catalogues of its audiences and the guides (life situations) listing it;
  after a sync run every catalogue, since a run may have moved a service between audiences
  and the audiences it had before are no longer known;
* the sitemap and the open-data endpoints (the change feed, the dumps, the DCAT record).

A purged path covers every query string of it (``?page=2``, a catalogue's filters): the VCL
bans by path. Addresses are built on ``PORTAL_BASE_URL``; the VCL ignores the host, so one
purge serves every name the site answers to. Past ``EVERYTHING_ABOVE`` paths the batch is one
``PURGE /*`` (the VCL bans everything): cheaper for Varnish than thousands of bans.

The purge runs once the transaction has committed: purged before, the cache could fetch the
old page again in between. Without ``FRONTEND_CACHE_PURGE_URLS`` nothing is computed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from wagtail.models import Page

from catalogue_pages.audiences import AUDIENCE_FIELDS
from catalogue_pages.models import CatalogueIndexPage, LifeSituationPage, ServicePage
from requestkit import frontend_purge, public_urls

logger = logging.getLogger(__name__)

#: Page ids per query: SQLite's variable limit, and a sync run may change thousands.
CHUNK = 500
#: More stale paths than this (a first sync, a mass change): one ``PURGE /*``, which the VCL
#: turns into a single ban of everything, instead of thousands of requests and bans.
EVERYTHING_ABOVE = 1000
EVERYTHING = "/*"
#: Addresses that change with any public page.
ALWAYS = (
    "sitemap",
    "open_data:changes",
    "open_data:dump_jsonld",
    "open_data:dump_ttl",
    "open_data:catalog",
)


def _page_path(page: Page) -> str | None:
    parts = page.get_url_parts()
    return None if parts is None else parts[2]


def _chunks(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def affected_paths(page_ids: Iterable[int], *, every_catalogue: bool = False) -> set[str]:
    """The paths (``/lv/…``, ``/sitemap.xml``) a change of these pages makes stale."""
    ids = sorted(set(page_ids))
    paths = {reverse(name) for name in ALWAYS}
    family: list[Page] = []
    for chunk in _chunks(ids):
        keys = Page.objects.filter(pk__in=chunk).values("translation_key")
        family += Page.objects.filter(translation_key__in=keys).only("url_path", "path", "depth")
    paths |= {path for page in family if (path := _page_path(page))}
    family_ids = [page.pk for page in family]
    audiences: set[str] = set()
    guides: list[Page] = []
    for chunk in _chunks(family_ids):
        services = ServicePage.objects.filter(pk__in=chunk)
        for audience, field in AUDIENCE_FIELDS.items():
            if audience not in audiences and services.filter(**{field: True}).exists():
                audiences.add(audience)
        guides += (
            LifeSituationPage.objects.filter(services__in=chunk)
            .distinct()
            .only("url_path", "path", "depth")
        )
    paths |= {path for page in guides if (path := _page_path(page))}
    catalogues = CatalogueIndexPage.objects.only("url_path", "path", "depth")
    if not every_catalogue:
        catalogues = catalogues.filter(audience__in=audiences)
    paths |= {path for page in catalogues if (path := _page_path(page))}
    return paths


def _purge(page_ids: list[int], every_catalogue: bool) -> None:
    try:
        paths = affected_paths(page_ids, every_catalogue=every_catalogue)
        if len(paths) > EVERYTHING_ABOVE:
            paths = {EVERYTHING}
        outcome = frontend_purge.purge(public_urls.absolute(path) for path in paths)
    except Exception:  # noqa: BLE001 — a purge never fails the publish or the sync run
        frontend_purge.PURGES.labels("failed").inc()
        logger.warning("Shared cache purge failed for pages %s", page_ids[:20], exc_info=True)
        return
    logger.info("Shared cache purge for %d pages: %s", len(page_ids), outcome)


def purge_after_commit(page_ids: Iterable[int], *, every_catalogue: bool = False) -> None:
    """Purge what these pages' change makes stale, once the transaction has committed.

    Never raises: the cache being down costs freshness (``SHARED_CACHE_SECONDS``), not the
    publish or the sync run."""
    if not settings.WAGTAILFRONTENDCACHE:
        return
    ids = list(page_ids)
    if ids:
        transaction.on_commit(lambda: _purge(ids, every_catalogue), robust=True)
