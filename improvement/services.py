"""Operations the signal handlers, tasks and commands call: refresh, check links, report.

Why one module: handlers stay one line each, and the order that matters lives here — links
are collected before statistics count them; completeness creates the rows statistics fill.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from catalogue_pages.models import ServicePage

from . import linkcheck
from .completeness import refresh_completeness
from .links import collect_links
from .statistics import rebuild_search_demand, refresh_statistics

logger = logging.getLogger(__name__)


def identifiers_of(page_ids: Iterable[int]) -> list[str]:
    ids = sorted({int(pk) for pk in page_ids})
    if not ids:
        return []
    return sorted(
        set(
            ServicePage.objects.filter(pk__in=ids, identifier__gt="").values_list(
                "identifier", flat=True
            )
        )
    )


#: Pages refreshed together after a sync or a publish.
REFRESH_CHUNK = 1000


def refresh_pages(page_ids: Iterable[int]) -> int:
    """After a sync or a publish: links, completeness and statistics of these pages' services.

    A thousand pages at a time. Why: a first sync reports every page it wrote (200,000 at
    100,000 services); refreshed at once, the rows read for the links and the completeness of
    all of them were the sync process's largest allocation (+83 MB at 4,000 services with the
    immediate task backend; docs/benchmarks.md). Every figure is per service, so chunks give
    the same rows: a service whose Latvian and English pages fall in two chunks is counted
    again in the second, with both pages' links stored by then.
    """
    ids = sorted({int(pk) for pk in page_ids})
    identifiers: set[str] = set()
    for start in range(0, len(ids), REFRESH_CHUNK):
        chunk = ids[start : start + REFRESH_CHUNK]
        collect_links(chunk)
        found = identifiers_of(chunk)
        refresh_completeness(found)
        refresh_statistics(found)
        identifiers.update(found)
    return len(identifiers)


def refresh_services(identifiers: Iterable[str]) -> int:
    """After feedback or a request event: the statistics of these services only."""
    return refresh_statistics([i for i in identifiers if i])


def refresh_everything() -> dict[str, int]:
    """The nightly refresh (and the benchmark): every service, every figure."""
    return {
        "links": collect_links(None),
        "completeness": refresh_completeness(None),
        "search_demand": rebuild_search_demand(),
        "statistics": refresh_statistics(None),
    }


def run_link_check(limit: int | None = None) -> dict[str, int]:
    """Check the links that are due, then recount the services that use them."""
    links = linkcheck.due_links(limit=limit)
    counts = linkcheck.check_links(links)
    refresh_statistics(linkcheck.identifiers_using(links))
    logger.info("link check: %s", counts)
    return counts
