"""A register sending junk numbers in its headers gets a clean run, never a traceback."""

from __future__ import annotations

import socket
import threading
from contextlib import contextmanager

import pytest

from sync.client import RegisterClient

BODY = b'{"@context": {}, "@graph": []}'


@contextmanager
def raw_http_server(head: bytes, body: bytes):
    """A one-connection-at-a-time HTTP server that sends exactly the bytes it is given."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _addr = listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.recv(65536)
                conn.sendall(head + b"\r\n" + body)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/snapshot.jsonld"
    finally:
        stop.set()
        thread.join(2)
        listener.close()


@pytest.mark.parametrize("length", [b"\xc2\xb2", b"\xb2", b"-5", b"1e3", b"abc"])
def test_junk_content_length_is_ignored_and_the_body_read(length):
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/ld+json\r\n"
        b"Content-Length: " + length + b"\r\nConnection: close\r\n"
    )
    with raw_http_server(head, BODY) as url:
        fetched = RegisterClient(timeout=2, retries=0).fetch(url)
    assert fetched.body == BODY
