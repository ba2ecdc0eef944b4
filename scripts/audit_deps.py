"""Offline dependency audit: installed packages against a dated PyPA advisory snapshot.

Why: pip-audit cannot reach its vulnerability service from these machines, so ``make test``
checks every distribution installed in the environment (our pins and what they pull in)
against a snapshot of the PyPA advisory database made by ``scripts/refresh_advisories.py``.
Exit status 1 lists each installed version a known, unwithdrawn advisory affects.

Where the snapshot is looked for, first found wins: ``$ADVISORY_SNAPSHOT``,
``../shared/advisories/pypa-advisories.json`` (beside the clone), and
``var/advisories/pypa-advisories.json``. Without one the audit says so and, unless
``AUDIT_REQUIRED=1``, passes: the rest of the gate still runs.
"""

from __future__ import annotations

import json
import os
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = [
    ROOT.parent / "shared" / "advisories" / "pypa-advisories.json",
    ROOT / "var" / "advisories" / "pypa-advisories.json",
]


def find_snapshot() -> Path | None:
    explicit = os.environ.get("ADVISORY_SNAPSHOT")
    if explicit:
        return Path(explicit)
    return next((path for path in CANDIDATES if path.exists()), None)


def installed() -> dict[str, str]:
    return {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


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


def main() -> int:
    path = find_snapshot()
    if path is None or not path.exists():
        print(
            "dependency audit: no advisory snapshot found "
            "(run scripts/refresh_advisories.py; see docs/security.md)"
        )
        return 1 if os.environ.get("AUDIT_REQUIRED") == "1" else 0
    snapshot = json.loads(path.read_text(encoding="utf-8"))
    findings = audit(snapshot, installed())
    date = snapshot.get("snapshot_date", "?")
    if findings:
        print(f"dependency audit: {len(findings)} known vulnerabilities (advisories of {date}):")
        for line in findings:
            print("  " + line)
        return 1
    print(f"dependency audit: no known vulnerabilities (PyPA advisories of {date}, {path})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
