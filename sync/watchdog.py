"""The fetch budget, enforced on the sockets themselves, from the first byte sent.

Why: the client's watchdog used to start once ``requests`` had returned the response, i.e.
after the status line and headers. A register that sends its headers a byte at a time never
trips the read timeout (each byte arrives in time) and held the sync far past
``REGISTER_FETCH_DEADLINE`` (issue 18: 27.5 s at a 15 s deadline; here, without end).

Every connection the client's session opens is remembered (a pool subclass records it); the
watchdog, armed before the request is sent, shuts down the sockets of those connections when
the budget runs out. A blocked ``recv`` — whether waiting for headers or for body bytes — is
woken only by a shutdown, which it turns into an error the client reports as the deadline.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import weakref
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool


class ConnectionRegistry:
    """The connections of one client, weakly held (the pool owns them)."""

    def __init__(self) -> None:
        self._connections: weakref.WeakSet[Any] = weakref.WeakSet()
        self._lock = threading.Lock()

    def add(self, connection: Any) -> None:
        with self._lock:
            self._connections.add(connection)

    def shut_down(self) -> None:
        """Wake every blocked read of these connections; they fail at once."""
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            sock = getattr(connection, "sock", None)
            if sock is None:
                continue
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def _recording(pool_cls: type[HTTPConnectionPool], registry: ConnectionRegistry) -> type:
    # mypy: a subclass of a pool class chosen at run time (HTTP or HTTPS)
    class RecordingPool(pool_cls):  # type: ignore[misc,valid-type]
        def _new_conn(self) -> Any:
            connection = super()._new_conn()
            registry.add(connection)
            return connection

    RecordingPool.__name__ = f"Recording{pool_cls.__name__}"
    return RecordingPool


class RecordingAdapter(HTTPAdapter):
    """A requests adapter whose pools record every connection in ``registry``."""

    def __init__(self, registry: ConnectionRegistry, **kwargs: Any) -> None:
        self.registry = registry
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _recording(HTTPConnectionPool, self.registry),
            "https": _recording(HTTPSConnectionPool, self.registry),
        }


class Watchdog:
    """Shuts the client's connections down when ``seconds`` have passed, unless cancelled."""

    def __init__(self, registry: ConnectionRegistry, seconds: float) -> None:
        self.registry = registry
        self.fired = False
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def _fire(self) -> None:
        self.fired = True
        self.registry.shut_down()

    def cancel(self) -> None:
        self._timer.cancel()
