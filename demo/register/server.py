"""A small HTTP server standing in for VIRSIS, the national service register.

Why it exists: the portal's sync must be tested and demonstrated against a *real* HTTP
register — conditional requests, gzip, pagination, slow or broken responses — without the
real VIRSIS. This server serves one snapshot file and derives an incremental feed from it.

Endpoints::

    GET /snapshot.jsonld                    full snapshot; ETag, Last-Modified, 304s, gzip
    GET /changes?since=<ISO 8601>&limit=N   services with dct:modified >= since, ordered by
                                            (modified, identifier), paginated with a
                                            ``Link: <…>; rel="next"`` header
    GET /healthz                            "ok" (never subject to injected faults)

Run it::

    python -m demo.register.server --port 8765 [--snapshot PATH] [--bind 127.0.0.1]

Use it from tests::

    with RegisterServer(Path("demo/register/snapshot.jsonld")) as register:
        register.fail_next(status=503, times=2)
        requests.get(register.url + "/snapshot.jsonld")   # 503, 503, then 200
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

DEFAULT_SNAPSHOT = Path(__file__).resolve().parent / "snapshot.jsonld"
JSONLD = "application/ld+json; charset=utf-8"

CPSV_SERVICE = "http://purl.org/vocab/cpsv#PublicService"
DCT = "http://purl.org/dc/terms/"
EPOCH = datetime(1, 1, 1, tzinfo=UTC)


# --- the incremental feed, derived from a snapshot ---------------------------------------


def _parse_time(value: str) -> datetime:
    """ISO 8601 → aware datetime (naive means UTC, as the register works in UTC)."""
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace(" ", "+"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value]


def _scalar(value: Any) -> str | None:
    """First literal of a JSON-LD value (``"x"``, ``{"@value": "x"}`` or a list of them)."""
    for v in _as_list(value):
        if isinstance(v, dict) and "@value" in v:
            return str(v["@value"])
        if isinstance(v, str | int | float):
            return str(v)
    return None


def _references(node: dict) -> Iterable[str]:
    for key, value in node.items():
        if key.startswith("@"):
            continue
        for v in _as_list(value):
            if isinstance(v, dict) and set(v) == {"@id"}:
                yield v["@id"]


class FeedIndex:
    """Services of one snapshot ordered by (modified, identifier), plus every node by IRI.

    The demo snapshot is flattened JSON-LD with a prefix-only context, which we can read as
    JSON directly (fast even for 10,000 services). Anything else — another JSON-LD shape, or
    Turtle — is normalised through rdflib into expanded, flattened JSON-LD first.
    """

    def __init__(self, data: bytes) -> None:
        doc = _flattened(data)
        self.context: dict[str, str] = doc.get("@context", {})
        self.nodes: dict[str, dict] = {n["@id"]: n for n in doc["@graph"]}
        self.services: list[tuple[datetime, str, str]] = []
        for iri, node in self.nodes.items():
            types = {self.expand(t) for t in _as_list(node.get("@type", []))}
            if CPSV_SERVICE not in types:
                continue
            modified = _scalar(self._get(node, DCT + "modified"))
            ident = _scalar(self._get(node, DCT + "identifier")) or iri
            self.services.append((_parse_time(modified) if modified else EPOCH, ident, iri))
        self.services.sort()
        self._service_iris = {s[2] for s in self.services}

    def expand(self, term: str) -> str:
        prefix, sep, local = term.partition(":")
        if sep and prefix in self.context:
            return self.context[prefix] + local
        return term

    def _get(self, node: dict, iri: str) -> Any:
        for key, value in node.items():
            if self.expand(key) == iri:
                return value
        return None

    def page(
        self, since: datetime, after: tuple[datetime, str] | None, limit: int
    ) -> tuple[list[dict], tuple[datetime, str] | None, int]:
        """One page of changes: (nodes, cursor of the last service if more remain, total)."""
        matching = [s for s in self.services if s[0] >= since]
        if after is not None:
            matching = [s for s in matching if (s[0], s[1]) > after]
        chosen = matching[:limit]
        emitted: dict[str, dict] = {}
        for _, _, iri in chosen:
            self._closure(iri, emitted)
        more = len(matching) > limit
        cursor = (chosen[-1][0], chosen[-1][1]) if more and chosen else None
        return list(emitted.values()), cursor, len(matching)

    def _closure(self, start: str, emitted: dict[str, dict]) -> None:
        """The service and every node it reaches, without descending into other services
        (related services and an event's other services are referenced, not included)."""
        todo = [start]
        while todo:
            iri = todo.pop()
            if iri in emitted or iri not in self.nodes:
                continue
            if iri != start and iri in self._service_iris:
                continue
            node = self.nodes[iri]
            emitted[iri] = node
            todo.extend(reversed(list(_references(node))))


def _flattened(data: bytes) -> dict:
    """The snapshot as ``{"@context": prefixes, "@graph": [flat node objects]}``."""
    try:
        doc = json.loads(data)
    except ValueError:
        doc = None
    if isinstance(doc, dict) and _is_simple_flat(doc):
        return doc
    import rdflib  # only for foreign shapes; the demo snapshot never needs it

    graph = rdflib.Graph()
    graph.parse(data=data, format="json-ld" if doc is not None else "turtle")
    nodes = json.loads(graph.serialize(format="json-ld"))
    return {"@context": {}, "@graph": nodes if isinstance(nodes, list) else nodes["@graph"]}


def _is_simple_flat(doc: dict) -> bool:
    context, graph = doc.get("@context", {}), doc.get("@graph")
    if not isinstance(context, dict) or not isinstance(graph, list):
        return False
    if not all(isinstance(v, str) and v[-1:] in "#/" for v in context.values()):
        return False
    for node in graph:
        if not isinstance(node, dict) or "@id" not in node:
            return False
        for key, value in node.items():
            if key.startswith("@"):
                continue
            for v in _as_list(value):
                if isinstance(v, dict) and not set(v) <= {"@id", "@value", "@language", "@type"}:
                    return False
                if isinstance(v, dict) and "@id" in v and len(v) > 1:
                    return False
    return True


# --- snapshot and server state -----------------------------------------------------------


class Snapshot:
    """One immutable version of the register: body, its gzip, validators, feed index."""

    def __init__(self, data: bytes, last_modified: datetime) -> None:
        self.body = data
        self.etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
        self.last_modified = last_modified.replace(microsecond=0)
        self._gzip: bytes | None = None
        self._index: FeedIndex | None = None
        self._lock = threading.Lock()

    @property
    def gzipped(self) -> bytes:
        if self._gzip is None:
            self._gzip = gzip.compress(self.body, compresslevel=6, mtime=0)
        return self._gzip

    @property
    def index(self) -> FeedIndex:
        with self._lock:  # built once, on the first /changes request
            if self._index is None:
                self._index = FeedIndex(self.body)
            return self._index


@dataclass
class Faults:
    """Faults waiting for the next requests (each consumed by one request)."""

    fail: list[tuple[int, float | None]] = field(default_factory=list)
    delay: list[float] = field(default_factory=list)
    truncate: int = 0


class RegisterServer:
    """The demo register in a background thread, with knobs for tests.

    ``snapshot`` may be a path (re-read when its mtime changes, so a rebuilt file is served
    without a restart) or bytes. Port 0 picks a free port; ``url`` tells which.
    """

    def __init__(
        self,
        snapshot: Path | str | bytes = DEFAULT_SNAPSHOT,
        port: int = 0,
        bind: str = "127.0.0.1",
    ) -> None:
        self._lock = threading.Lock()
        self._path: Path | None = None
        self._mtime: float | None = None
        self._snapshot: Snapshot | None = None
        if isinstance(snapshot, bytes):
            self._install(snapshot, datetime.now(UTC))
        else:
            self._path = Path(snapshot)
            self._reload_file()
        self.faults = Faults()
        self.requests: list[tuple[str, str]] = []  # (method, path with query)
        self._httpd = ThreadingHTTPServer((bind, port), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._httpd.register = self  # type: ignore[attr-defined]
        self._thread: threading.Thread | None = None

    # lifecycle
    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> RegisterServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="demo-register", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:  # shutdown() would wait forever if never started
            self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def serve_forever(self) -> None:
        self._httpd.serve_forever()

    def __enter__(self) -> RegisterServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # content
    def set_snapshot(self, data: bytes) -> None:
        """Serve new content from now on (a new ETag; Last-Modified moves forward)."""
        with self._lock:
            self._path = None
            self._install(data, datetime.now(UTC))

    @property
    def snapshot(self) -> Snapshot:
        with self._lock:
            if self._path is not None:
                self._reload_file()
            assert self._snapshot is not None
            return self._snapshot

    def _reload_file(self) -> None:
        assert self._path is not None
        mtime = os.stat(self._path).st_mtime
        if mtime != self._mtime:
            self._mtime = mtime
            self._install(self._path.read_bytes(), datetime.fromtimestamp(mtime, UTC))

    def _install(self, data: bytes, when: datetime) -> None:
        old = self._snapshot
        if old is not None and old.body == data:
            return
        if old is not None and when.replace(microsecond=0) <= old.last_modified:
            # HTTP dates have one-second resolution: never let a new version look older.
            when = old.last_modified + timedelta(seconds=1)
        self._snapshot = Snapshot(data, when)

    # faults and counters
    def fail_next(
        self, status: int = 500, times: int = 1, retry_after: float | None = None
    ) -> None:
        """The next ``times`` requests answer ``status`` (optionally with Retry-After)."""
        with self._lock:
            self.faults.fail += [(status, retry_after)] * times

    def delay_next(self, seconds: float, times: int = 1) -> None:
        """The next ``times`` requests wait ``seconds`` before answering (timeouts)."""
        with self._lock:
            self.faults.delay += [seconds] * times

    def truncate_next(self, times: int = 1) -> None:
        """The next ``times`` responses announce the full length but send half the body."""
        with self._lock:
            self.faults.truncate += times

    @property
    def request_count(self) -> int:
        """Requests received, not counting /healthz."""
        return len(self.requests)

    def count(self, path_prefix: str) -> int:
        return sum(1 for _, p in self.requests if p.startswith(path_prefix))

    def reset_counts(self) -> None:
        with self._lock:
            self.requests.clear()

    def _take_faults(
        self, method: str, path: str
    ) -> tuple[float, tuple[int, float | None] | None, bool]:
        with self._lock:
            self.requests.append((method, path))
            delay = self.faults.delay.pop(0) if self.faults.delay else 0.0
            fail = self.faults.fail.pop(0) if self.faults.fail else None
            truncate = False
            if fail is None and self.faults.truncate:
                self.faults.truncate -= 1
                truncate = True
            return delay, fail, truncate


# --- HTTP --------------------------------------------------------------------------------


def _wants_gzip(header: str | None) -> bool:
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        if name.strip().lower() in ("gzip", "*"):
            q = params.strip()
            return not (q.startswith("q=") and float(q[2:] or 0) == 0)
    return False


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "DemoVIRSIS/1.0"

    @property
    def register(self) -> RegisterServer:
        return self.server.register  # type: ignore[attr-defined]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        if os.environ.get("DEMO_REGISTER_LOG"):
            super().log_message(format, *args)

    def do_HEAD(self) -> None:  # noqa: N802
        self._dispatch(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self._dispatch(head=False)

    def _dispatch(self, head: bool) -> None:
        self._truncate = False  # the handler lives as long as a keep-alive connection
        url = urlsplit(self.path)
        if url.path == "/healthz":
            self._send(200, b"ok\n", "text/plain; charset=utf-8", head=head)
            return
        delay, fail, truncate = self.register._take_faults(self.command, self.path)
        if delay:
            time.sleep(delay)
        if fail:
            status, retry_after = fail
            headers = {"Retry-After": f"{retry_after:g}"} if retry_after is not None else {}
            body = json.dumps({"error": f"injected fault {status}"}).encode()
            self._send(status, body, "application/json", headers, head=head)
            return
        self._truncate = truncate
        if url.path == "/snapshot.jsonld":
            self._snapshot(head)
        elif url.path == "/changes":
            self._changes(parse_qs(url.query), head)
        else:
            self._send(404, b'{"error": "not found"}', "application/json", head=head)

    def _snapshot(self, head: bool) -> None:
        snap = self.register.snapshot
        headers = {
            "ETag": snap.etag,
            "Last-Modified": format_datetime(snap.last_modified, True),
            "Cache-Control": "no-cache",
            "Vary": "Accept-Encoding",
        }
        if self._not_modified(snap):
            self._send(304, b"", None, headers, head=True)
            return
        self._send(200, snap.body, JSONLD, headers, head=head, gzipped=snap.gzipped)

    def _not_modified(self, snap: Snapshot) -> bool:
        inm = self.headers.get("If-None-Match")
        if inm is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since
            tags = {t.strip().removeprefix("W/").replace("-gzip", "") for t in inm.split(",")}
            return "*" in tags or snap.etag in tags
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                return snap.last_modified <= parsedate_to_datetime(ims)
            except (TypeError, ValueError):
                return False
        return False

    def _changes(self, query: dict[str, list[str]], head: bool) -> None:
        try:
            since_raw = query.get("since", [""])[0]
            since = _parse_time(since_raw) if since_raw else EPOCH
            limit = int(query.get("limit", ["100"])[0])
            if not 1 <= limit <= 1000:
                raise ValueError("limit must be between 1 and 1000")
            after = None
            if "cursor" in query:
                moment, _, ident = query["cursor"][0].partition("~")
                after = (_parse_time(moment), ident)
        except ValueError as exc:
            body = json.dumps({"error": f"bad query: {exc}"}).encode()
            self._send(400, body, "application/json", head=head)
            return
        index = self.register.snapshot.index
        nodes, cursor, total = index.page(since, after, limit)
        doc: dict[str, Any] = {"@graph": nodes}
        if index.context:
            doc = {"@context": index.context, "@graph": nodes}
        body = json.dumps(doc, ensure_ascii=False, sort_keys=True).encode("utf-8")
        headers = {"X-Total-Count": str(total)}
        if cursor is not None:
            host = self.headers.get("Host") or self.register.url.removeprefix("http://")
            params = []
            if since_raw:
                params.append("since=" + quote(since_raw, safe=""))
            params += [
                f"limit={limit}",
                "cursor=" + quote(f"{cursor[0].isoformat()}~{cursor[1]}", safe=""),
            ]
            headers["Link"] = f'<http://{host}/changes?{"&".join(params)}>; rel="next"'
        self._send(200, body, JSONLD, headers, head=head)

    def _send(
        self,
        status: int,
        body: bytes,
        ctype: str | None,
        headers: dict[str, str] | None = None,
        head: bool = False,
        gzipped: bytes | None = None,
    ) -> None:
        if status != 304 and _wants_gzip(self.headers.get("Accept-Encoding")):
            body = gzipped if gzipped is not None else gzip.compress(body, mtime=0)
            headers = {**(headers or {}), "Content-Encoding": "gzip"}
            if "ETag" in headers:
                headers["ETag"] = headers["ETag"][:-1] + '-gzip"'
        truncate = getattr(self, "_truncate", False) and status == 200 and not head
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        if truncate:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if head or status == 304:
            return
        self.wfile.write(body[: len(body) // 2] if truncate else body)
        if truncate:
            self.wfile.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Demo VIRSIS register over HTTP.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--snapshot", type=Path, default=DEFAULT_SNAPSHOT)
    args = parser.parse_args(argv)
    server = RegisterServer(args.snapshot, port=args.port, bind=args.bind)
    print(f"demo register serving {args.snapshot} at {server.url}/snapshot.jsonld", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
