"""A publish, a sync change and a withdrawal purge what they make stale in the shared cache
(issue 23, item 4): the page in both languages, its catalogues, its guides, the sitemap and
the open-data endpoints. The purges go over HTTP to a real server standing in for Varnish; one
that is down costs a log line and a count, never the publish.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from prometheus_client import REGISTRY

from catalogue_pages import purge
from catalogue_pages.models import ServicePage
from catalogue_pages.purge import affected_paths
from catalogue_pages.signals import services_changed
from requestkit import frontend_purge

pytestmark = pytest.mark.django_db

ALWAYS = {
    "/sitemap.xml",
    "/open-data/changes",
    "/open-data/cpsv-ap.jsonld",
    "/open-data/cpsv-ap.ttl",
    "/open-data/catalog.ttl",
}


def _catalogues(site_tree, *audiences: str) -> set[str]:
    return {
        site_tree.catalogues[language][audience].url
        for language in ("lv", "en")
        for audience in audiences
    }


def test_a_service_purges_itself_in_both_languages_its_catalogues_and_guides(
    catalogue, site_tree
) -> None:
    paths = affected_paths([catalogue.citizen_only.pk])
    assert paths == {
        "/lv/pakalpojumi/dzivesvietas-deklaresana/",
        "/en/pakalpojumi/dzivesvietas-deklaresana/",
        *_catalogues(site_tree, "citizen"),
        catalogue.guide.url,
        catalogue.guide_en.url,
        *ALWAYS,
    }
    assert "/lv/iedzivotajiem/" in paths and "/en/iedzivotajiem/" in paths


def test_the_english_page_names_the_same_addresses(catalogue) -> None:
    assert affected_paths([catalogue.citizen_only_en.pk]) == affected_paths(
        [catalogue.citizen_only.pk]
    )


def test_a_service_of_two_audiences_purges_both_catalogues_and_not_the_third(
    catalogue, site_tree
) -> None:
    paths = affected_paths([catalogue.both.pk])
    assert _catalogues(site_tree, "citizen", "business") <= paths
    assert not _catalogues(site_tree, "public-administration") & paths
    assert catalogue.guide.url in paths  # the Latvian guide lists it; no English one does


def test_a_sync_run_purges_every_catalogue(catalogue, site_tree) -> None:
    """A run may have moved a service to another audience; which it had before is gone."""
    paths = affected_paths([catalogue.business_only.pk], every_catalogue=True)
    assert _catalogues(site_tree, "citizen", "business", "public-administration") <= paths


def test_a_withdrawn_service_still_purges_its_address(catalogue) -> None:
    catalogue.citizen_only.unpublish()
    catalogue.citizen_only.refresh_from_db()
    assert not catalogue.citizen_only.live
    assert "/lv/pakalpojumi/dzivesvietas-deklaresana/" in affected_paths(
        [catalogue.citizen_only.pk]
    )


def test_an_editorial_page_purges_itself_and_the_sitemap(catalogue) -> None:
    paths = affected_paths([catalogue.guide.pk])
    assert {catalogue.guide.url, catalogue.guide_en.url, "/sitemap.xml"} <= paths
    assert not any("/pakalpojumi/" in path for path in paths)


class _Recorder(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, str]]

    def do_PURGE(self) -> None:  # noqa: N802 — the HTTP method's name
        self.seen.append(("PURGE", self.headers["Host"], self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def cache_server() -> Iterator[tuple[str, list]]:
    seen: list[tuple[str, str, str]] = []
    handler = type("Recorder", (_Recorder,), {"seen": seen})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", seen
    server.shutdown()
    server.server_close()


def _configure(settings, location: str) -> None:
    settings.PORTAL_BASE_URL = "https://pakalpojumi.example.lv"
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {
            "BACKEND": "requestkit.frontend_purge.TimedHTTPBackend",
            "LOCATION": location,
            "TIMEOUT": 2,
        }
    }


def _count(outcome: str) -> float:
    return REGISTRY.get_sample_value("portal_frontend_purges_total", {"outcome": outcome}) or 0.0


def test_publishing_purges_after_the_commit(
    catalogue, settings, cache_server, django_capture_on_commit_callbacks
) -> None:
    location, seen = cache_server
    _configure(settings, location)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        catalogue.citizen_only.save_revision().publish()
        assert seen == [], "nothing before the commit"
    for callback in callbacks:
        callback()
    paths = {path for _method, _host, path in seen}
    assert paths == affected_paths([catalogue.citizen_only.pk])
    assert {host for _method, host, _path in seen} == {"pakalpojumi.example.lv"}


def test_a_sync_run_purges_in_one_batch(
    catalogue, settings, cache_server, django_capture_on_commit_callbacks
) -> None:
    location, seen = cache_server
    _configure(settings, location)
    ids = [catalogue.citizen_only.pk, catalogue.business_only.pk]
    with django_capture_on_commit_callbacks(execute=True):
        services_changed.send(sender=ServicePage, page_ids=ids)
    paths = [path for _method, _host, path in seen]
    assert len(paths) == len(set(paths)), "each address once"
    assert set(paths) == affected_paths(ids, every_catalogue=True)


def test_a_mass_change_purges_everything_at_once(
    catalogue, settings, cache_server, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    """Thousands of bans would slow every lookup in Varnish; one ban of everything does not."""
    location, seen = cache_server
    _configure(settings, location)
    ids = [catalogue.citizen_only.pk, catalogue.business_only.pk]
    monkeypatch.setattr(purge, "EVERYTHING_ABOVE", len(affected_paths(ids)) - 1)
    with django_capture_on_commit_callbacks(execute=True):
        services_changed.send(sender=ServicePage, page_ids=ids)
    assert [path for _method, _host, path in seen] == ["/*"]


def test_withdrawal_purges(catalogue, settings, cache_server, django_capture_on_commit_callbacks):
    location, seen = cache_server
    _configure(settings, location)
    with django_capture_on_commit_callbacks(execute=True):
        catalogue.citizen_only.unpublish()
    assert ("PURGE", "pakalpojumi.example.lv", "/en/pakalpojumi/dzivesvietas-deklaresana/") in seen


def test_a_cache_that_is_down_costs_a_count_not_the_publish(
    catalogue, settings, django_capture_on_commit_callbacks
) -> None:
    _configure(settings, "http://127.0.0.1:9")  # discard port: nothing listens
    failed, skipped = _count("failed"), _count("skipped")
    with django_capture_on_commit_callbacks(execute=True):
        catalogue.citizen_only.save_revision().publish()
    catalogue.citizen_only.refresh_from_db()
    assert catalogue.citizen_only.live
    addresses = len(affected_paths([catalogue.citizen_only.pk]))
    assert _count("failed") - failed == 1, "the first refusal stops the batch"
    assert _count("skipped") - skipped == addresses - 1


def test_a_sync_run_with_the_cache_down_goes_on_and_counts_it(
    catalogue, settings, django_capture_on_commit_callbacks
) -> None:
    _configure(settings, "http://127.0.0.1:9")
    failed = _count("failed")
    with django_capture_on_commit_callbacks(execute=True):
        services_changed.send(sender=ServicePage, page_ids=[catalogue.citizen_only.pk])
    assert _count("failed") - failed == 1


def test_a_refused_purge_is_counted_and_the_batch_goes_on(settings) -> None:
    class Refusing(_Recorder):
        def do_PURGE(self) -> None:  # noqa: N802
            self.send_response(405)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        _configure(settings, f"http://127.0.0.1:{server.server_port}")
        outcome = frontend_purge.purge(["https://x.example/a", "https://x.example/b"])
    finally:
        server.shutdown()
        server.server_close()
    assert outcome == {"purged": 0, "failed": 2, "skipped": 0}


def test_nothing_is_sent_without_a_configured_cache(catalogue, settings, cache_server) -> None:
    _location, seen = cache_server
    settings.WAGTAILFRONTENDCACHE = {}
    assert frontend_purge.purge(["https://x.example/a"]) == {"purged": 0, "failed": 0, "skipped": 0}
    assert seen == []
