"""50 concurrent request submissions against a real server on loopback.

Checks that no request is lost or duplicated (rows, references, mails) and measures the
submission POST itself. Scenarios:

* burst  – 50 signed-in institution users press "Send" at the same instant (a barrier);
* replay – each of them immediately sends the very same POST again (double click / retry);
* paced  – 50 users submitting spread over ~2.5 s (20 submissions/s), a realistic peak.

Server: ``manage.py runserver --noreload`` (threaded) on a fresh SQLite file in WAL mode
(bench/requests_settings.py); mails go through django-tasks' database queue and are sent
afterwards by ``manage.py db_worker --batch`` into a file backend, then counted.

Run: ``.venv/bin/python bench/requests_bench.py [--postgres | --sqlite-defaults]`` (about a
minute, mostly migrations). ``--sqlite-defaults`` drops the WAL/IMMEDIATE options to show the
submission path is safe on a stock SQLite configuration too. ``--postgres`` starts a
throw-away PostgreSQL cluster (Debian's /usr/lib/postgresql/*/bin, run as the ``postgres``
user when started as root) on loopback.
"""

from __future__ import annotations

import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
USERS = 50
P95_TARGET_MS = 200.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="requests_settings",
        PYTHONPATH=f"{ROOT / 'bench'}:{ROOT}",
        BENCH_DB=str(tmp / "bench.sqlite3"),
        BENCH_MAIL_DIR=str(tmp / "mail"),
        BENCH_PRIVATE_DIR=str(tmp / "private"),
    )
    return env


def _start_postgres(tmp: Path) -> tuple[str, list[str]]:
    """initdb + pg_ctl start on a free port; returns (DATABASE_URL, stop command)."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not bins:
        raise SystemExit("PostgreSQL binaries not found under /usr/lib/postgresql")
    bin_dir = bins[-1]
    data = tmp / "pg"
    data.mkdir()
    as_postgres: list[str] = []
    if os.geteuid() == 0:
        import shutil

        os.chmod(tmp, 0o755)
        shutil.chown(data, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    quiet = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run(
        [*as_postgres, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "portal"],
        **quiet,
    )
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=200"
    subprocess.run(
        [
            *as_postgres,
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(data / "log"),
            "-w",
            "start",
        ],
        **quiet,
    )
    subprocess.run(
        [str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "portal", "bench"],
        **quiet,
    )
    stop = [*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]
    return f"postgres://portal@127.0.0.1:{port}/bench", stop


def _setup_data() -> None:
    """Two requesting institutions with 50 users, one provider, one requestable service."""
    from django.contrib.auth.models import User

    from catalogue_pages.models import InstitutionPage, ServicePage
    from catalogue_pages.site_tree import ensure_site_tree
    from service_requests.models import InstitutionMembership

    tree = ensure_site_tree()
    provider = tree.institutions["lv"].add_child(
        instance=InstitutionPage(
            title="Valsts digitālās attīstības aģentūra",
            slug="vdaa",
            register_iri="https://virsis.example/id/org/VDAA",
            contact_points=[{"email": "vdaa@bench.example"}],
        )
    )
    tree.services["lv"].add_child(
        instance=ServicePage(
            title="Datu apmaiņas pieslēgums",
            slug="datu-apmaina",
            identifier="BENCH-1",
            for_institutions=True,
            competent_authority=provider,
            channels=[{"type": "request-form", "request_kind": "service-request"}],
        )
    )
    for n in range(USERS):
        user = User.objects.create_user(f"bench{n}", password="bench-password")
        org = "VARAM" if n % 2 else "VK"
        InstitutionMembership.objects.create(
            user=user,
            institution_iri=f"https://virsis.example/id/org/{org}",
            institution_name=org,
            role="requester",
        )


class Client:
    def __init__(self, base: str, n: int) -> None:
        self.base = base
        self.n = n
        self.session = requests.Session()
        self.data: dict[str, str] = {}
        self.timings: dict[str, float] = {}
        self.locations: list[str] = []
        self.errors: list[str] = []

    def prepare(self) -> None:
        login = f"{self.base}/lv/requests/login/"
        self.session.get(login, timeout=30)
        csrf = self.session.cookies["csrftoken"]
        self.session.post(
            login,
            data={
                "username": f"bench{self.n}",
                "password": "bench-password",
                "csrfmiddlewaretoken": csrf,
            },
            headers={"Referer": login},
            timeout=30,
        )
        page = self.session.get(f"{self.base}/lv/requests/new/BENCH-1/", timeout=30).text
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        org = "VARAM" if self.n % 2 else "VK"
        self.data = {
            "csrfmiddlewaretoken": self.session.cookies["csrftoken"],
            "token": token,
            "institution": f"https://virsis.example/id/org/{org}",
            "contact_name": f"Bench User {self.n}",
            "email": f"bench{self.n}@bench.example",
            "phone": "+371 20000000",
            "needed": "Pieslēgums reģistra datiem.",
        }

    def post(self, label: str) -> None:
        url = f"{self.base}/lv/requests/new/BENCH-1/"
        start = time.perf_counter()
        response = self.session.post(
            url, data=self.data, headers={"Referer": url}, allow_redirects=False, timeout=60
        )
        self.timings[label] = (time.perf_counter() - start) * 1000
        if response.status_code != 302:
            self.errors.append(f"{label}: HTTP {response.status_code}")
        self.locations.append(response.headers.get("Location", ""))


def _run(clients: list[Client], label: str, spread_s: float = 0.0) -> None:
    barrier = threading.Barrier(len(clients))

    def work(client: Client, index: int) -> None:
        barrier.wait()
        if spread_s:
            time.sleep(spread_s * index / len(clients))
        client.post(label)
        if label == "burst":
            client.post("replay")

    threads = [threading.Thread(target=work, args=(c, i)) for i, c in enumerate(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _report(name: str, values: list[float]) -> float:
    p95 = _pct(values, 0.95)
    print(
        f"{name:>7}: n={len(values)} p50={statistics.median(values):6.1f} ms "
        f"p95={p95:6.1f} ms max={max(values):6.1f} ms"
    )
    return p95


def _bench(tmp: Path, env: dict[str, str], db_label: str) -> int:
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    os.environ.update(
        {
            k: env[k]
            for k in (
                "DJANGO_SETTINGS_MODULE",
                "BENCH_DB",
                "BENCH_MAIL_DIR",
                "BENCH_PRIVATE_DIR",
                "BENCH_DATABASE_URL",
            )
            if k in env
        }
    )
    sys.path[:0] = [str(ROOT / "bench"), str(ROOT)]
    import django

    django.setup()
    _setup_data()

    port = _free_port()
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/lv/requests/login/", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.2)
        burst = [Client(base, n) for n in range(USERS)]
        for c in burst:
            c.prepare()
        _run(burst, "burst")
        paced = [Client(base, n) for n in range(USERS)]
        for c in paced:
            c.prepare()
        _run(paced, "paced", spread_s=2.5)
    finally:
        server.terminate()
        server.wait(timeout=10)

    subprocess.run(
        [*manage, "db_worker", "--batch", "--no-startup-delay"],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )

    from service_requests.models import ServiceRequest

    rows = ServiceRequest.objects.count()
    references = set(ServiceRequest.objects.values_list("reference", flat=True))
    sequences = sorted(ServiceRequest.objects.values_list("sequence", flat=True))
    mails = sum(
        f.read_text(errors="replace").count("\nSubject: ")
        + f.read_text(errors="replace").startswith("Subject: ")
        for f in (tmp / "mail").iterdir()
    )
    errors = [e for c in burst + paced for e in c.errors]
    replay_same = all(c.locations[0] == c.locations[1] for c in burst)

    print(f"server: runserver --noreload (threaded), {db_label}, {USERS} users")
    p95_burst = _report("burst", [c.timings["burst"] for c in burst])
    _report("replay", [c.timings["replay"] for c in burst])
    p95_paced = _report("paced", [c.timings["paced"] for c in paced])
    expected = 2 * USERS
    print(
        f"rows={rows} (expected {expected}) distinct references={len(references)} "
        f"sequence 1..{expected} contiguous={sequences == list(range(1, expected + 1))}"
    )
    print(f"replays answered with the existing request: {replay_same}")
    print(f"mails={mails} (expected {2 * expected}: requester + provider per request)")
    print(f"errors={errors[:5]}")
    ok = (
        rows == expected
        and len(references) == expected
        and mails == 2 * expected
        and replay_same
        and not errors
    )
    print(
        f"correctness: {'OK' if ok else 'FAILED'}; p95 target {P95_TARGET_MS:.0f} ms: "
        f"burst {'met' if p95_burst <= P95_TARGET_MS else 'NOT met'}, "
        f"paced {'met' if p95_paced <= P95_TARGET_MS else 'NOT met'}"
    )
    return 0 if ok else 1


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="requests-bench-") as tmpdir:
        tmp = Path(tmpdir)
        (tmp / "mail").mkdir()
        env = _env(tmp)
        stop_db: list[str] = []
        db_label = "SQLite WAL + BEGIN IMMEDIATE"
        if "--sqlite-defaults" in sys.argv:
            env["BENCH_SQLITE_DEFAULTS"] = "1"
            db_label = (
                "SQLite with Django's defaults (rollback journal, deferred BEGIN, 5 s timeout)"
            )
        if "--postgres" in sys.argv:
            env["BENCH_DATABASE_URL"], stop_db = _start_postgres(tmp)
            db_label = "PostgreSQL " + sorted(Path("/usr/lib/postgresql").glob("*"))[-1].name
        try:
            return _bench(tmp, env, db_label)
        finally:
            if stop_db:
                from django.db import connections

                connections.close_all()
                subprocess.run(stop_db, check=False, stdout=subprocess.DEVNULL)


if __name__ == "__main__":
    raise SystemExit(main())
