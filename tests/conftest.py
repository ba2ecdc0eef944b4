"""Shared fixtures. The Elasticsearch node comes from ``tests/plugins/elasticsearch_node.py``."""

from __future__ import annotations

import pytest

pytest_plugins = [
    "tests.plugins.elasticsearch_node",
    "tests.plugins.es_accounting",
    "tests.plugins.browser",
    "tests.plugins.services",
]


@pytest.fixture
def site_tree(db):
    """The fixed page skeleton (home, catalogues, indexes) in both languages."""
    from catalogue_pages.site_tree import ensure_site_tree

    return ensure_site_tree()


@pytest.fixture
def use_elasticsearch(settings, elasticsearch_url, es_index_prefix):
    """Point the app at the real test node with this run's index prefix."""
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.ELASTICSEARCH_INDEX_PREFIX = es_index_prefix
    return elasticsearch_url


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in their own cache alias; no test inherits another's."""
    from requestkit.ratelimit import limits_cache

    limits_cache().clear()
    yield
    limits_cache().clear()
