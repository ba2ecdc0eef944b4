"""The production cache: Django's Redis backend that degrades instead of failing requests.

Why: everything two app processes must agree on (rate-limit counters, the listing cache
generation, the search circuit breaker, cached fragments and whole pages, sessions' cache
layer) lives in Redis. If Redis goes away, Django's own ``RedisCache`` raises on every
``cache.get`` and every page would answer 500. Here a connection or timeout error is logged,
counted for ``/readyz``, and the call behaves like a cache miss (reads return the default,
writes are dropped, ``add`` reports success so a rate limit fails open rather than locking
everyone out). Pages keep serving from PostgreSQL, only slower; sessions use ``cached_db``
so they survive in the database.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)
#: Seconds between two "Redis unavailable" log lines of one process.
LOG_EVERY = 10.0


class ResilientRedisCache(RedisCache):
    """``RedisCache`` whose failures are cache misses; ``last_failure`` feeds ``/readyz``."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = params.setdefault("OPTIONS", {})
        # Fail fast: a dead Redis must cost milliseconds per request, not the OS timeout.
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, params)
        self.last_failure = 0.0
        self._last_log = 0.0

    def _failed(self, operation: str, exc: BaseException) -> None:
        now = time.monotonic()
        self.last_failure = now
        if now - self._last_log > LOG_EVERY:
            self._last_log = now
            logger.warning("Redis unavailable during %s: %s", operation, exc.__class__.__name__)

    def ping(self) -> bool:
        """True when Redis answers (``/readyz``); never raises."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except _ERRORS as exc:
            self._failed("ping", exc)
            return False

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except _ERRORS as exc:
            self._failed("get", exc)
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict[str, Any]:
        try:
            return super().get_many(keys, version)
        except _ERRORS as exc:
            self._failed("get_many", exc)
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except _ERRORS as exc:
            self._failed("has_key", exc)
            return False

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except _ERRORS as exc:
            self._failed("add", exc)
            return True

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        try:
            super().set(key, value, timeout, version)
        except _ERRORS as exc:
            self._failed("set", exc)

    def set_many(
        self, data: dict[str, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> list[str]:
        try:
            return super().set_many(data, timeout, version)
        except _ERRORS as exc:
            self._failed("set_many", exc)
            return list(data)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except _ERRORS as exc:
            self._failed("touch", exc)
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except _ERRORS as exc:
            self._failed("delete", exc)
            return False

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except _ERRORS as exc:
            self._failed("delete_many", exc)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except _ERRORS as exc:
            self._failed("incr", exc)
            return delta

    def clear(self) -> None:
        try:
            super().clear()
        except _ERRORS as exc:
            self._failed("clear", exc)
