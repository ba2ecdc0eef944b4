"""nginx in front of the stack's gunicorn processes, configured by ``deploy/nginx/``.

The deployed template is rendered exactly as docs/deployment.md says (only the ``PORTAL_*``
names are substituted, nginx's own ``$variables`` stay), with free ports, a self-signed
certificate made now with ``openssl``, and the stack's gunicorn binds as the upstreams. The
top-level ``nginx.conf`` here only puts pid, logs and temporary files into the test's folder.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "nginx"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, valid for a day."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def render(values: dict[str, str]) -> str:
    """deploy/nginx/portal.conf.template with the ``PORTAL_*`` values (envsubst's job)."""
    text = (DEPLOY / "portal.conf.template").read_text()
    assert all(name.startswith("PORTAL_") for name in values)
    return Template(text).safe_substitute(values)


@dataclass
class Proxy:
    https: str  # https://127.0.0.1:PORT
    http: str  # http://127.0.0.1:PORT (the probes' plain-HTTP server)
    certificate: Path
    folder: Path
    process: subprocess.Popen

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def error_log(self) -> str:
        path = self.folder / "error.log"
        return path.read_text() if path.exists() else ""


def start_proxy(upstreams: list[str], static_root: Path, workdir: Path) -> Proxy:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    folder = workdir / "nginx"
    folder.mkdir()
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir()
    cert, key = make_certificate(folder)
    shutil.copy(DEPLOY / "portal-proxy-params.conf", folder / "portal-proxy-params.conf")
    https_port, http_port = _free_port(), _free_port()
    servers = " ".join(
        f"server {urlsplit(url).netloc} max_fails=2 fail_timeout=10s;" for url in upstreams
    )
    (folder / "portal.conf").write_text(
        render(
            {
                "PORTAL_SERVER_NAME": "127.0.0.1 localhost",
                "PORTAL_HTTPS_LISTEN": f"127.0.0.1:{https_port}",
                "PORTAL_HTTP_LISTEN": f"127.0.0.1:{http_port}",
                "PORTAL_TLS_CERT": str(cert),
                "PORTAL_TLS_KEY": str(key),
                "PORTAL_UPSTREAMS": servers,
                "PORTAL_STATIC_ROOT": str(static_root),
                "PORTAL_ERROR_PAGES": str(DEPLOY / "errors"),
                "PORTAL_PROBE_ALLOW": "127.0.0.1",
                "PORTAL_NGINX_DIR": str(folder),
            }
        )
    )
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers read the test's 0700 folder
    (folder / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log info;\n"
        "events { worker_connections 512; }\n"
        "http {\n"
        "  include /etc/nginx/mime.types;\n"
        "  default_type application/octet-stream;\n"
        f"  access_log {folder}/access.log;\n"
        f"  client_body_temp_path {folder}/body;\n"
        f"  proxy_temp_path {folder}/proxy;\n"
        f"  fastcgi_temp_path {folder}/fastcgi;\n"
        f"  uwsgi_temp_path {folder}/uwsgi;\n"
        f"  scgi_temp_path {folder}/scgi;\n"
        f"  include {folder}/portal.conf;\n"
        "}\n"
    )
    argv = [nginx, "-p", str(folder), "-e", str(folder / "error.log")]
    argv += ["-c", str(folder / "nginx.conf")]
    check = subprocess.run([*argv, "-t"], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proxy = Proxy(
        f"https://127.0.0.1:{https_port}", f"http://127.0.0.1:{http_port}", cert, folder, process
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", https_port), timeout=1):
                return proxy
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    proxy.stop()
    raise AssertionError(f"nginx did not start:\n{proxy.error_log()}")
