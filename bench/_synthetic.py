"""A throw-away SQLite database holding N synthetic register services, synced for real.

Why a subprocess per step: the benchmarks then measure their own process only, not the memory
and caches the build, the migrations and the sync leave behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_database(services: int, directory: Path, name: str) -> str:
    """Build the synthetic snapshot, migrate and sync it; return the ``DATABASE_URL``."""
    snapshot = directory / "synthetic.jsonld"
    url = f"sqlite:///{directory / f'{name}.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url}
    python = sys.executable
    for step in (
        [python, "-m", "demo.register.build", "--synthetic", str(services), "--out", str(snapshot)],
        [python, "manage.py", "migrate", "-v0"],
        [python, "manage.py", "sync_register", "--source", str(snapshot)],
    ):
        subprocess.run(step, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return url
