"""``/open-data/changes``: the register's feed contract, spoken by this portal."""

from __future__ import annotations

import json
from io import StringIO
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command

from catalogue_pages.models import LifeSituationPage, ServicePage
from open_data import state
from open_data.models import ItemState
from tests.sync.conftest import DEMO_SNAPSHOT, services_of

pytestmark = pytest.mark.django_db

BASE = "https://pakalpojumi.example.lv"
SINCE = "2000-01-01T00:00:00Z"


@pytest.fixture(autouse=True)
def _open_data(settings, tmp_path):
    settings.PORTAL_BASE_URL = BASE
    settings.OPEN_DATA_ROOT = tmp_path / "open-data"


def pages(client, url: str) -> list:
    out = []
    while url:
        response = client.get(url.removeprefix(BASE))
        assert response.status_code == 200, response.content
        assert response["Content-Type"].startswith("application/ld+json")
        out.append((response, json.loads(response.content)))
        link = response.get("Link", "")
        url = link.split(">", 1)[0].lstrip("<") if 'rel="next"' in link else ""
    return out


def kind(node: dict) -> str:
    types = node.get("@type")
    return " ".join(types) if isinstance(types, list) else str(types)


def test_paged_changes_follow_link_next(client, demo_catalogue):
    got = pages(client, f"/open-data/changes?since={SINCE}&limit=7")
    services = [n for _r, doc in got for n in doc["@graph"] if kind(n) == "cpsv:PublicService"]
    identifiers = [n["dct:identifier"] for n in services]
    expected = ServicePage._base_manager.filter(locale__language_code="lv").count()
    assert len(identifiers) == len(set(identifiers)) == expected
    items = ItemState.objects.filter(kind__in=["service", "event"]).count()
    assert items == expected + LifeSituationPage.objects.filter(locale__language_code="lv").count()
    assert len(got) == -(-items // 7)
    first = got[0][0]
    query = parse_qs(urlsplit(first["Link"].split(">")[0].lstrip("<")).query)
    assert query["since"] == [SINCE] and query["limit"] == ["7"]
    assert first["Link"].startswith(f"<{BASE}/open-data/changes?")
    assert int(first["X-Total-Count"]) == items
    assert "Link" not in got[-1][0]
    # every page stands alone: a service's channels and organisation come with it
    for _response, doc in got:
        ids = {n["@id"] for n in doc["@graph"]}
        for node in doc["@graph"]:
            if kind(node) == "cpsv:PublicService" and node["adms:status"]["@id"].endswith("active"):
                for ref in node.get("cv:hasChannel", []):
                    assert ref["@id"] in ids
                assert node["cv:hasCompetentAuthority"]["@id"] in ids
        text = json.dumps(doc, ensure_ascii=False)
        assert "INTERNAL-ONLY" not in text and "ns/private" not in text


def test_withdrawals_carry_the_withdrawn_status(client, demo_catalogue, tmp_path):
    doc = json.loads(DEMO_SNAPSHOT.read_text(encoding="utf-8"))
    target = next(s for s in services_of(doc) if s["adms:status"]["@id"].endswith("/active"))
    target["adms:status"] = {"@id": "https://virsis.example/status/withdrawn"}
    path = tmp_path / "withdrawn.jsonld"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = ItemState.objects.get(kind="service", key=target["dct:identifier"]).changed_at
    call_command("sync_register", "--source", str(path), stdout=StringIO())
    row = ItemState.objects.get(kind="service", key=target["dct:identifier"])
    assert row.changed_at > before
    since = row.changed_at.isoformat()
    got = pages(client, f"/open-data/changes?since={since.replace('+', '%2B')}")
    nodes = [n for _r, d in got for n in d["@graph"] if kind(n) == "cpsv:PublicService"]
    assert [n["dct:identifier"] for n in nodes] == [target["dct:identifier"]]
    assert nodes[0]["adms:status"]["@id"] == "https://virsis.example/status/withdrawn"


def test_an_unpublished_service_is_told_as_withdrawn(client, demo_catalogue):
    page = ServicePage.objects.live().filter(locale__language_code="lv").first()
    page.unpublish()
    state.refresh()
    row = ItemState.objects.get(kind="service", key=page.identifier)
    assert not row.published
    got = pages(
        client, f"/open-data/changes?since={row.changed_at.isoformat().replace('+', '%2B')}"
    )
    node = next(
        n for _r, d in got for n in d["@graph"] if n.get("dct:identifier") == page.identifier
    )
    assert node["adms:status"]["@id"].endswith("/withdrawn")
    assert node["dct:title"][0]["@value"] == page.title


def test_nothing_changed_since_means_an_empty_page(client, demo_catalogue):
    response = client.get("/open-data/changes?since=2999-01-01T00:00:00Z")
    assert response.status_code == 200 and "Link" not in response
    assert json.loads(response.content)["@graph"] == []


def test_a_page_past_the_end_is_empty(client, demo_catalogue):
    last = ItemState.objects.order_by("-changed_at", "-kind", "-key").first()
    cursor = f"{last.changed_at.isoformat()}~{last.kind}~{last.key}"
    response = client.get("/open-data/changes", {"since": SINCE, "cursor": cursor})
    assert response.status_code == 200 and "Link" not in response
    assert json.loads(response.content)["@graph"] == []


@pytest.mark.parametrize(
    "query",
    [
        {"since": "yesterday"},
        {"since": "2026-13-40T00:00:00Z"},
        {"since": SINCE, "limit": "0"},
        {"since": SINCE, "limit": "ten"},
        {"since": SINCE, "limit": "²"},
        {"since": SINCE, "limit": "100000"},
        {"since": SINCE, "cursor": "garbage"},
    ],
)
def test_bad_input_is_a_400_with_a_message(client, site_tree, query):
    response = client.get("/open-data/changes", query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert json.loads(response.content)["error"]


def test_the_message_is_in_the_readers_language(client, site_tree):
    en = client.get("/open-data/changes?since=yesterday", HTTP_ACCEPT_LANGUAGE="en")
    lv = client.get("/open-data/changes?since=yesterday", HTTP_ACCEPT_LANGUAGE="lv")
    assert "ISO 8601" in json.loads(en.content)["error"]
    assert json.loads(en.content)["error"].startswith("“since” must be")
    assert json.loads(lv.content)["error"] != json.loads(en.content)["error"]
    assert en["Content-Language"] == "en" and lv["Content-Language"] == "lv"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("wagtail_root")
def test_the_sync_reads_the_feed(client, demo_catalogue, live_server, settings):
    """The feed contract is the one ``sync_register --feed`` reads (against itself here)."""
    settings.PORTAL_BASE_URL = live_server.url
    out = StringIO()
    call_command(
        "sync_register",
        "--source",
        live_server.url + "/open-data/changes?limit=50",
        "--feed",
        "--since",
        SINCE,
        stdout=out,
    )
    last = out.getvalue().splitlines()[-1]
    assert last.startswith("created=0 updated=0 unchanged=") and last.endswith("skipped=0"), last


def test_the_change_check_compares_the_catalogue_batch_by_batch(monkeypatch, demo_catalogue):
    """Batches of two items: every item is still recorded once, a change is seen wherever
    its batch falls, and an item gone from the catalogue is told as unpublished."""
    monkeypatch.setattr(state, "BATCH", 2)
    state.refresh()
    recorded = ItemState.objects.count()
    assert recorded == ItemState.objects.values("kind", "key").distinct().count()
    assert not state.refresh()  # nothing changed: no generation bump
    services = list(ServicePage.objects.live().filter(locale__language_code="lv").order_by("pk"))
    first, last = services[0], services[-1]  # in the first batch and in the last
    ServicePage.objects.filter(pk=last.pk).update(title="Pārdēvēts pakalpojums")
    first.delete()
    assert state.refresh()
    assert ItemState.objects.count() == recorded
    assert ItemState.objects.get(kind="service", key=last.identifier).title == (
        "Pārdēvēts pakalpojums"
    )
    assert not ItemState.objects.get(kind="service", key=first.identifier).published
