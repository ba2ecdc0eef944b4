"""The embedded default (no Redis): a sync from the command line is visible on the public page
of a running web process at once — two real processes sharing the default cache — although
that process serves anonymous pages whole from the cache (the page cache is on by default)."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "demo" / "register" / "snapshot.jsonld"
PAGE = "/lv/pakalpojumi/dzivesvietas-deklaresana/"
CATALOGUE = "/lv/iedzivotajiem/"
MARKER = "Jaunais reģistra teksts 7f3a"
#: No citizen service of the demo register starts with Ž; the renamed one will.
NEW_TITLE = "Žurnāls dzīvesvietas deklarēšanai"
Z_LETTER = "?letter=%C5%BD"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


#: Per-render values (the feedback form's signed timing token) that legitimately differ
#: between two renders of the same cached page.
_PER_RENDER = re.compile(r'(name="token" value=")[^"]*(")')


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (local server)
        return _PER_RENDER.sub(r"\1\2", response.read().decode("utf-8"))


def _page_cache(url: str) -> str | None:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (local server)
        return response.headers.get("X-Page-Cache")


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


@pytest.fixture
def embedded_env(tmp_path: Path) -> dict[str, str]:
    """The embedded default's settings (dev), on a database and cache folder of this test."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ELASTICSEARCH", "CACHE"))}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_DIR=str(tmp_path / "cache"),
        DEBUG="0",
        PYTHONUNBUFFERED="1",
    )
    return env


def test_cli_sync_is_visible_on_the_running_site_at_once(embedded_env, tmp_path):
    snapshot = tmp_path / "snapshot.jsonld"
    shutil.copy(SNAPSHOT, snapshot)
    _manage(embedded_env, "migrate", "-v", "0")
    _manage(embedded_env, "sync_register", "--source", str(snapshot))

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=embedded_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}{PAGE}"
        deadline = time.monotonic() + 60
        while True:
            try:
                before = _get(url)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        assert _get(url) == before  # served from the web process's cache now
        assert _page_cache(url) == "hit"  # whole, by the page cache of the embedded default
        assert MARKER not in before
        catalogue = f"http://127.0.0.1:{port}{CATALOGUE}"
        assert Z_LETTER not in _get(catalogue)
        assert Z_LETTER not in _get(catalogue)

        doc = json.loads(snapshot.read_text(encoding="utf-8"))
        node = next(n for n in doc["@graph"] if n.get("dct:identifier") == "PAK-0001")
        for text in node["dct:description"]:
            if text["@language"] == "lv":
                text["@value"] = f"{MARKER}. {text['@value']}"
        for text in node["dct:title"]:
            if text["@language"] == "lv":
                text["@value"] = NEW_TITLE
        snapshot.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        _manage(embedded_env, "sync_register", "--source", str(snapshot))

        # The body of the page (a cached fragment) and the catalogue's A–Z (cached under the
        # listing generation the CLI process bumped) change at once.
        assert MARKER in _get(url)
        assert Z_LETTER in _get(catalogue)
        assert _page_cache(url) == "hit"  # the new page, kept again
    finally:
        server.terminate()
        server.wait(timeout=30)
