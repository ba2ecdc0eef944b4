"""--strict: items violating the official CPSV-AP SHACL shapes are reported and skipped."""

from __future__ import annotations

import pytest

from catalogue_pages.models import ServicePage
from sync.models import SyncItemError, SyncRun
from tests.sync.conftest import services_of, sync, write_doc

pytestmark = pytest.mark.django_db


def test_strict_skips_and_reports_the_item_violating_the_shapes(site_tree, tmp_path, demo_doc):
    services = services_of(demo_doc)
    bad = next(s for s in services if s["dct:identifier"] == "PAK-0001")
    # The shapes want exactly one cv:processingTime, typed xsd:duration.
    bad["cv:processingTime"] = ["about ten days", "two weeks"]
    path = write_doc(tmp_path, demo_doc)

    lines = sync(path, "--strict")

    n = len(services)
    assert lines[-1] == f"created={n - 1} updated=0 unchanged=0 withdrawn=0 skipped=1"
    report = "\n".join(lines[:-1])
    assert "PAK-0001" in report and "SHACL" in report and "processingTime" in report
    run = SyncRun.objects.get()
    assert run.strict and run.status == SyncRun.SUCCESS
    problems = SyncItemError.objects.filter(run=run, code="shacl")
    assert problems.exists()
    assert set(problems.values_list("identifier", flat=True)) == {"PAK-0001"}
    assert not ServicePage._base_manager.filter(identifier="PAK-0001").exists()
    lv = ServicePage.objects.filter(locale__language_code="lv")
    assert lv.count() == n - 1

    # Without --strict the same document imports the item (the shapes are not the contract).
    lines = sync(path)
    assert lines[-1].startswith("created=1 ")
    assert ServicePage.objects.filter(identifier="PAK-0001", locale__language_code="lv").exists()
