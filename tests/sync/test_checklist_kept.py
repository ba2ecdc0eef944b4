"""A guide's checklist people keep without JavaScript: the ticks travel in a signed private
link, print as ticked, and a step the register changed after its tick says so."""

from __future__ import annotations

import json
import re

import pytest

from catalogue_pages import checklist
from catalogue_pages.models import LifeSituationPage
from tests.sync.conftest import DEMO_SNAPSHOT, sync, write_doc
from tests.sync.test_change_notes import v2_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(site_tree, tmp_path):
    doc = json.loads(DEMO_SNAPSHOT.read_text(encoding="utf-8"))
    path = write_doc(tmp_path, doc)
    sync(path)
    page = LifeSituationPage.objects.get(identifier="DS-002", locale__language_code="en")
    return page, path, doc


def _checked(html: str) -> set[str]:
    return set(re.findall(r'name="done" value="(\d+)" checked', html))


def test_ticks_travel_in_a_private_link_and_print(guide, client):
    page, _path, _doc = guide
    url = f"{page.url}checklist/"
    response = client.get(url, {"save": "1", "done": ["0", "2"]})
    assert response.status_code == 302
    link = response["Location"]
    assert link.startswith(f"{url}?t=") and link.endswith("#private-link")

    html = client.get(link.split("#")[0])
    assert html["Cache-Control"] == "private, no-store"
    body = html.content.decode()
    assert _checked(body) == {"0", "2"}  # printed as ticked too: the state is in the HTML
    assert 'id="private-link"' in body and "Bookmark this link" in body

    # Unticking one keeps the other's tick day (the form carries the link's token).
    token = link.split("t=", 1)[1].split("#")[0]
    again = client.get(url, {"save": "1", "t": token, "done": ["2"]})
    assert _checked(client.get(again["Location"].split("#")[0]).content.decode()) == {"2"}


def test_a_damaged_link_is_a_clear_400(guide, client):
    page, _path, _doc = guide
    response = client.get(f"{page.url}checklist/", {"t": "bojats"})
    assert response.status_code == 400
    assert "This private link is damaged" in response.content.decode()
    other = checklist.make_token("DS-001", {0: "2026-01-01"})  # made for another guide
    assert client.get(f"{page.url}checklist/", {"t": other}).status_code == 400


def test_a_step_changed_since_it_was_ticked_says_so(guide, client):
    page, path, doc = guide
    html = client.get(f"{page.url}checklist/").content.decode()
    steps = re.findall(r'<div class="need">(.*?)</div>', html, re.S)
    (index,) = [
        i for i, step in enumerate(steps) if "Certificate of declared residence" in step
    ]  # PAK-0002
    token = checklist.make_token("DS-002", {index: "2026-01-01"})
    assert "Changed since you ticked it" not in _visible(client, page, token)

    write_doc(path.parent, v2_of(doc))
    sync(path)  # the register changes PAK-0002's fee after the tick
    visible = _visible(client, page, token)
    assert visible.count("Changed since you ticked it") == 1


def _visible(client, page, token: str) -> str:
    html = client.get(f"{page.url}checklist/", {"t": token}).content.decode()
    return re.sub(r'<p class="changed-since"[^>]*hidden>.*?</p>', "", html, flags=re.S)
