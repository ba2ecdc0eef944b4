"""Every machine-readable output of the demo catalogue, written to files to compare two versions.

Not collected by the test run (the name does not start with ``test_``): run it explicitly
before and after a change that must keep the outputs byte-identical, then compare the folders::

    OUTPUTS_DIR=var/outputs/before pytest tests/open_data/capture_outputs.py -p no:cacheprovider
    # … change the code …
    OUTPUTS_DIR=var/outputs/after pytest tests/open_data/capture_outputs.py -p no:cacheprovider
    diff -r var/outputs/before var/outputs/after

What it writes: each service page's CPSV-AP export and schema.org block (both languages), the
whole-catalogue dump (JSON-LD, Turtle), the DCAT-AP record and the change feed from the start,
with the feed's own change times (this portal's clock) replaced by a placeholder.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from catalogue_pages.jsonld import schema_org_json
from catalogue_pages.models import ServicePage

pytestmark = pytest.mark.django_db

BASE = "https://pakalpojumi.example.lv"
_NOW = re.compile(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_capture(client, demo_catalogue, settings, tmp_path):
    settings.PORTAL_BASE_URL = BASE
    settings.OPEN_DATA_ROOT = tmp_path / "open-data"
    out = Path(os.environ["OUTPUTS_DIR"])
    (out / "export").mkdir(parents=True, exist_ok=True)
    (out / "schema-org").mkdir(parents=True, exist_ok=True)
    pages = ServicePage._base_manager.select_related("locale").order_by("identifier", "locale")
    for page in pages:
        name = f"{page.identifier}-{page.locale.language_code}"
        response = client.get(
            f"/{page.locale.language_code}/pakalpojumi/{page.slug}/cpsv-ap.jsonld"
        )
        (out / "export" / f"{name}.json").write_bytes(
            f"{response.status_code}\n".encode() + _body(response)
        )
        (out / "schema-org" / f"{name}.json").write_text(str(schema_org_json(page)))
    for url, name, clocked in (
        ("/open-data/cpsv-ap.jsonld", "dump.jsonld", False),
        ("/open-data/cpsv-ap.ttl", "dump.ttl", False),
        ("/open-data/catalog.ttl", "catalog.ttl", True),
        ("/open-data/changes?since=2000-01-01T00:00:00Z&limit=1000", "changes.jsonld", True),
    ):
        data = _body(client.get(url)).decode()
        if clocked:  # the portal's own change times move with the clock, not with the code
            data = _NOW.sub("<time>", data)
        (out / name).write_text(data)
