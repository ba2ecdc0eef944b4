"""Offline dependency audit: every locked and installed package against a dated PyPA advisory
snapshot.

Why: pip-audit cannot reach its vulnerability service from these machines, so ``make test``
checks every package of ``requirements.lock`` (the install: our pins and everything they pull
in) and every distribution installed in the environment against a snapshot of the PyPA
advisory database made by ``scripts/refresh_advisories.py``. Exit status 1 lists each version a
known, unwithdrawn advisory affects.

Where the snapshot is looked for, first found wins: ``$ADVISORY_SNAPSHOT``,
``../shared/advisories/pypa-advisories.json`` (beside the clone), and
``var/advisories/pypa-advisories.json``. The snapshot is **required** — missing or unreadable
fails the run — when ``AUDIT_REQUIRED=1`` or when ``../shared/advisories/`` exists (the layout
CI and the shared machines provide). Elsewhere, without one, the audit says so and passes.
"""

from __future__ import annotations

import json
import os
import re
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("ADVISORY_SHARED_DIR", ROOT.parent / "shared" / "advisories"))
CANDIDATES = [
    SHARED / "pypa-advisories.json",
    ROOT / "var" / "advisories" / "pypa-advisories.json",
]
LOCK = Path(os.environ.get("AUDIT_LOCK", ROOT / "requirements.lock"))
_LOCKED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s\\;]+)", re.M)


def find_snapshot() -> Path | None:
    explicit = os.environ.get("ADVISORY_SNAPSHOT")
    if explicit:
        return Path(explicit)
    return next((path for path in CANDIDATES if path.exists()), None)


def installed() -> dict[str, str]:
    return {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


def locked(path: Path = LOCK) -> dict[str, str]:
    """``name==version`` lines of requirements.lock (hash lines and comments skipped)."""
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    return {canonicalize_name(name): version for name, version in _LOCKED.findall(text)}


def required() -> bool:
    return os.environ.get("AUDIT_REQUIRED") == "1" or SHARED.is_dir()


def _in_range(version: Version, events: list[dict[str, str]]) -> bool:
    """OSV ECOSYSTEM semantics: introduced … fixed (exclusive) / last_affected (inclusive)."""
    affected = False
    for event in events:
        try:
            if "introduced" in event:
                start = event["introduced"]
                if start == "0" or version >= Version(start):
                    affected = True
            elif affected:
                fixed = "fixed" in event and version >= Version(event["fixed"])
                last = event.get("last_affected")
                affected = not (fixed or (last is not None and version > Version(last)))
        except InvalidVersion:
            continue
    return affected


def affects(advisory: dict[str, Any], raw_version: str) -> bool:
    if raw_version in advisory.get("versions", []):
        return True
    try:
        version = Version(raw_version)
    except InvalidVersion:
        return False
    return any(_in_range(version, sorted_events(events)) for events in advisory.get("ranges", []))


def sorted_events(events: list[dict[str, str]]) -> list[dict[str, str]]:
    """OSV lists events in any order; evaluate them in version order, introductions first."""

    def key(event: dict[str, str]) -> tuple[Version, int]:
        ((kind, value),) = event.items()
        try:
            parsed = Version("0") if value == "0" else Version(value)
        except InvalidVersion:
            parsed = Version("0")
        return parsed, 0 if kind == "introduced" else 1

    return sorted(events, key=key)


def audit(snapshot: dict[str, Any], packages: dict[str, str]) -> list[str]:
    findings = []
    for advisory in snapshot["advisories"]:
        version = packages.get(advisory["package"])
        if version is not None and affects(advisory, version):
            aliases = ", ".join(advisory.get("aliases", []))
            findings.append(
                f"{advisory['package']} {version}: {advisory['id']}"
                + (f" ({aliases})" if aliases else "")
                + f" — {advisory.get('summary', '')[:120]}"
            )
    return sorted(findings)


def audit_all(snapshot: dict[str, Any]) -> list[str]:
    """The lock's versions and the environment's, each version once."""
    lock, env = locked(), installed()
    found = {f"{line} [requirements.lock]" for line in audit(snapshot, lock)}
    differing = {name: version for name, version in env.items() if lock.get(name) != version}
    found |= {f"{line} [installed]" for line in audit(snapshot, differing)}
    return sorted(found)


def _load(path: Path) -> dict[str, Any] | None:
    try:
        snapshot = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(snapshot, dict) or not isinstance(snapshot.get("advisories"), list):
        return None
    return snapshot


def main() -> int:
    path = find_snapshot()
    if path is None or not path.exists():
        where = f" (required: {SHARED} exists or AUDIT_REQUIRED=1)" if required() else ""
        print(
            "dependency audit: no advisory snapshot found"
            + where
            + " (run scripts/refresh_advisories.py; see docs/security.md)"
        )
        return 1 if required() else 0
    snapshot = _load(path)
    if snapshot is None:
        print(f"dependency audit: the advisory snapshot {path} cannot be read")
        return 1
    findings = audit_all(snapshot)
    date = snapshot.get("snapshot_date", "?")
    if findings:
        print(f"dependency audit: {len(findings)} known vulnerabilities (advisories of {date}):")
        for line in findings:
            print("  " + line)
        return 1
    print(
        f"dependency audit: no known vulnerabilities in {len(locked())} locked and "
        f"{len(installed())} installed packages (PyPA advisories of {date}, {path})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
