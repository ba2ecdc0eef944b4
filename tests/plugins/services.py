"""Pytest plugin: real PostgreSQL, Redis and a two-node Elasticsearch cluster on demand.

Why: the production topology (``docs/deployment.md``) is proven against the real parts, each
started by the project's own script (``scripts/postgres.sh``, ``scripts/redis.sh``,
``ES_NODES=2 scripts/elasticsearch.sh``) under a name of its own (``pytest``, followed by
``$TEST_PARTS_SUFFIX``: ``scripts/test.sh`` runs its two passes side by side in one checkout,
each with its own parts), on free ports.
Each part starts at most once per session, only when a collected test asks for it, and is
stopped at the end if this session started it. A part that cannot start is a failure.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.cache import caches

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = REPO_ROOT / "scripts"
TIMEOUT_S = 600


@dataclass
class Part:
    """One running part: its script, the environment naming it, and its URL."""

    script: str
    env: dict[str, str]
    url: str = ""
    started_here: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    def run(self, command: str, **more: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", str(SCRIPTS / self.script), command],
            env={**os.environ, **self.env, **more},
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )

    def start(self) -> str:
        already = self.run("status").returncode == 0
        result = self.run("start")
        lines = result.stdout.strip().splitlines()
        if result.returncode != 0 or not lines:
            pytest.fail(
                f"scripts/{self.script} start failed (exit {result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}",
                pytrace=False,
            )
        self.url = lines[-1]
        self.started_here = not already
        return self.url

    def stop(self) -> None:
        self.run("stop")


#: appended to every part's name: a second session in the same checkout starts its own parts
SUFFIX = os.environ.get("TEST_PARTS_SUFFIX", "")


def _session_part(script: str, env: dict[str, str]) -> Iterator[Part]:
    named = {
        key: f"{value}{SUFFIX}" if key.endswith(("_NAME", "_CLUSTER")) else value
        for key, value in env.items()
    }
    part = Part(script, named)
    part.start()
    yield part
    if part.started_here:
        part.stop()


@pytest.fixture(scope="session")
def redis_part() -> Iterator[Part]:
    yield from _session_part("redis.sh", {"REDIS_NAME": "pytest"})


@pytest.fixture(scope="session")
def limits_redis_part() -> Iterator[Part]:
    """The second Redis of the production recipe: counters and generations, never evicted."""
    yield from _session_part(
        "redis.sh", {"REDIS_NAME": "pytest-limits", "REDIS_POLICY": "noeviction"}
    )


@pytest.fixture(scope="session")
def postgres_part() -> Iterator[Part]:
    yield from _session_part("postgres.sh", {"PG_NAME": "pytest"})


@pytest.fixture(scope="session")
def es_cluster() -> Iterator[Part]:
    """Two nodes (node 1 master + data, node 2 data), heap 256 MB each."""
    yield from _session_part(
        "elasticsearch.sh", {"ES_CLUSTER": "pytest-pair", "ES_NODES": "2", "ES_HEAP": "256m"}
    )


@pytest.fixture
def redis_cache(settings, redis_part: Part) -> Iterator[str]:
    """The app's default cache is the real Redis (the production backend), emptied around."""
    settings.CACHES = {
        "default": {
            "BACKEND": "requestkit.cache.ResilientRedisCache",
            "LOCATION": redis_part.url,
            "KEY_PREFIX": f"pytest-{os.getpid()}",
        }
    }
    caches["default"].clear()
    yield redis_part.url
    caches["default"].clear()
