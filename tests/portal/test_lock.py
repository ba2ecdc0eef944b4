"""requirements.lock is the install: it agrees with pyproject.toml and pins everything by hash.

Why: only the top-level pins of pyproject.toml were fixed, so ~60 transitive packages floated
between installs. ``make install`` now installs requirements.lock with ``--require-hashes``;
these tests fail the moment a pin in pyproject.toml and the lock disagree (run ``make lock``).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements.lock"
_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s\\;]+)")


def locked() -> dict[str, tuple[str, list[str]]]:
    """Name → (version, its sha256 hashes), read the way pip reads the file."""
    entries: dict[str, tuple[str, list[str]]] = {}
    current = None
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = _ENTRY.match(line)
        if match:
            current = canonicalize_name(match.group(1))
            entries[current] = (match.group(3), [])
        elif current and line.strip().startswith("--hash=sha256:"):
            entries[current][1].append(line.strip().removeprefix("--hash=sha256:").rstrip(" \\"))
    return entries


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    raw = project["dependencies"] + [
        r for rs in project["optional-dependencies"].values() for r in rs
    ]
    return [Requirement(r) for r in raw]


def test_every_pin_of_pyproject_is_locked_at_that_version():
    lock = locked()
    disagreements = []
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        pinned = [s.version for s in requirement.specifier if s.operator == "=="]
        assert pinned, f"{requirement} is not pinned with == in pyproject.toml"
        if name not in lock:
            disagreements.append(f"{name}: in pyproject.toml, missing from requirements.lock")
        elif lock[name][0] != pinned[0]:
            disagreements.append(
                f"{name}: pyproject.toml {pinned[0]}, requirements.lock {lock[name][0]}"
            )
    assert not disagreements, "run `make lock`:\n" + "\n".join(disagreements)


def test_every_locked_package_is_pinned_with_hashes():
    lock = locked()
    assert len(lock) > len(declared())  # the transitive packages are there too
    unhashed = [name for name, (_version, hashes) in lock.items() if not hashes]
    assert not unhashed, unhashed
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for _v, hashes in lock.values() for h in hashes)


def test_the_build_backend_is_locked_and_satisfies_the_build_requirements():
    build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    lock = locked()
    for raw in build["requires"]:
        requirement = Requirement(raw)
        name = canonicalize_name(requirement.name)
        assert name in lock, f"{name} (build-system) is not in requirements.lock"
        assert requirement.specifier.contains(lock[name][0]), (raw, lock[name][0])
    assert "pip" in lock


def test_make_install_installs_from_the_lock_only():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rule = makefile.split("$(VENV)/.installed:", 1)[1].split("\n\n", 1)[0]
    assert "requirements.lock" in rule.splitlines()[0]  # a changed lock reinstalls
    assert "--require-hashes -r requirements.lock" in rule
    assert "--no-deps --no-build-isolation -e ." in rule
    assert '-e ".[dev]"' not in rule and "--upgrade" not in rule
