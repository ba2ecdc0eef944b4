"""Fixtures of the open-data tests: the demo register over real HTTP, synced like in production."""

from __future__ import annotations

import pytest

from tests.sync.conftest import DEMO_SNAPSHOT, sync


@pytest.fixture
def register():
    """The demo register (demo/register/server.py) on a free port."""
    from demo.register.server import RegisterServer

    with RegisterServer(DEMO_SNAPSHOT) as server:
        yield server


@pytest.fixture
def demo_catalogue(site_tree, register):
    """The demo register synced through the real command, over HTTP."""
    lines = sync(register.url + "/snapshot.jsonld")
    assert lines[-1].startswith("created="), lines
    return register
