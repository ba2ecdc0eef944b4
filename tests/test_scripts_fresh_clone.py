"""The part scripts work for a new user's clone inside a private (0700) folder.

Why: PostgreSQL, Redis and Elasticsearch run as unprivileged users that cannot enter a
checkout under /root or a ``mktemp -d`` folder; the scripts run them from
``/var/tmp/portal-<checkout hash>/``. This clones the committed tree into such a folder and
starts and stops every part from there, as ``make test`` on a fresh machine would.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest
import redis
import requests

pytestmark = pytest.mark.stack
ROOT = Path(__file__).resolve().parents[1]


def _run(clone: Path, script: str, command: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", f"scripts/{script}", command],
        cwd=clone,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def clone() -> Path:
    private = Path(tempfile.mkdtemp())
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    target = private / "portal"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(target)], check=True, timeout=120)
    # The Elasticsearch download is the same file for every clone: reuse this checkout's.
    cached = ROOT / ".cache" / "elasticsearch"
    zips = list(cached.glob("elasticsearch-*.zip")) if cached.exists() else []
    if zips:
        (target / ".cache" / "elasticsearch").mkdir(parents=True)
        shutil.copy(zips[0], target / ".cache" / "elasticsearch" / zips[0].name)
    yield target
    run_dir = Path("/var/tmp") / ("portal-" + hashlib.sha1(str(target).encode()).hexdigest()[:12])  # noqa: S324
    shutil.rmtree(run_dir, ignore_errors=True)
    shutil.rmtree(private, ignore_errors=True)


def test_postgres_from_a_private_clone(clone: Path) -> None:
    started = _run(clone, "postgres.sh", "start")
    try:
        assert started.returncode == 0, started.stderr
        url = started.stdout.strip().splitlines()[-1]
        assert url.startswith("postgres://")
        with psycopg.connect(url, connect_timeout=10) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        assert _run(clone, "postgres.sh", "status").returncode == 0
    finally:
        _run(clone, "postgres.sh", "destroy")
    assert _run(clone, "postgres.sh", "status").returncode == 1


@pytest.mark.parametrize("earlier_still_running", [False, True], ids=["stopped", "running"])
def test_postgres_in_a_clone_made_where_an_earlier_one_was(
    clone: Path, earlier_still_running: bool
) -> None:
    """CI re-clones into the same folder: the run directory (keyed by the path) outlives the
    earlier clone's .cache/, and with it the password. The start must recreate the cluster,
    not fail on the missing state (CI of 2026-12-01 failed exactly so)."""
    env = {"PG_NAME": "reclone"}
    try:
        assert _run(clone, "postgres.sh", "start", **env).returncode == 0
        if not earlier_still_running:
            assert _run(clone, "postgres.sh", "stop", **env).returncode == 0
        shutil.rmtree(clone / ".cache" / "postgres" / "reclone")  # the fresh clone has no .cache

        started = _run(clone, "postgres.sh", "start", **env)
        assert started.returncode == 0, started.stderr
        url = started.stdout.strip().splitlines()[-1]
        with psycopg.connect(url, connect_timeout=10) as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        _run(clone, "postgres.sh", "destroy", **env)


def test_redis_from_a_private_clone(clone: Path) -> None:
    started = _run(clone, "redis.sh", "start")
    try:
        assert started.returncode == 0, started.stderr
        url = started.stdout.strip().splitlines()[-1]
        assert url.startswith("redis://127.0.0.1:") and url.endswith("/0")
        assert redis.Redis.from_url(url).ping()
    finally:
        _run(clone, "redis.sh", "stop")
    assert _run(clone, "redis.sh", "status").returncode == 1


def test_elasticsearch_from_a_private_clone(clone: Path) -> None:
    started = _run(clone, "elasticsearch.sh", "start", ES_HEAP="256m")
    try:
        assert started.returncode == 0, started.stderr
        url = started.stdout.strip().splitlines()[-1]
        health = requests.get(url + "/_cluster/health", timeout=10).json()
        assert health["status"] in {"green", "yellow"}
        tokens = requests.post(
            url + "/_analyze", json={"analyzer": "latvian", "text": "Dzīvesvietas"}, timeout=10
        ).json()["tokens"]
        assert [t["token"] for t in tokens] == ["dzīvesviet"]  # the plugin compiled from source
    finally:
        _run(clone, "elasticsearch.sh", "stop")
    assert _run(clone, "elasticsearch.sh", "status").returncode == 1
