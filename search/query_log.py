"""The anonymous query log, written after the answer has gone out.

Why: every logged search used to INSERT its row inside the request, before the page was
sent; on SQLite writes take one lock, so concurrent searches queued behind each other's log
rows, and on PostgreSQL the row still added a round trip to what the visitor waited for. Now
a search only notes its row in this process and gets a random token for its result links;
the rows are written together when the response has been delivered (Django's
``request_finished``, sent when the WSGI server closes the response). A logging failure is
logged and never reaches the visitor.

Clicks refer to the row by its token, so a result link can be rendered before its row exists.
"""

from __future__ import annotations

import logging
import secrets
import threading
from typing import Any

from django.core.signals import request_finished
from django.dispatch import receiver
from django.utils import timezone

from search.models import QueryLog, normalise_query

logger = logging.getLogger(__name__)

_pending: list[QueryLog] = []
_lock = threading.Lock()


def record(query: str, language: str, result_count: int, degraded: bool) -> str:
    """Note one search (no personal data: ``normalise_query``) and return its click token."""
    token = secrets.token_hex(8)
    row = QueryLog(
        token=token,
        query=normalise_query(query),
        language=language,
        result_count=result_count,
        degraded=degraded,
        created_at=timezone.now(),
    )
    with _lock:
        _pending.append(row)
    return token


def flush() -> int:
    """Write every noted row of this process; returns how many were written."""
    with _lock:
        rows = _pending[:]
        _pending.clear()
    if not rows:
        return 0
    try:
        QueryLog.objects.bulk_create(rows)
    except Exception:  # noqa: BLE001 — logging must never break search
        logger.exception("could not log %d search queries", len(rows))
        return 0
    return len(rows)


def pending() -> int:
    with _lock:
        return len(_pending)


@receiver(request_finished, dispatch_uid="search.query_log.flush")
def _flush_after_response(sender: Any, **kwargs: Any) -> None:
    # No close_old_connections() afterwards: the test client keeps one connection (and its
    # transaction) across requests; a connection this opens is checked at the next request.
    if pending():
        flush()


__all__ = ["flush", "pending", "record"]
