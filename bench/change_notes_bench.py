"""What the register's change notes cost the sync (issue 22): re-syncs with and without them.

Not a test; figures in docs/benchmarks.md. One first sync of ``--services`` synthetic
services (SQLite), whose database file is then the starting point of every measured run: a
re-sync of the same source path with ``--percents`` of the services changed (their
descriptions, so each changed page gets a note), once with the sync as it is and once with
``sync.changes.Recorder`` replaced by one that reads, compares and writes nothing — the
whole cost of the notes (reading the old rows, the field diff, the ``ChangeNote`` rows).
The two variants alternate, ``--repeat`` times, each run in a fresh process, so a busy
machine slows both alike; the ratio is taken per pair.

    .venv/bin/python bench/change_notes_bench.py [--services 10000] [--percents 1,10]
        [--repeat 3] [--workdir /tmp/notes-bench]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def _env(workdir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        PYTHONPATH=str(ROOT),
    )
    return env


class _NoNotes:
    """``sync.changes.Recorder`` without notes: nothing read, compared or written."""

    def __init__(self, updates: Any, withdrawn: Any) -> None:
        self.entries: dict = {}
        self.fields_by_key: dict = {}
        self.fields_by_pk: dict = {}

    def save(self, when: Any, run_id: Any) -> list:
        return []


def child(snapshot: str, notes: bool) -> None:
    """One sync in this process; prints one JSON line."""
    import django

    django.setup()
    from io import StringIO

    from django.core.management import call_command

    from catalogue_pages.models import ChangeNote

    if not notes:
        from sync import changes

        changes.Recorder = _NoNotes  # type: ignore[assignment,misc]
    before = ChangeNote.objects.count()
    out = StringIO()
    started = time.perf_counter()
    call_command("sync_register", "--source", snapshot, stdout=out)
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "seconds": round(elapsed, 2),
                # CPU time of the whole process (Django's start included, alike in both
                # variants): far less moved by other work on a shared machine than wall time.
                "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
                "peak_rss_mb": round(usage.ru_maxrss / 1024),
                "notes_written": ChangeNote.objects.count() - before,
                "result": out.getvalue().splitlines()[-1],
            }
        )
    )


def _run(env: dict[str, str], snapshot: Path, notes: bool) -> dict[str, Any]:
    args = [PY, __file__, "--child", str(snapshot)] + ([] if notes else ["--no-notes"])
    out = subprocess.run(args, check=True, cwd=ROOT, env=env, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _first_sync(env: dict[str, str], work: Path, build: list[str], changed: dict) -> None:
    """Build the snapshots, then the database every measured run starts from."""
    original, source = work / "snapshot-base.jsonld", work / "snapshot.jsonld"
    subprocess.run([*build, "--out", str(original)], check=True, cwd=ROOT, env=env)
    for percent, path in changed.items():
        subprocess.run(
            [*build, "--changed-percent", f"{percent:g}", "--seed", "7", "--out", str(path)],
            check=True,
            cwd=ROOT,
            env=env,
        )
    (work / "bench.sqlite3").unlink(missing_ok=True)
    subprocess.run(
        [PY, "manage.py", "migrate", "--noinput", "-v", "0"], check=True, cwd=ROOT, env=env
    )
    shutil.copyfile(original, source)
    first = _run(env, source, notes=True)
    print(json.dumps({"phase": "first-sync", **first}), flush=True)
    shutil.copyfile(work / "bench.sqlite3", work / "after-first-sync.sqlite3")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--percents", default="1,10")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/notes-bench"))
    parser.add_argument("--child")
    parser.add_argument("--no-notes", action="store_true")
    parser.add_argument(
        "--reuse", action="store_true", help="keep the workdir's snapshots and first sync"
    )
    args = parser.parse_args()
    if args.child:
        child(args.child, notes=not args.no_notes)
        return 0
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    env = _env(work)
    database, start = work / "bench.sqlite3", work / "after-first-sync.sqlite3"
    source = work / "snapshot.jsonld"
    build = [PY, "-m", "demo.register.build", "--synthetic", str(args.services), "--compact"]
    percents = [float(p) for p in args.percents.split(",")]
    changed = {p: work / f"snapshot-{p:g}pct.jsonld" for p in percents}
    if not args.reuse:
        _first_sync(env, work, build, changed)
    for percent in percents:
        seconds: dict[bool, list[float]] = {True: [], False: []}
        cpu: dict[bool, list[float]] = {True: [], False: []}
        for attempt in range(args.repeat):
            order = (True, False) if attempt % 2 == 0 else (False, True)
            for notes in order:
                shutil.copyfile(start, database)  # the same state before every run
                shutil.copyfile(changed[percent], source)  # same source path, new content
                result = _run(env, source, notes)
                seconds[notes].append(result["seconds"])
                cpu[notes].append(result.get("cpu_seconds", 0.0))
                label = "with notes" if notes else "without notes"
                print(json.dumps({"phase": f"{percent:g}% re-sync, {label}", **result}), flush=True)
        for name, values in (("wall", seconds), ("CPU", cpu)):
            with_notes, without = statistics.median(values[True]), statistics.median(values[False])
            print(
                f"{percent:g}% re-sync, {name}: median {with_notes:.2f} s with notes,"
                f" {without:.2f} s without ({with_notes / max(without, 0.01):.2f} ×,"
                f" {with_notes - without:+.2f} s)",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
