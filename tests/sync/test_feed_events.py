"""Feed mode and events: an event that services on several feed pages point to is repeated
on each page. The same node on two pages is one item, not a duplicate identifier."""

from __future__ import annotations

import pytest

from catalogue_pages.models import LifeSituationPage
from tests.sync.conftest import sync

pytestmark = pytest.mark.django_db


def _events(doc: dict) -> list[dict]:
    kinds = {"cv:LifeEvent", "cv:BusinessEvent"}
    types = [(n, n.get("@type")) for n in doc["@graph"]]
    return [n for n, t in types if set(t if isinstance(t, list) else [t]) & kinds]


def test_following_the_feed_alone_builds_every_event_once(site_tree, register, demo_doc):
    events = _events(demo_doc)
    assert len(events) >= 15
    lines = sync(register.url + "/changes?limit=10", "--feed", "--since", "2000-01-01T00:00:00Z")
    text = "\n".join(lines)
    assert register.count("/changes") > 3
    assert "more than one" not in text, text
    assert "skipped=0" in lines[-1], lines[-1]
    guides = LifeSituationPage.objects.filter(locale__language_code="lv", live=True)
    assert guides.count() == len(events)
    linked = {g.identifier: g.services.count() for g in guides}
    for event in events:
        assert linked[event["dct:identifier"]] > 0, event["dct:identifier"]
    # following it again writes nothing and reports nothing
    again = sync(register.url + "/changes?limit=10", "--feed", "--since", "2000-01-01T00:00:00Z")
    assert "more than one" not in "\n".join(again)
    assert again[-1].startswith("created=0 updated=0 unchanged="), again[-1]
    assert again[-1].endswith("withdrawn=0 skipped=0"), again[-1]


def test_the_feed_after_a_snapshot_skips_no_event(site_tree, register):
    sync(register.url + "/snapshot.jsonld")
    lines = sync(register.url + "/changes", "--feed", "--since", "2000-01-01T00:00:00Z")
    assert not [line for line in lines if "more than one" in line]
    assert lines[-1].startswith("created=0 updated=0 unchanged="), lines[-1]
