"""The sync lock's heartbeat: a live run keeps renewing its lock, a dead one stops.

Why: the lock used to last two hours, so a killed or crashed run (OOM, SIGKILL, a reboot)
blocked every sync for that long. Now the lock is taken for ``SYNC_LOCK_STALE_SECONDS``
(default 120 s) and a background thread renews it every ``SYNC_LOCK_HEARTBEAT_SECONDS``
(default 20 s) while the run lives. When the process dies the renewals stop, and the next run
takes the lock over once it is stale. The thread uses its own database connection in
autocommit, so the renewal is visible even while the run's big write transaction is open.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import connections
from django.utils import timezone

from sync.models import SyncLock

logger = logging.getLogger(__name__)

LOCK_NAME = "register-sync"


def stale_after() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "SYNC_LOCK_STALE_SECONDS", 120)))


def heartbeat_interval() -> float:
    return float(getattr(settings, "SYNC_LOCK_HEARTBEAT_SECONDS", 20))


def renew(token: str) -> bool:
    """Push the lock's expiry forward; False when the lock is no longer ours."""
    return bool(
        SyncLock.objects.filter(name=LOCK_NAME, token=token).update(
            expires_at=timezone.now() + stale_after()
        )
    )


@contextmanager
def heartbeat(token: str) -> Iterator[None]:
    """Renew the lock ``token`` in the background for as long as the block runs."""
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(heartbeat_interval()):
                try:
                    if not renew(token):
                        logger.warning("sync lock %s was taken over; heartbeat stops", token)
                        return
                except Exception:  # a busy database must not kill the run; retry next beat
                    logger.warning("sync lock heartbeat failed", exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=beat, name="sync-lock-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=heartbeat_interval() + 5)
