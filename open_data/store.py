"""The dump on disk: generated once per generation while it streams, then served as a file.

Why files and not the cache: a dump of 10,000 services is tens of megabytes; a file streams in
constant memory and survives restarts, and every process of the site shares it. The first
request after a change streams the document as it is generated and writes it (plain and
gzip) beside; later requests of the same generation read the file. Files of older
generations are removed once a newer one is complete.
"""

from __future__ import annotations

import os
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

from open_data.catalogue import dump_batches
from open_data.models import DumpState
from open_data.serialise import WRITERS


def root() -> Path:
    path = Path(settings.OPEN_DATA_ROOT)
    path.mkdir(parents=True, exist_ok=True)
    return path


def stem(state: DumpState, fmt: str) -> str:
    return f"cpsv-ap-{state.generation}-{int(state.changed_at.timestamp())}.{fmt}"


def cached(state: DumpState, fmt: str, gzipped: bool) -> Path | None:
    path = root() / (stem(state, fmt) + (".gz" if gzipped else ""))
    return path if path.exists() else None


def generate(state: DumpState, fmt: str, gzipped: bool) -> Iterator[bytes]:
    """Stream the dump (gzip-compressed when asked) and keep both forms for the next reader."""
    folder = root()
    name = stem(state, fmt)
    plain_fd, plain_tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=f".{fmt}")
    gz_fd, gz_tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=f".{fmt}.gz")
    compressor = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: a gzip container
    complete = False
    try:
        with os.fdopen(plain_fd, "wb") as plain, os.fdopen(gz_fd, "wb") as packed:
            for chunk in WRITERS[fmt](dump_batches()):
                plain.write(chunk)
                squeezed = compressor.compress(chunk)
                packed.write(squeezed)
                if gzipped:
                    if squeezed:
                        yield squeezed
                else:
                    yield chunk
            tail = compressor.flush()
            packed.write(tail)
            if gzipped:
                yield tail
        os.replace(plain_tmp, folder / name)
        os.replace(gz_tmp, folder / (name + ".gz"))
        complete = True
        _remove_older(folder, fmt, keep=name)
    finally:
        if not complete:
            for path in (plain_tmp, gz_tmp):
                Path(path).unlink(missing_ok=True)


def _remove_older(folder: Path, fmt: str, keep: str) -> None:
    for path in folder.glob(f"cpsv-ap-*.{fmt}*"):
        if path.name not in (keep, keep + ".gz"):
            path.unlink(missing_ok=True)
