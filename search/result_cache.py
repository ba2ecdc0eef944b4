"""Elasticsearch results kept in the shared cache for a short while.

Why: searches follow a steep curve — a few dozen queries ("pase", "deklarēt dzīvesvietu")
are most of the traffic — and each costs two Elasticsearch requests (the best-score probe and
the query with its facets) plus highlighting, tens of milliseconds of core time on a small
cluster. The same query a second later gets the same answer until the index changes.

Freshness: every index write (``search.indexing``) stores its time under ``WRITE_STAMP_KEY``
in the shared cache, and every kept answer names the stamp it was computed under (read with
the answer in one ``MGET``), so one write by any process (a publish, the sync in the task
worker, a rebuild) retires every kept answer at once.
Elasticsearch shows a write only after its next refresh (``refresh_interval`` 1 s), so a
result computed within ``VISIBLE_AFTER`` seconds of a write is served but not kept — it might
not contain the write yet.

Only Elasticsearch answers are kept: a degraded (database) answer is never cached, so results
come back from Elasticsearch as soon as it does. Editors' promotions are applied after the
cache (``search.service``), and synonyms are part of the key, so curation changes show at once.
Off (``SEARCH_CACHE_SECONDS=0``) without a shared cache: a per-process cache would not see
another process's writes.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

from search.backend import SearchResults
from search.queries import SearchParams

WRITE_STAMP_KEY = "search:index-written"
#: Seconds after a write during which a fresh result may predate it (refresh interval + margin).
VISIBLE_AFTER = 2.0
#: What the backend sets on the params while searching; not part of what was asked.
_DERIVED = ("min_score", "lenient")


def index_written() -> None:
    """Record an index write (retires every cached result in every process)."""
    cache.set(WRITE_STAMP_KEY, time.time(), None)


def result_key(params: SearchParams, index: str) -> str:
    """The key of one question to one index (the write stamp travels inside the entry)."""
    asked = {k: v for k, v in dataclasses.asdict(params).items() if k not in _DERIVED}
    raw = json.dumps([index, asked], sort_keys=True, ensure_ascii=False)
    return "search:results:" + hashlib.sha256(raw.encode()).hexdigest()[:32]


def _lookup(key: str) -> tuple[float, SearchResults | None]:
    """(last write stamp, the answer if it was kept since that write): one ``MGET``."""
    found = cache.get_many([WRITE_STAMP_KEY, key])
    stamp = float(found.get(WRITE_STAMP_KEY) or 0.0)
    kept = found.get(key)
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == stamp:
        return stamp, kept[1]
    return stamp, None


def cached_search(
    params: SearchParams, index: str, search: Callable[[SearchParams], SearchResults]
) -> SearchResults:
    """``search(params)``, or its answer from the last ``SEARCH_CACHE_SECONDS``.

    Failures of ``search`` propagate (the service falls back); cache trouble is a miss
    (``requestkit.cache.ResilientRedisCache``)."""
    seconds = settings.SEARCH_CACHE_SECONDS
    if not seconds:
        return search(params)
    key = result_key(params, index)
    stamp, kept = _lookup(key)
    if isinstance(kept, SearchResults):
        return kept
    results = search(params)
    if time.time() - stamp > VISIBLE_AFTER:
        cache.set(key, (stamp, results), seconds)
    return results


__all__ = ["VISIBLE_AFTER", "WRITE_STAMP_KEY", "cached_search", "index_written", "result_key"]
