"""Life situations (events) are skipped by raw hash like services, and stay correctly linked."""

from __future__ import annotations

import copy

import pytest

from catalogue_pages.models import LifeSituationPage, ServicePage
from sync import rdf
from tests.sync.conftest import DEMO_SNAPSHOT, sync, write_doc

pytestmark = pytest.mark.django_db
EVENT = "https://virsis.example/id/event/DS-001"
SERVICE = "https://virsis.example/id/service/PAK-0003"


def _count_event_parses(monkeypatch) -> list[str]:
    seen: list[str] = []
    original = rdf.event_record

    def counting(r, s, kind):
        seen.append(str(s))
        return original(r, s, kind)

    monkeypatch.setattr(rdf, "event_record", counting)
    return seen


def _event_node(doc: dict) -> dict:
    return next(n for n in doc["@graph"] if n["@id"] == EVENT)


def test_unchanged_events_are_not_parsed_again_changed_ones_are(
    site_tree, tmp_path, demo_doc, monkeypatch
):
    path = write_doc(tmp_path, demo_doc)
    sync(path)
    page = LifeSituationPage.objects.get(identifier="DS-001", locale__language_code="lv")
    links = set(page.services.values_list("identifier", flat=True))
    assert links

    seen = _count_event_parses(monkeypatch)
    lines = sync(path)
    assert seen == []
    assert lines[-1].startswith("created=0 updated=0 ")

    changed = copy.deepcopy(demo_doc)
    titles = _event_node(changed)["dct:title"]
    for title in titles if isinstance(titles, list) else [titles]:
        if title.get("@language") == "lv":
            title["@value"] = "Bērna piedzimšana (labots)"
    write_doc(tmp_path, changed)
    sync(path)
    assert seen == [EVENT]
    page.refresh_from_db()
    assert page.title == "Bērna piedzimšana (labots)"
    assert set(page.services.values_list("identifier", flat=True)) == links

    # A third run with the same bytes parses nothing again.
    seen.clear()
    sync(path)
    assert seen == []


def test_unchanged_event_is_linked_to_a_service_created_later(site_tree, tmp_path, demo_doc):
    without = copy.deepcopy(demo_doc)
    without["@graph"] = [n for n in without["@graph"] if n["@id"] != SERVICE]
    path = write_doc(tmp_path, without)
    sync(path)
    page = LifeSituationPage.objects.get(identifier="DS-001", locale__language_code="lv")
    assert "PAK-0003" not in set(page.services.values_list("identifier", flat=True))

    # The event's own bytes are unchanged; the service it names now exists.
    path.write_bytes(DEMO_SNAPSHOT.read_bytes())
    lines = sync(path)
    assert lines[-1].startswith("created=1 ")
    assert ServicePage.objects.filter(identifier="PAK-0003").count() == 2
    for lang in ("lv", "en"):
        page = LifeSituationPage.objects.get(identifier="DS-001", locale__language_code=lang)
        assert "PAK-0003" in set(page.services.values_list("identifier", flat=True)), lang
