"""Optional virus scanning of attachments with clamd (ClamAV's daemon), off by default.

Set ``CLAMD_ADDRESS`` to ``unix:///run/clamav/clamd.ctl`` or ``tcp://127.0.0.1:3310`` to
turn it on. Each accepted attachment is then streamed to clamd with its ``INSTREAM``
command before it is stored. When clamd cannot be reached the file is refused ("try again
later"): a scanner that silently stops scanning would be worse than none.
"""

from __future__ import annotations

import socket
import struct
from typing import IO
from urllib.parse import urlsplit

from django.conf import settings

CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """clamd was configured but did not answer."""


def enabled() -> bool:
    return bool(settings.CLAMD_ADDRESS)


def _connect() -> socket.socket:
    address = urlsplit(settings.CLAMD_ADDRESS)
    timeout = settings.CLAMD_TIMEOUT
    try:
        if address.scheme == "unix":
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            sock.connect(address.path)
        elif address.scheme == "tcp":
            sock = socket.create_connection((address.hostname, address.port or 3310), timeout)
        else:
            raise ScannerUnavailable(f"unsupported CLAMD_ADDRESS {settings.CLAMD_ADDRESS!r}")
    except OSError as exc:
        raise ScannerUnavailable(str(exc)) from exc
    return sock


def scan(stream: IO[bytes]) -> str | None:
    """The signature name clamd found, or None when the file is clean."""
    stream.seek(0)
    with _connect() as sock:
        try:
            sock.sendall(b"zINSTREAM\0")
            while chunk := stream.read(CHUNK):
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
        except OSError as exc:
            raise ScannerUnavailable(str(exc)) from exc
    stream.seek(0)
    text = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    if text.endswith(" OK"):
        return None
    if text.endswith(" FOUND"):
        return text.removeprefix("stream:").removesuffix(" FOUND").strip()
    raise ScannerUnavailable(f"unexpected clamd reply {text!r}")
