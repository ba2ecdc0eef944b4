"""Varnish between the stack's nginx and its gunicorn processes, with ``deploy/varnish/portal.vcl``.

The shipped VCL runs unchanged; only its per-site include (``portal-site.vcl``, as
``portal-site.vcl.example`` describes) is written here, naming the stack's gunicorn binds as
backends and 127.0.0.1 as the one address that may PURGE. ``varnishd`` runs in the
foreground on a free loopback port with its own working directory (``-n``) inside the test's
folder, no management port and no privilege separation (``-j none``: the test's folder is
private to the user running it), and is stopped with the stack.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
VCL = ROOT / "deploy" / "varnish" / "portal.vcl"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_vcl(upstreams: list[str], purgers: list[str]) -> str:
    """``portal-site.vcl`` for these gunicorn processes (``http://127.0.0.1:PORT``)."""
    lines = [
        "probe portal_alive {",
        '    .url = "/healthz";',
        "    .interval = 1s;",
        "    .timeout = 2s;",
        "    .window = 3;",
        "    .threshold = 2;",
        "    .initial = 2;",
        "}",
    ]
    names = []
    for index, url in enumerate(upstreams):
        parts = urlsplit(url)
        names.append(f"app{index}")
        lines += [
            f"backend app{index} {{",
            f'    .host = "{parts.hostname}";',
            f'    .port = "{parts.port}";',
            "    .probe = portal_alive;",
            "    .connect_timeout = 2s;",
            "    .first_byte_timeout = 35s;",
            "}",
        ]
    lines += ["sub vcl_init {", "    new portal = directors.round_robin();"]
    lines += [f"    portal.add_backend({name});" for name in names]
    lines += ["}", "acl portal_purgers {", *(f'    "{a}";' for a in purgers), "}"]
    return "\n".join(lines) + "\n"


@dataclass
class Varnish:
    url: str  # http://127.0.0.1:PORT
    folder: Path
    process: subprocess.Popen

    @property
    def netloc(self) -> str:
        return urlsplit(self.url).netloc

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def log(self) -> str:
        path = self.folder / "varnishd.log"
        return path.read_text() if path.exists() else ""


def start_varnish(upstreams: list[str], workdir: Path, port: int | None = None) -> Varnish:
    """varnishd with the shipped VCL in front of ``upstreams``; returns once it serves them."""
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    folder = workdir / "varnish"
    folder.mkdir()
    (folder / "portal-site.vcl").write_text(site_vcl(upstreams, ["127.0.0.1"]))
    port = port or _free_port()
    argv = [
        varnishd,
        "-F",
        "-j", "none",
        "-n", str(folder / "work"),
        "-a", f"127.0.0.1:{port}",
        "-T", "none",
        "-f", str(VCL),
        "-p", f"vcl_path={folder}:/usr/share/varnish/vcl",
        "-p", "thread_pools=1",
        "-p", "thread_pool_min=10",
        "-p", "thread_pool_max=200",
        "-s", "malloc,64m",
    ]  # fmt: skip
    log = (folder / "varnishd.log").open("w")
    process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)
    varnish = Varnish(f"http://127.0.0.1:{port}", folder, process)
    # Ready when the VCL is loaded and a probe has found the app: /healthz through it answers.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            if requests.get(varnish.url + "/healthz", timeout=2).status_code == 200:
                return varnish
        except requests.RequestException:
            pass
        time.sleep(0.2)
    varnish.stop()
    raise AssertionError(f"varnishd did not start:\n{varnish.log()}")
