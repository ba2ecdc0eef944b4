"""The Nu HTML Checker (vnu.jar from the pinned npm package ``vnu-jar``, run with the system
Java) finds no error on the key public pages, in both languages.

A third-party checker nobody here wrote: it reads the HTML standard, not our intentions (it
found the microseconds in ``<time datetime>`` and the empty ``action=""`` of the search form).
All pages go to one JVM run, which keeps the test to a few seconds.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from improvement.services import refresh_everything
from tests.catalogue_pages.conftest import catalogue, clear_cache  # noqa: F401

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

PAGES = [
    "/lv/",
    "/en/",
    "/lv/iedzivotajiem/",
    "/lv/pakalpojumi/dzivesvietas-deklaresana/",
    "/en/pakalpojumi/dzivesvietas-deklaresana/",
    "/lv/dzives-situacijas/parcelsanas/",
    "/lv/dzives-situacijas/",
    "/en/dzives-situacijas/",
    "/lv/search/?q=dz%C4%ABvesvieta",
    "/en/search/?q=residence",
    "/lv/statistics/services/PAK-1/",
    "/en/statistics/services/PAK-1/",
    "/lv/report-problem/PAK-1/",
    "/en/report-problem/PAK-1/",
]


@pytest.fixture
def vnu() -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: apt-get install default-jre-headless (make install does it)")
    if not VNU.exists():
        pytest.fail("vnu.jar is missing: run `npm ci --no-audit --no-fund` (make install)")
    return [java, "-Xss4m", "-jar", str(VNU)]


@pytest.mark.django_db
def test_key_pages_have_no_html_errors(client, catalogue, vnu, tmp_path):  # noqa: F811
    refresh_everything()
    files = {}
    for n, path in enumerate(PAGES):
        response = client.get(path)
        assert response.status_code == 200, path
        file = tmp_path / f"page{n}.html"
        file.write_bytes(response.content)
        files[file.name] = path
    run = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", *(str(f) for f in sorted(tmp_path.iterdir()))],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))} "
        f"line {m.get('lastLine')}: {m['message']} — {m.get('extract', '').strip()[:120]}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert not errors, "\n".join(errors)
