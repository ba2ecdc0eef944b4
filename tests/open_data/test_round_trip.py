"""The round trip: portal B syncs from portal A exactly as A syncs from the register.

Portal A is a real server (gunicorn, its own SQLite database, a free port) that synced the
demo register; portal B is this test's database. B reads A's whole-catalogue dump with
``sync_register --source <A>/open-data/cpsv-ap.jsonld``, then follows A's change feed. B must
end with what A shows (services, titles, descriptions, sections, audiences, life-situation
links, in both languages); a second run writes nothing; a withdrawal in A reaches B.
"""

from __future__ import annotations

import copy
import json
import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests

from tests.open_data.probe import snapshot
from tests.sync.conftest import DEMO_SNAPSHOT, ROOT, services_of, sync

pytestmark = pytest.mark.django_db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PortalA:
    """Another portal: its own database file, its own processes, a real HTTP server."""

    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.test",
            "DATABASE_URL": f"sqlite:///{folder / 'portal-a.sqlite3'}",
            "PORTAL_BASE_URL": self.url,
            "OPEN_DATA_ROOT": str(folder / "open-data"),
            "PYTHONPATH": str(ROOT),
        }
        self.env.pop("ELASTICSEARCH_URL", None)
        self.server: subprocess.Popen | None = None
        self.log = (folder / "portal-a.log").open("wb")

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr.decode()[-3000:]
        return done.stdout.decode()

    def probe(self) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "tests.open_data.probe"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr.decode()[-3000:]
        return json.loads(done.stdout)

    def start(self) -> None:
        self.server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--timeout",
                "120",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if requests.get(self.url + "/open-data/catalog.ttl", timeout=5).ok:
                    return
            except (requests.ConnectionError, requests.Timeout):
                # not listening yet, or its first answer (the change check) is slow under load
                time.sleep(0.3)
        self.stop()  # the fixture never reaches its own stop when start fails
        raise AssertionError("portal A did not start")

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)
        self.log.close()


@pytest.fixture
def portal_a(tmp_path, register):
    portal = PortalA(tmp_path)
    portal.manage("migrate", "-v0")
    portal.manage("sync_register", "--source", register.url + "/snapshot.jsonld")
    portal.start()
    try:
        yield portal
    finally:
        portal.stop()


def last_line(lines: list[str]) -> dict[str, int]:
    return {k: int(v) for k, v in (part.split("=") for part in lines[-1].split())}


def test_portal_b_syncs_from_portal_a_and_follows_its_feed(site_tree, register, portal_a, capsys):
    started = datetime.now(UTC) - timedelta(minutes=1)
    a = portal_a.probe()
    assert len(a["services"]) >= 300 and len(a["situations"]) >= 30

    # B takes A's whole catalogue, then A's feed since before A's first sync
    timings = {}
    clock = time.perf_counter()
    first = sync(portal_a.url + "/open-data/cpsv-ap.jsonld")
    timings["dump"] = time.perf_counter() - clock
    assert last_line(first)["created"] == len({k.split("/")[0] for k in a["services"]})
    assert "Skipped items" not in "\n".join(first), first
    since = started.isoformat().replace("+00:00", "Z")
    clock = time.perf_counter()
    feed = sync(portal_a.url + "/open-data/changes?limit=25", "--feed", "--since", since)
    timings["feed"] = time.perf_counter() - clock
    assert "more than one" not in "\n".join(feed), feed
    assert last_line(feed) == {
        **last_line(feed),
        "created": 0,
        "updated": 0,
        "withdrawn": 0,
        "skipped": 0,
    }
    b = snapshot()
    assert_same(a, b)

    # a second run writes nothing
    again = sync(portal_a.url + "/open-data/cpsv-ap.jsonld")
    assert last_line(again)["created"] == last_line(again)["updated"] == 0, again
    assert last_line(again)["withdrawn"] == 0
    feed_again = sync(portal_a.url + "/open-data/changes?limit=25", "--feed", "--since", since)
    assert last_line(feed_again)["created"] == last_line(feed_again)["updated"] == 0
    assert snapshot() == b

    # a withdrawal in A (from its register) reaches B through A's feed
    doc = json.loads(DEMO_SNAPSHOT.read_text(encoding="utf-8"))
    target = next(s for s in services_of(doc) if s["adms:status"]["@id"].endswith("/active"))
    target["adms:status"] = {"@id": "https://virsis.example/status/withdrawn"}
    register.set_snapshot(json.dumps(doc, ensure_ascii=False).encode())
    portal_a.manage("sync_register", "--source", register.url + "/snapshot.jsonld")
    withdrawn = sync(portal_a.url + "/open-data/changes?limit=25", "--feed")
    assert last_line(withdrawn)["withdrawn"] == 1, withdrawn
    a_after = portal_a.probe()
    key = target["dct:identifier"]
    assert a_after["services"][f"{key}/lv"]["withdrawn"] is True
    assert_same(a_after, snapshot())
    # and A's dump tells it too
    dump = requests.get(portal_a.url + "/open-data/cpsv-ap.jsonld", timeout=60).text
    node = next(n for n in json.loads(dump)["@graph"] if n.get("dct:identifier") == key)
    assert node["adms:status"]["@id"].endswith("/withdrawn")
    with capsys.disabled():
        print(
            f"\nround trip: {len(a['services'])} service pages, {len(a['situations'])} situation "
            f"pages equal in A and B; B from A's dump {timings['dump']:.1f} s, "
            f"feed {timings['feed']:.1f} s"
        )


def assert_same(a: dict, b: dict) -> None:
    assert sorted(a["services"]) == sorted(b["services"])
    assert sorted(a["situations"]) == sorted(b["situations"])
    for part in ("services", "situations"):
        for key, expected in a[part].items():
            got = b[part][key]
            diff = {f: (expected[f], got.get(f)) for f in expected if expected[f] != got.get(f)}
            # B chooses its own slugs only for new pages; they come from the same titles
            assert not diff, f"{part} {key}: {diff}"


def test_the_probe_sees_a_difference(site_tree, register):
    sync(register.url + "/snapshot.jsonld")
    before = snapshot()
    changed = copy.deepcopy(before)
    key = next(iter(changed["services"]))
    changed["services"][key]["channels"] = []
    with pytest.raises(AssertionError):
        assert_same(before, changed)
    assert_same(before, snapshot())
