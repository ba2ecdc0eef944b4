"""A catalogue change never holds up the database fallback's searches: while one background
thread rebuilds a process's corpus, the previous corpus answers, and a service withdrawn or
unpublished since it was built is never shown from it.

Transactional: the rebuild reads through its own thread's connection, which sees only
committed rows (a caller inside a transaction builds in line instead).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from django.utils import timezone

from catalogue_pages import cache as cache_keys
from search import fallback
from search.queries import SearchParams
from sync.write import withdraw_services
from tests.factories import ServicePageFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("wagtail_root"),  # what the transactional flush removes
]


def _rebuilds() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("fallback-corpus-")]


@pytest.fixture(autouse=True)
def held_rebuild(monkeypatch) -> Iterator[tuple[threading.Event, threading.Event]]:  # type: ignore[no-untyped-def]
    """Background rebuilds that start, then wait for the test's word: a rebuild in flight."""
    fallback._cache.clear()
    started, release = threading.Event(), threading.Event()
    build = fallback._build

    def held(language: str) -> fallback._Corpus:
        if threading.current_thread().name.startswith("fallback-corpus-"):
            started.set()
            assert release.wait(60)
        return build(language)

    monkeypatch.setattr(fallback, "_build", held)
    yield started, release
    release.set()
    for thread in _rebuilds():  # none may read the tables the teardown empties
        thread.join(60)
    fallback._cache.clear()


def _ids(query: str) -> list[str]:
    found = fallback.DatabaseBackend().search(SearchParams(query=query, language="lv"))
    return [hit.identifier for hit in found.hits]


def test_a_search_during_a_rebuild_answers_from_the_previous_corpus(
    site_tree, held_rebuild
) -> None:
    started, release = held_rebuild
    ServicePageFactory(title="Pases izsniegšana", identifier="PAK-RB-1")
    assert _ids("pase") == ["PAK-RB-1"]  # no corpus yet: built in line
    ServicePageFactory(title="Pases apmaiņa", identifier="PAK-RB-2")
    assert _ids("pase") == ["PAK-RB-1"]  # the previous corpus; a rebuild is started
    assert started.wait(60)
    assert _ids("pase") == ["PAK-RB-1"]  # answered while the rebuild is held
    assert len(_rebuilds()) == 1  # one thread, however many searches
    release.set()
    for thread in _rebuilds():
        thread.join(60)
    assert _ids("pase") == ["PAK-RB-2", "PAK-RB-1"]


def test_a_withdrawn_service_is_never_shown_from_the_previous_corpus(
    site_tree, held_rebuild
) -> None:
    started, _release = held_rebuild
    withdrawn = ServicePageFactory(title="Pases izsniegšana", identifier="PAK-RB-1")
    unpublished = ServicePageFactory(title="Pases atjaunošana", identifier="PAK-RB-3")
    ServicePageFactory(title="Pases apmaiņa", identifier="PAK-RB-2")
    assert _ids("pase") == ["PAK-RB-2", "PAK-RB-3", "PAK-RB-1"]
    withdraw_services([withdrawn.pk], timezone.now())
    cache_keys.bump()  # what the sync run's ``services_changed`` does
    unpublished.unpublish()  # bumps the generation itself (``page_unpublished``)
    assert _ids("pase") == ["PAK-RB-2"]
    assert started.wait(60)  # the answer above came from the corpus built before both
    suggestions = fallback.DatabaseBackend().autocomplete("pas", "lv", "", 8)
    assert [s.identifier for s in suggestions] == ["PAK-RB-2"]


def test_a_search_inside_a_transaction_sees_its_own_writes(site_tree, held_rebuild) -> None:
    """A background thread would not see them: inside a transaction the corpus is built in
    line, as before."""
    from django.db import transaction

    started, _release = held_rebuild
    ServicePageFactory(title="Pases izsniegšana", identifier="PAK-RB-1")
    assert _ids("pase") == ["PAK-RB-1"]
    with transaction.atomic():
        ServicePageFactory(title="Pases apmaiņa", identifier="PAK-RB-2")
        assert _ids("pase") == ["PAK-RB-2", "PAK-RB-1"]
    assert not started.is_set()
