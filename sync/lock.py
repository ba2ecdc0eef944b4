"""The run lock: one sync at a time across every process, taken over when it goes stale.

A row in ``SyncLock`` (a unique name) rather than a cache key: the database is what every
process shares for certain. The lock is taken for ``SYNC_LOCK_STALE_SECONDS`` (120 s) and
``heartbeat`` renews it every ``SYNC_LOCK_HEARTBEAT_SECONDS`` (20 s) from a thread of its own
while the run lives (its own connection in autocommit, so the renewal is visible during the
run's write transaction). A killed or crashed run stops renewing, and the next run takes the
lock over within minutes — it used to be two hours.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sync.models import SyncLock

logger = logging.getLogger(__name__)
LOCK_NAME = "register-sync"


class LockHeld(Exception):
    """Another run holds the lock; the message says whose and since when (user-facing)."""


def acquire_lock(ttl: timedelta | None = None) -> str:
    """Take the run lock or raise ``LockHeld``. A lock past its expiry is taken over."""
    ttl = ttl or stale_after()
    token = uuid.uuid4().hex
    now = timezone.now()
    holder = f"{socket.gethostname()}:{os.getpid()}"
    try:
        with transaction.atomic():
            SyncLock.objects.create(
                name=LOCK_NAME, token=token, holder=holder, acquired_at=now, expires_at=now + ttl
            )
        return token
    except IntegrityError:
        pass
    # Stale lock (a crashed run): take it over atomically, only if it is still expired.
    taken = SyncLock.objects.filter(name=LOCK_NAME, expires_at__lt=now).update(
        token=token, holder=holder, acquired_at=now, expires_at=now + ttl
    )
    if taken:
        logger.warning("took over a stale sync lock")
        return token
    current = SyncLock.objects.filter(name=LOCK_NAME).first()
    raise LockHeld(
        _("Another sync is running (lock held by %(holder)s since %(since)s); try again later.")
        % {
            "holder": current.holder if current else "?",
            "since": current.acquired_at.isoformat(timespec="seconds") if current else "?",
        }
    )


def release_lock(token: str) -> None:
    SyncLock.objects.filter(name=LOCK_NAME, token=token).delete()


def stale_after() -> timedelta:
    return timedelta(seconds=settings.SYNC_LOCK_STALE_SECONDS)


def heartbeat_interval() -> float:
    return settings.SYNC_LOCK_HEARTBEAT_SECONDS


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
