"""The combined test's stack, built once per module (it takes a minute) and torn down after.

The parts come from ``tests/plugins/services.py``; the topology from ``topology.py``, the
nginx in front from ``proxy.py`` (``deploy/nginx/``), the Varnish between them from
``varnish.py`` (``deploy/varnish/``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.stack.topology import Stack, build_stack


@pytest.fixture(scope="module")
def stack(postgres_part, redis_part, limits_redis_part, es_cluster) -> Iterator[Stack]:
    with build_stack(
        postgres_part,
        redis_part,
        es_cluster,
        limits_redis_part=limits_redis_part,
        with_varnish=True,
    ) as built:
        yield built
