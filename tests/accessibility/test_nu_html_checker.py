"""The Nu HTML Checker (vnu.jar from the pinned npm package ``vnu-jar``, run with the system
Java) finds no error on the key public pages, in both languages.

A third-party checker nobody here wrote: it reads the HTML standard, not our intentions (it
found the microseconds in ``<time datetime>`` and the empty ``action=""`` of the search form).
All pages go to one JVM run, which keeps the test to a few seconds.
"""

from __future__ import annotations

import pytest

from improvement.services import refresh_everything
from tests.accessibility import nu
from tests.catalogue_pages.conftest import catalogue, clear_cache  # noqa: F401

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


@pytest.mark.django_db
def test_key_pages_have_no_html_errors(client, catalogue, tmp_path):  # noqa: F811
    refresh_everything()
    files = {}
    for n, path in enumerate(PAGES):
        response = client.get(path)
        assert response.status_code == 200, path
        file = tmp_path / f"page{n}.html"
        file.write_bytes(response.content)
        files[file.name] = path
    errors = [
        f"{files.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))} "
        f"line {m.get('lastLine')}: {m['message']} — {m.get('extract', '').strip()[:120]}"
        for m in nu.errors(sorted(tmp_path.iterdir()))
    ]
    assert not errors, "\n".join(errors)
