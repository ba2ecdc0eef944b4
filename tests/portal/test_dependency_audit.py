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


def _run(snapshot: dict | None, tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    if snapshot is not None:
        path = tmp_path / "snapshot.json"
        path.write_text(json.dumps(snapshot))
        env["ADVISORY_SNAPSHOT"] = str(path)
    base = {k: v for k, v in os.environ.items() if k not in ("ADVISORY_SNAPSHOT", "AUDIT_REQUIRED")}
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "audit_deps.py")],
        env={**base, **env},
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
    """PYSEC-2022-43012 (CVE-2022-40897): setuptools before 65.5.1; the lock pins a later one."""
    advisory = _advisory("setuptools", [{"introduced": "0"}, {"fixed": "65.5.1"}])
    assert not audit_deps.affects(advisory, metadata.version("setuptools"))


def test_a_vulnerable_locked_version_fails_even_when_not_installed(tmp_path):
    """The audit checks every package of requirements.lock, not only what is installed."""
    lock = tmp_path / "requirements.lock"
    lock.write_text("made-up-package==1.0 \\\n    --hash=sha256:" + "0" * 64 + "\n")
    snapshot = {
        "snapshot_date": "2026-12-01",
        "advisories": [_advisory("made-up-package", [{"introduced": "0"}, {"fixed": "1.1"}])],
    }
    result = _run(snapshot, tmp_path, AUDIT_LOCK=str(lock))
    assert result.returncode == 1
    assert "made-up-package 1.0: TEST-made-up-package" in result.stdout
    assert "[requirements.lock]" in result.stdout


def test_the_snapshot_is_required_where_the_shared_folder_exists(tmp_path):
    shared = tmp_path / "shared" / "advisories"
    shared.mkdir(parents=True)
    missing = _run(None, tmp_path, ADVISORY_SHARED_DIR=str(shared))
    assert missing.returncode == 1 and "required" in missing.stdout
    (shared / "pypa-advisories.json").write_text("{not json")
    broken = _run(None, tmp_path, ADVISORY_SHARED_DIR=str(shared))
    assert broken.returncode == 1 and "cannot be read" in broken.stdout
    (shared / "pypa-advisories.json").write_text(
        json.dumps({"snapshot_date": "2026-12-01", "advisories": []})
    )
    found = _run(None, tmp_path, ADVISORY_SHARED_DIR=str(shared))
    assert found.returncode == 0, found.stdout
    # Without the shared folder (a developer's clone) the audit may run without a snapshot.
    alone = _run(None, tmp_path, ADVISORY_SHARED_DIR=str(tmp_path / "absent"))
    assert alone.returncode == 0


def test_the_lock_passes_the_shared_snapshot_when_present():
    """The real data: every locked version against ../shared/advisories (or $ADVISORY_SNAPSHOT)."""
    path = audit_deps.find_snapshot()
    if path is None or not path.exists():
        pytest.skip("no advisory snapshot on this machine")
    snapshot = json.loads(path.read_text(encoding="utf-8"))
    findings = audit_deps.audit(snapshot, audit_deps.locked())
    assert not findings, findings
