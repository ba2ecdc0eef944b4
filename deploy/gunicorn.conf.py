"""Gunicorn configuration of the portal (``gunicorn -c deploy/gunicorn.conf.py portal.wsgi``).

Every value comes from an environment variable so the same file serves the systemd unit
(``deploy/systemd/portal-web.service``), the combined test (``tests/stack/``) and the
benchmark (``bench/stack_bench.py``). Sizing: ``docs/deployment.md``.

Why threads: a page mostly waits on PostgreSQL, Redis and Elasticsearch; two or four threads
per worker overlap that waiting at almost no memory cost. Why ``max_requests``: a slow leak
in any library cannot grow a worker forever. Why the hooks: prometheus-client's multiprocess
mode keeps one file per worker in ``PROMETHEUS_MULTIPROC_DIR``; the folder is emptied when the
master starts and a dead worker's live gauges are dropped.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path

from prometheus_client import multiprocess


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 9))
threads = _int("GUNICORN_THREADS", 4)
worker_class = "gthread"
timeout = _int("GUNICORN_TIMEOUT", 30)  # a request still running after this is killed
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)  # SIGTERM/HUP: finish what runs
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Not a few thousand: a worker answering a thousand cached pages a second would restart every
# few seconds, and each restart (≈1 s to import Django) stalls the requests queued for it —
# the 1.2 s p95 of the 2026-12-01 benchmark.
max_requests = _int("GUNICORN_MAX_REQUESTS", 200_000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 20_000)
# Several masters may run as one user (the combined test runs two): no shared control socket.
control_socket_disable = True
preload_app = False  # each worker imports the app itself: a HUP reload picks up new code
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")  # "-": stdout, into the journal
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# One line per request with the request id the app returns, its status and duration (µs).
access_log_format = (
    '%(h)s "%(r)s" %(s)s %(b)s %(D)sus rid=%({x-request-id}o)s ref="%(f)s" ua="%(a)s"'
)


def on_starting(server: object) -> None:
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        path = Path(directory)
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True, exist_ok=True)


def child_exit(server: object, worker: object) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
