"""Conditional requests, gzip and the incremental feed against the real demo register."""

from __future__ import annotations

import copy
import json

import pytest

from catalogue_pages.models import ServicePage
from tests.sync.conftest import services_of, sync

pytestmark = pytest.mark.django_db


def test_unchanged_snapshot_costs_one_request_and_no_work(site_tree, register):
    url = register.url + "/snapshot.jsonld"
    sync(url)
    register.reset_counts()
    lines = sync(url)
    assert register.request_count == 1
    assert "HTTP 304" in "\n".join(lines)
    assert lines[-1].startswith("created=0 updated=0 unchanged=")


def test_feed_mode_follows_next_links_and_withdraws(site_tree, register, demo_doc):
    sync(register.url + "/snapshot.jsonld")
    doc = copy.deepcopy(demo_doc)
    target = next(s for s in services_of(doc) if s["adms:status"]["@id"].endswith("/active"))
    target["adms:status"] = {"@id": "https://virsis.example/status/withdrawn"}
    target["dct:modified"] = {"@type": "xsd:dateTime", "@value": "2099-01-01T00:00:00Z"}
    register.set_snapshot(json.dumps(doc).encode())
    register.reset_counts()
    lines = sync(register.url + "/changes?limit=1", "--feed", "--since", "2098-12-31T00:00:00Z")
    assert lines[-1] == "created=0 updated=0 unchanged=0 withdrawn=1 skipped=0"
    page = ServicePage.objects.get(identifier=target["dct:identifier"], locale__language_code="lv")
    assert not page.live and page.withdrawn_at
    # a second feed run reads from the stored checkpoint minus the overlap window
    lines = sync(register.url + "/changes?limit=1", "--feed")
    assert lines[-1].startswith("created=0 updated=0")


def test_feed_pagination(site_tree, register):
    sync(register.url + "/snapshot.jsonld")
    register.reset_counts()
    lines = sync(register.url + "/changes?limit=7", "--feed", "--since", "2000-01-01T00:00:00Z")
    assert register.count("/changes") > 2
    assert lines[-1].startswith("created=0 updated=0 unchanged=")
