"""Register sync benchmark: 10,000 synthetic services (not a test; figures in docs/benchmarks.md).

Phases, each in a fresh process so peak RSS is its own: parse (the floor: rdflib over the
whole snapshot, what any correct reader must pay), first sync, no-change re-sync (file
source: raw closure hashes skip the RDF work), re-sync with 1 % changed. The 1 % snapshot
(``--changed-percent 1 --seed 7``) is copied over the *same path* as the first one, as a
register URL would serve it: a different path is a new source without stored hashes.

    .venv/bin/python bench/sync_bench.py [--services 10000] [--workdir /tmp/sync-bench]
        [--phases parse,first-sync,no-change-resync,one-percent-resync]
        [--postgres [--keep] [--pg-name sync-bench]]

``--postgres`` runs the same phases against the production database engine: a fresh
throw-away cluster from ``scripts/postgres.sh`` (its own ``PG_NAME``, so it never meets a
developer's or a test run's cluster), destroyed at the end — also on an error or Ctrl-C —
unless ``--keep`` leaves it running with the synced catalogue for the page and search
benchmarks (its URL is printed; ``PG_NAME=<name> scripts/postgres.sh destroy`` removes it).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PHASES = ("parse", "parse-closures", "first-sync", "no-change-resync", "one-percent-resync")


def _env(workdir: Path, database_url: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        DATABASE_URL=database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        PYTHONPATH=str(ROOT),
    )
    # ~6.1 kB of JSON-LD a service: 100,000 services are ~610 MB, over the 200 MB default
    # limit (the sync reads the snapshot from its file, so the size costs disk, not memory).
    env.setdefault("REGISTER_MAX_BYTES", str(4 << 30))
    return env


@contextlib.contextmanager
def postgres_cluster(name: str, *, keep: bool) -> Iterator[str]:
    """A fresh PostgreSQL cluster for one bench run; yields its URL.

    Why destroy first: a cluster kept by an earlier ``--keep`` run still holds its catalogue,
    and a first sync into it would be a re-sync. Why SIGTERM is turned into an exception: a
    bench killed by ``kill`` or a CI timeout must not leave a server running on the shared
    machine — the ``finally`` runs for it as for Ctrl-C.
    """
    script = str(ROOT / "scripts" / "postgres.sh")
    env = {**os.environ, "PG_NAME": name}
    env.pop("PG_PORT", None)  # a free port, not the caller's cluster's

    def terminated(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, terminated)
    subprocess.run(["bash", script, "destroy"], check=True, env=env, capture_output=True)
    url = ""
    try:
        started = subprocess.run(
            ["bash", script, "start"], check=True, env=env, stdout=subprocess.PIPE, text=True
        )
        url = started.stdout.strip().splitlines()[-1]
        yield url
    finally:
        if keep and url:
            print(f"kept PostgreSQL cluster {name!r}: DATABASE_URL={url}", flush=True)
        else:
            subprocess.run(["bash", script, "destroy"], check=False, env=env)
        signal.signal(signal.SIGTERM, previous)


def phase(name: str, snapshot: str) -> None:
    """Runs inside the child process; prints one JSON line."""
    import django

    django.setup()
    started = time.perf_counter()
    line = ""
    if name == "parse":
        import rdflib

        rdflib.Graph().parse(snapshot, format="json-ld")
    elif name == "parse-closures":
        from sync.parse import parse_document

        parse_document(Path(snapshot).read_bytes())
    else:
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("sync_register", "--source", snapshot, stdout=out)
        line = out.getvalue().splitlines()[-1]
    elapsed = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {"phase": name, "seconds": round(elapsed, 2), "peak_rss_mb": round(rss), "result": line}
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/sync-bench"))
    parser.add_argument("--phase")
    parser.add_argument("--snapshot")
    parser.add_argument("--phases", default=",".join(PHASES))
    parser.add_argument("--postgres", action="store_true", help="a throw-away PostgreSQL cluster")
    parser.add_argument("--keep", action="store_true", help="leave the PostgreSQL cluster running")
    parser.add_argument(
        "--reuse-snapshots",
        action="store_true",
        help="keep the workdir's snapshots of an earlier run of the same --services",
    )
    parser.add_argument("--pg-name", default="sync-bench", help="PG_NAME of that cluster")
    args = parser.parse_args()
    if args.phase:
        phase(args.phase, args.snapshot)
        return 0
    if args.postgres:
        with postgres_cluster(args.pg_name, keep=args.keep) as url:
            return run(args, url)
    return run(args, None)


def run(args: argparse.Namespace, database_url: str | None) -> int:
    """The phases against SQLite in the workdir, or against ``database_url``."""
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    (work / "bench.sqlite3").unlink(missing_ok=True)
    env = _env(work, database_url)
    base, changed = work / "snapshot.jsonld", work / "snapshot-1pct.jsonld"
    original = work / "snapshot-base.jsonld"
    build = [PY, "-m", "demo.register.build", "--synthetic", str(args.services), "--compact"]
    if not (args.reuse_snapshots and original.exists() and changed.exists()):
        subprocess.run([*build, "--out", str(original)], check=True, cwd=ROOT, env=env)
        subprocess.run(
            [*build, "--changed-percent", "1", "--seed", "7", "--out", str(changed)],
            check=True,
            cwd=ROOT,
            env=env,
        )
    shutil.copyfile(original, base)
    subprocess.run(
        [PY, "manage.py", "migrate", "--noinput", "-v", "0"], check=True, cwd=ROOT, env=env
    )
    results = {}
    wanted = args.phases.split(",")
    for name in PHASES:
        if name not in wanted:
            continue
        if name == "one-percent-resync":
            shutil.copyfile(changed, base)  # same source, new content
        out = subprocess.run(
            [PY, __file__, "--phase", name, "--snapshot", str(base)],
            check=True,
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        results[name] = result
        print(json.dumps(result), flush=True)
    if "parse" in results:
        floor = results["parse"]["seconds"]
        for name, result in results.items():
            print(f"{name} / rdflib parse = {result['seconds'] / floor:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
