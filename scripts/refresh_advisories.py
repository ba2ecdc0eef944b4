"""Refresh the dated PyPA advisory snapshot that ``scripts/audit_deps.py`` checks against.

Why a snapshot: pip-audit needs its online vulnerability service, which these machines cannot
reach. The PyPA advisory database is a git repository of OSV records; we keep the records of
the packages installed in our environment (everything ``make install`` puts in .venv), with
the snapshot's commit and date, and ``scripts/audit_deps.py`` checks against that file
offline in every test run.

Usage (see docs/security.md):
    git clone --depth 1 https://github.com/pypa/advisory-database /tmp/advisory-database
    .venv/bin/python scripts/refresh_advisories.py /tmp/advisory-database [OUT]

OUT defaults to var/advisories/pypa-advisories.json; the audit also looks in
../shared/advisories/ (beside the clone, as CI lays it out) and in $ADVISORY_SNAPSHOT.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import yaml
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "advisories" / "pypa-advisories.json"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def _git_dir(path: Path) -> Path:
    return path / ".git" if (path / ".git").exists() else path


def installed() -> set[str]:
    return {canonicalize_name(d.metadata["Name"]) for d in metadata.distributions()}


def main(source: str, out: Path = OUT) -> int:
    repo = _git_dir(Path(source))
    commit, date = _git(repo, "log", "-1", "--format=%H %cI", "HEAD").split()
    folders = {
        canonicalize_name(name): name
        for name in _git(repo, "ls-tree", "--name-only", "HEAD:vulns").split()
    }
    advisories = []
    for package in sorted(installed()):
        folder = folders.get(package)
        if folder is None:
            continue
        for file in _git(repo, "ls-tree", "--name-only", f"HEAD:vulns/{folder}").split():
            record = yaml.safe_load(_git(repo, "show", f"HEAD:vulns/{folder}/{file}"))
            if record.get("withdrawn"):
                continue
            for affected in record.get("affected", []):
                if canonicalize_name(affected["package"]["name"]) != package:
                    continue
                advisories.append(
                    {
                        "id": record["id"],
                        "aliases": record.get("aliases", []),
                        "package": package,
                        "ranges": [
                            r["events"] for r in affected.get("ranges", []) if r["type"] != "GIT"
                        ],
                        # The explicit list only where no range says it (keeps the file small).
                        "versions": []
                        if affected.get("ranges")
                        else [str(v) for v in affected.get("versions", [])],
                        "summary": (record.get("summary") or record.get("details", ""))[:200],
                    }
                )
    out.parent.mkdir(parents=True, exist_ok=True)
    snapshot = {
        "source": "https://github.com/pypa/advisory-database",
        "commit": commit,
        "snapshot_date": date,
        "packages": sorted(installed()),
        "advisories": advisories,
    }
    out.write_text(json.dumps(snapshot, indent=None, sort_keys=True, default=str) + "\n")
    print(f"{len(advisories)} advisories for {len(snapshot['packages'])} packages, {date}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], Path(sys.argv[2]) if len(sys.argv) > 2 else OUT))
