"""A real local HTTP server for the link checker: 200, 301, 404, 500, a HEAD-refusing page and
one that answers too late. Records every request (time, method, path) and peak concurrency."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW_SECONDS = 8.0  # far past the checker's timeout in the tests, even on a loaded machine


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # quiet
        return

    def _answer(self, with_body: bool) -> None:
        server = self.server
        with server.lock:
            server.active += 1
            server.peak = max(server.peak, server.active)
            server.log.append((time.monotonic(), self.command, self.path))
        finished = False
        try:
            path = self.path.split("?")[0]
            if path.startswith("/slow"):
                time.sleep(SLOW_SECONDS)
                status, headers = 200, {}
            elif path.startswith("/moved"):
                status, headers = 301, {"Location": "/ok"}
            elif path.startswith("/missing"):
                status, headers = 404, {}
            elif path.startswith("/error"):
                status, headers = 500, {}
            elif path.startswith("/no-head") and self.command == "HEAD":
                status, headers = 405, {}
            elif path.startswith("/pause"):
                time.sleep(0.2)
                status, headers = 200, {}
            else:
                status, headers = 200, {}
            body = b"<html><body>ok</body></html>"
            # The request stops counting as active before its answer leaves: a client that
            # reads the answer and sends its next request at once must not overlap the
            # decrement of this thread (that race once read as peak 2 with one worker).
            finished = True
            with server.lock:
                server.active -= 1
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            if not finished:
                with server.lock:
                    server.active -= 1

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(with_body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(with_body=True)


class LinkServer:
    def __init__(self) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.server.daemon_threads = True
        self.server.lock = threading.Lock()
        self.server.active = 0
        self.server.peak = 0
        self.server.log = []
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def log(self) -> list[tuple[float, str, str]]:
        return list(self.server.log)

    @property
    def peak(self) -> int:
        return self.server.peak

    def __enter__(self) -> LinkServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
