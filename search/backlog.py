"""The reindex backlog: what failed to reach the index is retried until it does.

Why: a sync (or a publish) while Elasticsearch was frozen ended with "search indexing
failed" and the old text stayed in search until that service changed again. Now every
indexing attempt goes through ``reindex``: failures are recorded in ``PendingReindex``, and
each later attempt (the next run's ``services_changed``, any publish, the
``retry_pending_reindex`` task or ``manage.py search_retry_pending``) takes the backlog along.
``pending_reindex_count()`` is the public figure for ``/readyz`` and monitoring.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db.models import F

from search import indexing
from search.models import PendingReindex

logger = logging.getLogger(__name__)

#: How many backlog pages ride along with one indexing call (the rest follow next time).
BATCH = 5000


def pending_reindex_count() -> int:
    """Pages waiting to be reindexed after a failure (0 when the index is up to date)."""
    return PendingReindex.objects.count()


def _record(page_ids: Iterable[int], error: str) -> None:
    ids = sorted(set(page_ids))
    if not ids:
        return
    known = set(PendingReindex.objects.filter(page_id__in=ids).values_list("page_id", flat=True))
    PendingReindex.objects.filter(page_id__in=known).update(
        attempts=F("attempts") + 1, last_error=error[:500]
    )
    PendingReindex.objects.bulk_create(
        [PendingReindex(page_id=i, last_error=error[:500]) for i in ids if i not in known],
        ignore_conflicts=True,
    )


def reindex(page_ids: Iterable[int] = ()) -> dict[str, int]:
    """Index ``page_ids`` plus the backlog; record whatever fails. Never raises."""
    if not indexing.is_enabled():
        return {"indexed": 0, "failed": 0}
    pending = list(PendingReindex.objects.values_list("page_id", flat=True)[:BATCH])
    ids = sorted({int(i) for i in page_ids} | set(pending))
    if not ids:
        return {"indexed": 0, "failed": 0}
    try:
        result = indexing.index_pages(ids)
    except Exception as exc:  # noqa: BLE001 — any ES/transport error: keep the ids for later
        logger.exception("search indexing failed; %s page(s) kept for a retry", len(ids))
        _record(ids, repr(exc))
        return {"indexed": 0, "failed": len(ids)}
    failed = set(result["failed"])
    if failed:
        logger.warning("search index refused %s page(s); kept for a retry", len(failed))
        _record(failed, "refused by the index")
    PendingReindex.objects.filter(page_id__in=[i for i in ids if i not in failed]).delete()
    return {"indexed": len(ids) - len(failed), "failed": len(failed)}


def retry_pending() -> dict[str, int]:
    """Reindex the backlog alone (the retry task and command)."""
    return reindex(())
