"""The run lock: one sync at a time across every process, taken over when it expires.

A row in ``SyncLock`` (a unique name) rather than a cache key: the database is what every
process shares for certain, and a crashed run's lock expires (``SYNC_LOCK_TTL``).
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sync.models import SyncLock

logger = logging.getLogger(__name__)
LOCK_NAME = "register-sync"


class LockHeld(Exception):
    """Another run holds the lock; the message says whose and since when (user-facing)."""


def acquire_lock(ttl: timedelta | None = None) -> str:
    """Take the run lock or raise ``LockHeld``. A lock past its expiry is taken over."""
    ttl = ttl or timedelta(seconds=settings.SYNC_LOCK_TTL)
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
