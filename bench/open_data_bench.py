"""The whole-catalogue dump: time and peak memory of a cold dump, cost of a cached repeat.

Run it against a database the sync has filled::

    python -m demo.register.build --synthetic 10000 --out /tmp/od/big10k.jsonld
    DATABASE_URL=sqlite:////tmp/od/db10k.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/od/db10k.sqlite3 python manage.py sync_register \\
        --source /tmp/od/big10k.jsonld
    DATABASE_URL=sqlite:////tmp/od/db10k.sqlite3 python bench/open_data_bench.py

Without ``DATABASE_URL`` (as ``bench/run.sh`` calls it) a throw-away database of
``--synthetic`` services (default 300) is built in a temporary directory first.

Each cold measurement runs in a fresh process (Django set up, one warming request to an
unrelated URL), so "peak above idle" = the process's peak RSS (``ru_maxrss``) minus its RSS
just before the dump request. The dump is read through the full middleware stack with
Django's test ``Client`` (its streaming body consumed chunk by chunk, as a WSGI server would).

* ``cold``: no stored dump: generated while it streams (and written to disk, plain + gzip).
* ``cached``: the stored file of the same generation is streamed (full body read).
* ``304``: a conditional request with the ETag of the previous answer.
* floor ``db read``: the raw read of every service row (Latvian + English, every register
  field, JSON decoded) in the same batches, no nodes, no serialisation.

Targets (docs/benchmarks.md): cold <= 15 s with peak <= 200 MB above idle at 10,000 services;
cached repeat <= 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
import _synthetic  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("DEBUG", "0")

TARGET_COLD_S = 15.0
TARGET_PEAK_MB = 200.0
TARGET_CACHED_MS = 50.0


def build_database(services: int, directory: Path) -> str:
    return _synthetic.build_database(services, directory, "open_data_bench")


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(task: str, fmt: str, gzip: bool) -> dict:
    """One measurement in this (fresh) process; prints a JSON line."""
    import time

    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    headers = {"HTTP_ACCEPT_ENCODING": "gzip"} if gzip else {}
    import resource

    from open_data import state

    started = time.perf_counter()
    state.refresh()  # the change check, timed on its own: "cold" is about the dump
    check_seconds = time.perf_counter() - started
    warm = client.get("/open-data/catalog.ttl")  # warms imports, routing, the state row
    assert warm.status_code == 200, warm.status_code

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    if task == "floor":
        from catalogue_pages.cpsv_rows import SERVICE_FIELDS, Catalogue
        from catalogue_pages.models import ServicePage

        catalogue = Catalogue.load()
        idle = rss_mb()
        cpu_start = cpu()
        start = time.perf_counter()
        rows = 0
        for chunk in catalogue.service_chunks():
            lv = list(ServicePage._base_manager.filter(pk__in=chunk).values(*SERVICE_FIELDS))
            keys = [r["translation_key"] for r in lv]
            en = list(
                ServicePage._base_manager.filter(translation_key__in=keys)
                .exclude(pk__in=chunk)
                .values(*SERVICE_FIELDS)
            )
            rows += len(lv) + len(en)
        seconds = time.perf_counter() - start
        return {
            "seconds": seconds,
            "cpu": cpu() - cpu_start,
            "bytes": rows,
            "peak_above_idle_mb": peak_mb() - idle,
            "check": check_seconds,
        }
    url = f"/open-data/cpsv-ap.{fmt}"
    if task in ("cached", "304"):
        first = client.get(url, **headers)
        for _ in first.streaming_content:
            pass
    idle = rss_mb()
    extra = {"HTTP_IF_NONE_MATCH": first["ETag"]} if task == "304" else {}
    cpu_start = cpu()
    start = time.perf_counter()
    response = client.get(url, **headers, **extra)
    first_byte = time.perf_counter() - start
    size = 0
    if response.streaming:
        for chunk in response.streaming_content:
            size += len(chunk)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "cpu": cpu() - cpu_start,
        "ttfb": first_byte,
        "bytes": size,
        "status": response.status_code,
        "peak_above_idle_mb": peak_mb() - idle,
    }


def run(task: str, fmt: str, gzip: bool, env: dict) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", task, fmt, "1" if gzip else "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
    )
    if done.returncode:
        raise SystemExit(done.stderr.decode()[-3000:])
    return json.loads(done.stdout.decode().strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3, help="cached and 304 runs (best of)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        task, fmt, gzip = args.child
        print(json.dumps(child(task, fmt, gzip == "1")))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "OPEN_DATA_ROOT": str(Path(tmp) / "open-data")}
        if not os.environ.get("DATABASE_URL"):
            env["DATABASE_URL"] = build_database(args.synthetic, Path(tmp))
        import django

        os.environ["DATABASE_URL"] = env["DATABASE_URL"]
        django.setup()
        from catalogue_pages.models import ServicePage

        count = ServicePage._base_manager.filter(locale__language_code="lv").count()
        print(f"open-data dump, {count} services (lv + en), {env['DATABASE_URL']}")
        floor = run("floor", "jsonld", False, env)
        print(
            f"  floor  db read of every service row  {floor['seconds']:6.2f} s"
            f" (cpu {floor['cpu']:.2f} s); change check {floor['check']:.2f} s"
        )
        for fmt in ("jsonld", "ttl"):
            for gzip in (False, True):
                label = f"{fmt}{' gzip' if gzip else ''}"
                for old in Path(env["OPEN_DATA_ROOT"]).glob("cpsv-ap-*"):
                    old.unlink()
                cold = run("cold", fmt, gzip, env)
                cached = min(
                    (run("cached", fmt, gzip, env) for _ in range(args.repeat)),
                    key=lambda r: r["seconds"],
                )
                not_modified = min(
                    (run("304", fmt, gzip, env) for _ in range(args.repeat)),
                    key=lambda r: r["seconds"],
                )
                ok = (
                    cold["seconds"] <= TARGET_COLD_S
                    and cold["peak_above_idle_mb"] <= TARGET_PEAK_MB
                )
                ratio = cold["seconds"] / floor["seconds"]
                print(
                    f"  {label:<12} cold {cold['seconds']:6.2f} s ({ratio:4.1f}x floor,"
                    f" cpu {cold['cpu']:5.2f} s), "
                    f"{cold['bytes'] / 2**20:6.1f} MB, "
                    f"peak +{cold['peak_above_idle_mb']:5.1f} MB {'ok' if ok else 'OVER'}"
                    f" | cached {cached['seconds'] * 1000:7.1f} ms"
                    f" (ttfb {cached['ttfb'] * 1000:.1f} ms, cpu {cached['cpu'] * 1000:.0f} ms)"
                    f" (+{cached['peak_above_idle_mb']:.1f} MB)"
                    f" | 304 {not_modified['seconds'] * 1000:5.1f} ms [{not_modified['status']}]"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
