"""Shared setup for the search benchmarks: a throw-away SQLite database and index prefix.

Why: benchmarks must not touch the developer's database or live index; each run gets its own
file database (migrated) and an index prefix it deletes at the end.
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks.md"


def setup(tag: str, database_url: str | None = None) -> Path | None:
    """Point Django at a fresh SQLite file and Elasticsearch at a unique prefix; migrate.

    With ``database_url`` (an existing, migrated and synced database, e.g. the PostgreSQL
    cluster ``bench/sync_bench.py --postgres --keep`` leaves) that database is used as it is
    and nothing is created: None is returned, and ``cleanup`` then deletes only the indices.
    """
    sys.path.insert(0, str(ROOT))
    db = None
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        db = Path(tempfile.gettempdir()) / f"search-{tag}-{uuid.uuid4().hex[:6]}.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ.setdefault("ELASTICSEARCH_URL", "http://127.0.0.1:9250")
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = f"bench-{tag}-{uuid.uuid4().hex[:6]}-"
    import django

    django.setup()
    from django.core.management import call_command

    if db is not None:
        call_command("migrate", verbosity=0)
    return db


def cleanup(db: Path | None) -> None:
    from django.conf import settings
    from elasticsearch import Elasticsearch

    client = Elasticsearch((settings.ELASTICSEARCH_URL or "").split(",")[0])
    indices = client.indices.get(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}*")
    if indices:
        client.indices.delete(index=",".join(indices))
    for suffix in ("", "-wal", "-shm") if db is not None else ():
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def write_section(marker: str, body: str) -> None:
    """Replace (or append) the block between ``<!-- marker:start -->`` and ``:end -->``."""
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    block = f"{start}\n{body.rstrip()}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOCS.write_text(text, encoding="utf-8")
