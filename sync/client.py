"""Fetching register documents from a file or over HTTP(S).

Why a class of its own: the register is a remote system we do not control. Every failure
mode (unreachable, 5xx, slow, truncated, oversized) must end as a typed error the runner turns
into a clear message and an aborted run — never a half-read document parsed as if complete.
An unchanged snapshot must cost one conditional request and no work, hence the validators.
"""

from __future__ import annotations

import logging
import tempfile
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlencode, urlsplit, urlunsplit

import requests
from django.conf import settings
from django.utils.translation import gettext as _

from requestkit.numbers import parse_int

from .watchdog import ConnectionRegistry, RecordingAdapter, Watchdog

logger = logging.getLogger(__name__)


class RegisterError(Exception):
    """The register could not be read; the run aborts and changes nothing."""


class SourceNotFound(RegisterError):
    pass


class RegisterUnreachable(RegisterError):
    pass


class RegisterTimeout(RegisterError):
    pass


class RegisterHTTPError(RegisterError):
    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class RegisterTooLarge(RegisterError):
    pass


class RegisterTruncated(RegisterError):
    pass


class RegisterDeadlineExceeded(RegisterError):
    """Fetching took longer than ``REGISTER_FETCH_DEADLINE`` in total; never retried."""


@dataclass
class Fetched:
    """One fetched document; ``body`` is None when the server answered 304 Not Modified.

    A snapshot fetched with ``spool=True`` is in ``file`` instead (a temporary file, or the
    source file itself), never in memory: 100,000 services are ~600 MB of JSON-LD."""

    url: str
    body: bytes | None
    etag: str = ""
    last_modified: str = ""
    next_url: str | None = None
    file: BinaryIO | None = None

    @property
    def not_modified(self) -> bool:
        return self.body is None and self.file is None

    @property
    def document(self) -> bytes | BinaryIO:
        """The document, in memory or in its file (whichever was fetched)."""
        if self.file is not None:
            return self.file
        assert self.body is not None
        return self.body


def is_url(source: str) -> bool:
    return urlsplit(source).scheme in ("http", "https")


class RegisterClient:
    """HTTP with a default timeout, retries with backoff on 5xx/connection errors, gzip,
    conditional requests and a size limit."""

    RETRY_STATUSES = frozenset({500, 502, 503, 504})

    def __init__(
        self,
        timeout: float | None = None,
        retries: int = 3,
        backoff: float = 0.5,
        max_bytes: int | None = None,
        deadline: float | None = None,
    ) -> None:
        self.timeout = timeout if timeout is not None else settings.REGISTER_TIMEOUT
        # One budget for all fetching of this client (every page of a feed, every retry):
        # a register trickling a byte every few seconds never trips the read timeout.
        self.deadline = deadline if deadline is not None else settings.REGISTER_FETCH_DEADLINE
        self._started: float | None = None
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes if max_bytes is not None else settings.REGISTER_MAX_BYTES
        self.session = requests.Session()
        self._connections = ConnectionRegistry()
        adapter = RecordingAdapter(self._connections)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers.update(
            {
                "Accept": "application/ld+json, text/turtle;q=0.9, application/json;q=0.8",
                "Accept-Encoding": "gzip",
                "User-Agent": "service-catalogue-portal-sync/1",
            }
        )

    def read_file(self, source: str, spool: bool = False) -> Fetched:
        path = Path(source.removeprefix("file://"))
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                raise RegisterTooLarge(
                    _(
                        "The file %(path)s is %(size)s bytes, over the limit of %(limit)s bytes (REGISTER_MAX_BYTES)."  # noqa: E501
                    )
                    % {"path": path, "size": f"{size:,}", "limit": f"{self.max_bytes:,}"}
                )
            if spool:
                return Fetched(url=str(path), body=None, file=path.open("rb"))
            return Fetched(url=str(path), body=path.read_bytes())
        except FileNotFoundError as exc:
            raise SourceNotFound(
                _("The source file %(path)s does not exist.") % {"path": path}
            ) from exc
        except IsADirectoryError as exc:
            raise SourceNotFound(
                _("The source %(path)s is a directory, not a file.") % {"path": path}
            ) from exc
        except PermissionError as exc:
            raise SourceNotFound(
                _("The source file %(path)s cannot be read (permission denied).") % {"path": path}
            ) from exc

    def fetch(
        self, source: str, etag: str = "", last_modified: str = "", spool: bool = False
    ) -> Fetched:
        """A file path or URL; for URLs, with If-None-Match / If-Modified-Since when known.

        ``spool``: the document goes to ``Fetched.file`` (read from disk by the sync), not
        to ``body``."""
        if not is_url(source):
            return self.read_file(source, spool)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(source, headers, spool)

    def feed(self, url: str, since: str) -> Iterator[Fetched]:
        """Pages of the incremental feed, following ``Link: <…>; rel="next"``."""
        parts = urlsplit(url)
        query = (parts.query + "&" if parts.query else "") + urlencode({"since": since})
        next_url: str | None = urlunsplit(parts._replace(query=query))
        seen: set[str] = set()
        while next_url:
            if next_url in seen:
                raise RegisterError(
                    _("The feed links back to a page already read (%(url)s).") % {"url": next_url}
                )
            seen.add(next_url)
            page = self._get(next_url, {})
            yield page
            next_url = page.next_url

    def _get(self, url: str, headers: dict[str, str], spool: bool = False) -> Fetched:
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._get_once(url, headers, spool)
            except (RegisterUnreachable, RegisterTimeout, RegisterTruncated) as exc:
                if attempt > self.retries:
                    raise
                logger.warning(
                    "register fetch failed (%s), retry %s/%s", exc, attempt, self.retries
                )
            except RegisterHTTPError as exc:
                if exc.status not in self.RETRY_STATUSES or attempt > self.retries:
                    raise
                logger.warning(
                    "register answered %s, retry %s/%s", exc.status, attempt, self.retries
                )
            time.sleep(min(self.backoff * (2 ** (attempt - 1)), self._remaining(url)))

    def _remaining(self, url: str) -> float:
        """Seconds left of the fetch budget; raises once it is spent."""
        if self._started is None:
            self._started = time.monotonic()
        left = self.deadline - (time.monotonic() - self._started)
        if left <= 0:
            raise self._deadline_error(url)
        return left

    def _deadline_error(self, url: str) -> RegisterDeadlineExceeded:
        return RegisterDeadlineExceeded(
            _(
                "Fetching from the register took longer than %(seconds)s seconds in total "
                "(REGISTER_FETCH_DEADLINE); the run was stopped (%(url)s)."
            )
            % {"seconds": f"{self.deadline:g}", "url": url}
        )

    def _get_once(self, url: str, headers: dict[str, str], spool: bool) -> Fetched:
        left = self._remaining(url)
        timeout = min(self.timeout, left)
        # Armed before the request is sent: the status line and headers count against the
        # budget too (a register can trickle those as well as the body).
        watchdog = Watchdog(self._connections, left)
        try:
            try:
                response = self.session.get(url, headers=headers, timeout=timeout, stream=True)
            except requests.Timeout as exc:
                if watchdog.fired:
                    raise self._deadline_error(url) from exc
                self._remaining(url)  # the budget, not the read timeout, may be what ran out
                raise RegisterTimeout(
                    _("The register did not answer within %(seconds)s seconds (%(url)s).")
                    % {"seconds": f"{self.timeout:g}", "url": url}
                ) from exc
            except requests.RequestException as exc:
                if watchdog.fired:
                    raise self._deadline_error(url) from exc
                raise RegisterUnreachable(
                    _("The register at %(url)s cannot be reached: %(error)s")
                    % {"url": url, "error": exc.__class__.__name__}
                ) from exc
            try:
                return self._read(url, response, watchdog, spool)
            except RegisterError as exc:
                if watchdog.fired:
                    raise self._deadline_error(url) from exc
                raise
        finally:
            watchdog.cancel()

    def _read(
        self, url: str, response: requests.Response, watchdog: Watchdog, spool: bool
    ) -> Fetched:
        with response:
            if response.status_code == 304:
                return Fetched(
                    url=url,
                    body=None,
                    etag=response.headers.get("ETag", ""),
                    last_modified=response.headers.get("Last-Modified", ""),
                )
            if response.status_code != 200:
                raise RegisterHTTPError(
                    _("The register answered HTTP %(status)s for %(url)s.")
                    % {"status": response.status_code, "url": url},
                    response.status_code,
                )
            # A junk Content-Length (e.g. "²") is treated as absent; the size check below
            # still bounds the body.
            declared = parse_int(response.headers.get("Content-Length"), minimum=0)
            if declared is not None and declared > self.max_bytes:
                raise RegisterTooLarge(
                    _(
                        "The register document is larger than the limit of %(limit)s bytes (REGISTER_MAX_BYTES)."  # noqa: E501
                    )
                    % {"limit": f"{self.max_bytes:,}"}
                )
            chunks: list[bytes] = []
            # A snapshot goes to disk as it arrives: the sync reads it from there.
            file = tempfile.TemporaryFile() if spool else None  # noqa: SIM115 (Fetched owns it)
            size = 0
            try:
                for chunk in response.iter_content(chunk_size=1 << 16):
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise RegisterTooLarge(
                            _(
                                "The register document is larger than the limit of %(limit)s bytes (REGISTER_MAX_BYTES)."  # noqa: E501
                            )
                            % {"limit": f"{self.max_bytes:,}"}
                        )
                    if file is not None:
                        file.write(chunk)
                    else:
                        chunks.append(chunk)
            except requests.exceptions.Timeout as exc:
                raise RegisterTimeout(
                    _("The register stopped sending data for %(seconds)s seconds (%(url)s).")
                    % {"seconds": f"{self.timeout:g}", "url": url}
                ) from exc
            except (
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
                requests.exceptions.ConnectionError,
                zlib.error,
            ) as exc:
                raise RegisterTruncated(
                    _("The register document from %(url)s arrived incomplete.") % {"url": url}
                ) from exc
            if watchdog.fired:
                raise self._deadline_error(url)
            body = None if file is not None else b"".join(chunks)
            raw = response.raw
            if declared is not None and getattr(raw, "_fp_bytes_read", declared) < declared:
                raise RegisterTruncated(
                    _("The register document from %(url)s arrived incomplete.") % {"url": url}
                )
            return Fetched(
                url=url,
                body=body,
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
                next_url=response.links.get("next", {}).get("url"),
                file=file,
            )
