"""Pytest plugin: a real Elasticsearch node for tests marked ``elasticsearch``.

Why: search behaviour (Latvian analysis, hunspell stemming, mappings) cannot be
trusted to a mock, so these tests talk to a real node. The node comes from
``scripts/elasticsearch.sh`` (official integ-test-zip from Maven Central), is
started at most once per session and only when a collected test needs it, and
is stopped at the end only if this session started it. ``ELASTICSEARCH_URL``
overrides all of that (CI services, a developer's own node).

A node that cannot be started is a test failure, never a skip: a silently
skipped search suite looks exactly like a passing one.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

MARKER = "elasticsearch"
REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "elasticsearch.sh"
LOCK_FILE = REPO_ROOT / ".cache" / "elasticsearch" / "pytest.lock"
START_TIMEOUT_S = 600  # first run downloads ~100 MB with Maven


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{MARKER}: needs a real Elasticsearch node")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Give every marked test the node; unmarked-only runs never start one.

    The node is started lazily by the session fixture, so a run that selects no
    marked test (``-m "not elasticsearch"``) costs nothing.
    """
    for item in items:
        if (
            item.get_closest_marker(MARKER)
            and isinstance(item, pytest.Function)
            and "elasticsearch_url" not in item.fixturenames
        ):
            item.fixturenames.append("elasticsearch_url")


def _run_script(command: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    suffix = env.get("TEST_PARTS_SUFFIX", "")
    if suffix:  # a second session in this checkout (scripts/test.sh): a node of its own
        env["ES_CLUSTER"] = env.get("ES_CLUSTER", "dev") + suffix
    return subprocess.run(
        ["bash", str(SCRIPT), command],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT_S,
        check=False,
    )


def _start_node() -> tuple[str, bool]:
    """Start (or reuse) the script's node; return (url, started_by_us)."""
    already_running = _run_script("status").returncode == 0
    result = _run_script("start")
    lines = result.stdout.strip().splitlines()
    if result.returncode != 0 or not lines or not lines[-1].startswith("http"):
        pytest.fail(
            "Could not start Elasticsearch with scripts/elasticsearch.sh start "
            f"(exit {result.returncode}). Set ELASTICSEARCH_URL to use an existing node.\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}",
            pytrace=False,
        )
    return lines[-1], not already_running


@pytest.fixture(scope="session")
def elasticsearch_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """URL of a healthy node: ``$ELASTICSEARCH_URL`` or one started for this session."""
    env_url = os.environ.get("ELASTICSEARCH_URL")
    if env_url:
        yield env_url.rstrip("/")
        return
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # Several workers: one node, started under a lock (start is idempotent);
        # nobody knows which worker ends last, so it is left running.
        LOCK_FILE.parent.mkdir(parents=True, exist_ok=True)
        with LOCK_FILE.open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            url, _ = _start_node()
        yield url
        return
    url, started = _start_node()
    yield url
    if started:
        _run_script("stop")


@pytest.fixture(scope="session")
def es_index_prefix(elasticsearch_url: str) -> Iterator[str]:
    """Unique index/alias prefix for this run; everything under it is deleted at the end."""
    from elasticsearch import Elasticsearch, NotFoundError

    prefix = f"test-{uuid.uuid4().hex[:8]}-"
    yield prefix
    client = Elasticsearch(elasticsearch_url)
    try:
        pattern = f"{prefix}*"
        # Explicit names: works even where action.destructive_requires_name=true.
        try:
            aliases = client.indices.get_alias(name=pattern, expand_wildcards="all")
        except NotFoundError:
            aliases = {}
        for index, body in dict(aliases).items():
            for alias in body.get("aliases", {}):
                if not index.startswith(prefix):
                    client.indices.delete_alias(index=index, name=alias)
        indices = client.indices.get(index=pattern, expand_wildcards="all")
        if indices:
            client.indices.delete(index=",".join(indices), expand_wildcards="all")
    finally:
        client.close()
