"""The offline dependency audit of ``make test`` (scripts/audit_deps.py).

The snapshots here are made up for the test (ids TEST-…); the real one comes from
scripts/refresh_advisories.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import metadata

import pytest

from tests.portal.test_settings import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import audit_deps  # noqa: E402


def _advisory(package: str, events: list[dict], versions: list[str] | None = None) -> dict:
    return {
        "id": f"TEST-{package}",
        "aliases": [],
        "package": package,
        "ranges": [events] if events else [],
        "versions": versions or [],
        "summary": "made up",
    }


@pytest.mark.parametrize(
    ("events", "versions", "version", "expected"),
    [
        ([{"introduced": "0"}, {"fixed": "65.5.1"}], None, "65.5.0", True),
        ([{"introduced": "0"}, {"fixed": "65.5.1"}], None, "65.5.1", False),
        (
            [{"introduced": "5.0"}, {"fixed": "5.0.8"}, {"introduced": "4.2"}, {"fixed": "4.2.15"}],
            None,
            "4.2.14",
            True,
        ),
        (
            [{"introduced": "5.0"}, {"fixed": "5.0.8"}, {"introduced": "4.2"}, {"fixed": "4.2.15"}],
            None,
            "4.2.15",
            False,
        ),
        (
            [{"introduced": "5.0"}, {"fixed": "5.0.8"}, {"introduced": "4.2"}, {"fixed": "4.2.15"}],
            None,
            "5.2.19",
            False,
        ),
        ([{"introduced": "1.0"}, {"last_affected": "1.4"}], None, "1.4", True),
        ([{"introduced": "1.0"}, {"last_affected": "1.4"}], None, "1.4.1", False),
        ([], ["2.0.1"], "2.0.1", True),
        ([], ["2.0.1"], "2.0.2", False),
    ],
)
def test_osv_ranges(events, versions, version, expected):
    assert audit_deps.affects(_advisory("x", events, versions), version) is expected


def _run(snapshot: dict, tmp_path) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "snapshot.json"
    path.write_text(json.dumps(snapshot))
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "audit_deps.py")],
        env={**os.environ, "ADVISORY_SNAPSHOT": str(path)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_vulnerable_installed_version_fails_the_run(tmp_path):
    django = metadata.version("django")
    result = _run(
        {"snapshot_date": "2026-12-01", "advisories": [_advisory("django", [], [django])]},
        tmp_path,
    )
    assert result.returncode == 1
    assert f"django {django}: TEST-django" in result.stdout


def test_fixed_versions_pass(tmp_path):
    result = _run(
        {
            "snapshot_date": "2026-12-01",
            "advisories": [_advisory("django", [{"introduced": "0"}, {"fixed": "1.0"}])],
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stdout
    assert "2026-12-01" in result.stdout


def test_the_venvs_setuptools_is_past_its_known_advisory():
    """PYSEC-2022-43012 (CVE-2022-40897): setuptools before 65.5.1; the Makefile upgrades it."""
    advisory = _advisory("setuptools", [{"introduced": "0"}, {"fixed": "65.5.1"}])
    assert not audit_deps.affects(advisory, metadata.version("setuptools"))
