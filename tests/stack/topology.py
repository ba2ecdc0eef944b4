"""The production topology on this machine: PostgreSQL, two Redis instances (the evicting page
cache and the non-evicting store of counters and generations), a two-node Elasticsearch
cluster, the demo register over HTTP, two gunicorn processes behind the nginx of
``deploy/nginx/``, and the task worker, started with exactly the commands of
``deploy/systemd/``, production settings and the proxy count of ``deploy/portal.env.example``.

Used by the combined test (``tests/stack/``) and the benchmark (``bench/stack_bench.py``).
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
import requests
from elasticsearch import Elasticsearch
from requests.adapters import HTTPAdapter

from demo.register.server import DEFAULT_SNAPSHOT, RegisterServer
from tests.stack.proxy import Proxy, start_proxy
from tests.stack.varnish import Varnish, start_varnish

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
UNITS = ROOT / "deploy" / "systemd"
METRICS_TOKEN = "stack-metrics-token"
EXAMPLE_ENV = ROOT / "deploy" / "portal.env.example"


def example_env(name: str) -> str:
    """A value of ``deploy/portal.env.example``: the stack runs with what operators copy."""
    for line in EXAMPLE_ENV.read_text().splitlines():
        if line.startswith(f"{name}="):
            return line.split("=", 1)[1]
    raise KeyError(name)


def unit_command(unit: str) -> list[str]:
    """The ExecStart of a unit, with the deployed venv replaced by this checkout's."""
    text = (UNITS / unit).read_text()
    line = next(li for li in text.splitlines() if li.startswith("ExecStart="))
    argv = shlex.split(line.removeprefix("ExecStart="))
    return [
        str(VENV_BIN / Path(a).name) if a.startswith("/srv/portal/app/.venv/bin/") else a
        for a in argv
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _FromAddress(HTTPAdapter):
    """Connections from one loopback address (127.0.0.2, 127.0.0.3 …): a client of its own."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


class Browser:
    """A visitor: straight to a gunicorn process (plain HTTP, pretending the TLS proxy), or
    through nginx over HTTPS (``proxy``) from a loopback address of its own (``source``).

    Production cookies are ``Secure``; ``requests`` would not send them over http, so this
    keeps them itself and sends ``X-Forwarded-Proto: https`` like the proxy does (nginx sets
    its own, whatever a client sends).
    """

    def __init__(self, base: str, *, source: str | None = None, proxy: Proxy | None = None) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}
        self.http = requests.Session()
        self.extra_headers: dict[str, str] = {}
        # Passed with every call: a session-wide ``verify`` loses to REQUESTS_CA_BUNDLE.
        self.verify: str | bool = str(proxy.certificate) if proxy is not None else True
        if source is not None:
            adapter = _FromAddress(source)
            self.http.mount("http://", adapter)
            self.http.mount("https://", adapter)

    def _headers(self, path: str) -> dict[str, str]:
        headers = {
            "X-Forwarded-Proto": "https",
            "Referer": f"https://{urlsplit(self.base).netloc}{path}",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {**headers, **self.extra_headers}

    def _keep(self, response: requests.Response) -> None:
        for raw in response.raw.headers.getlist("Set-Cookie") if response.raw else []:
            jar = SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def get(self, path: str, **params: str) -> requests.Response:
        response = self.http.get(
            self.base + path,
            params=params,
            headers=self._headers(path),
            timeout=30,
            allow_redirects=False,
            verify=self.verify,
        )
        self._keep(response)
        return response

    def post(self, path: str, data: dict[str, str]) -> requests.Response:
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        response = self.http.post(
            self.base + path,
            data=data,
            headers=self._headers(path),
            timeout=30,
            allow_redirects=False,
            verify=self.verify,
        )
        self._keep(response)
        return response

    def try_login(self, username: str, password: str) -> requests.Response:
        if "csrftoken" not in self.cookies:
            self.get("/lv/requests/login/")
        return self.post("/lv/requests/login/", {"username": username, "password": password})

    def login(self, username: str, password: str) -> None:
        response = self.try_login(username, password)
        assert response.status_code == 302, response.text[:2000]


@dataclass
class Stack:
    env: dict[str, str]
    web: list[str]
    register: RegisterServer
    database_url: str
    es_nodes: list[str]
    parts: dict[str, object]
    workdir: Path
    proxy: Proxy | None = None
    varnish: Varnish | None = None
    processes: list[subprocess.Popen] = field(default_factory=list)
    web_processes: list[subprocess.Popen] = field(default_factory=list)

    def manage(
        self, *args: str, settings: str = "portal.settings.production", check: bool = True
    ) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**self.env, "DJANGO_SETTINGS_MODULE": settings},
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        if check:
            assert result.returncode == 0, (
                f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
            )
        return result.stdout

    def start_web(self, count: int = 2, **overrides: str) -> None:
        """``count`` gunicorn processes (as on ``count`` machines), each with its own port."""
        for index in range(count):
            port = free_port()
            log = (self.workdir / f"gunicorn-{port}.log").open("w")
            self.web_processes.append(
                subprocess.Popen(
                    unit_command("portal-web.service"),
                    cwd=ROOT,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env={
                        **self.env,
                        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
                        "GUNICORN_BIND": f"127.0.0.1:{port}",
                        "PROMETHEUS_MULTIPROC_DIR": str(self.workdir / f"metrics-{index}"),
                        **overrides,
                    },
                )
            )
            self.web.append(f"http://127.0.0.1:{port}")
        for url in self.web:
            _wait_ready(url)

    def stop_web(self) -> None:
        for process in self.web_processes:
            process.terminate()
        for process in self.web_processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        self.web_processes.clear()
        self.web.clear()

    def sql(self, query: str) -> list[tuple]:
        with psycopg.connect(self.database_url, connect_timeout=5) as conn:
            return conn.execute(query).fetchall()


def _wait_ready(url: str, deadline_s: float = 120) -> None:
    deadline = time.monotonic() + deadline_s
    last = ""
    while time.monotonic() < deadline:
        try:
            response = requests.get(
                url + "/healthz", timeout=5, headers={"X-Forwarded-Proto": "https"}
            )
            if response.status_code == 200:
                return
            last = response.text
        except requests.RequestException as exc:
            last = str(exc)
        time.sleep(0.5)
    raise AssertionError(f"{url} did not become healthy: {last}")


@contextlib.contextmanager
def build_stack(
    postgres_part: Any,
    redis_part: Any,
    es_cluster: Any,
    extra_env: dict[str, str] | None = None,
    limits_redis_part: Any = None,
    with_proxy: bool = True,
    with_varnish: bool = False,
) -> Iterator[Stack]:
    """Database, demo register, sync, index, two gunicorn processes behind nginx (unless
    ``with_proxy`` is false) and the task worker; with ``with_varnish``, the Varnish of
    ``deploy/varnish/`` between nginx and the processes, which the app purges."""
    run = uuid.uuid4().hex[:8]
    varnish_port = free_port() if with_varnish else None
    database = f"stack_{run}"
    admin_url = postgres_part.url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{database}"')
    database_url = postgres_part.url.rsplit("/", 1)[0] + "/" + database
    workdir = Path(tempfile.mkdtemp(prefix="portal-stack-"))
    register = RegisterServer(DEFAULT_SNAPSHOT).start()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ELASTICSEARCH_"))},
        "SECRET_KEY": "stack-" + "s" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "CACHE_URL": redis_part.url,
        "CACHE_KEY_PREFIX": f"stack-{run}",
        **({"LIMITS_CACHE_URL": limits_redis_part.url} if limits_redis_part else {}),
        "TRUSTED_PROXY_COUNT": example_env("TRUSTED_PROXY_COUNT"),
        "ELASTICSEARCH_URL": es_cluster.url,
        "ELASTICSEARCH_INDEX_PREFIX": f"stack-{run}-",
        "ELASTICSEARCH_REPLICAS": "1",
        "ELASTICSEARCH_TIMEOUT": "5",
        "SECURE_HSTS_SECONDS": "0",
        "METRICS_TOKEN": METRICS_TOKEN,
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
        "TASKS_BACKEND": "django_tasks_db.backend.DatabaseBackend",
        "REGISTER_URL": register.url + "/snapshot.jsonld",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "4",
        "GUNICORN_ACCESS_LOG": str(workdir / "access.log"),
        "LOG_FORMAT": "json",
        **(
            {"FRONTEND_CACHE_PURGE_URLS": f"http://127.0.0.1:{varnish_port}"}
            if varnish_port
            else {}
        ),
        **(extra_env or {}),
    }
    stack = Stack(
        env,
        [],
        register,
        database_url,
        es_cluster.url.split(","),
        {"pg": postgres_part, "redis": redis_part, "es": es_cluster, "limits": limits_redis_part},
        workdir,
    )
    try:
        stack.manage("migrate", "--noinput")
        stack.manage("sync_register", "--source", register.url + "/snapshot.jsonld")
        stack.manage("search_reindex")
        stack.manage("create_demo_accounts", settings="portal.settings.dev")
        stack.manage("collectstatic", "--noinput", "-v", "0")
        stack.start_web()
        upstreams = list(stack.web)
        if varnish_port:
            stack.varnish = start_varnish(list(stack.web), workdir, varnish_port)
            upstreams = [stack.varnish.url]
        if with_proxy:
            stack.proxy = start_proxy(upstreams, workdir / "static", workdir)
        worker_log = (workdir / "worker.log").open("w")
        stack.processes.append(
            subprocess.Popen(
                unit_command("portal-worker.service"),
                cwd=ROOT,
                stdout=worker_log,
                stderr=subprocess.STDOUT,
                env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings.production"},
            )
        )
        yield stack
    finally:
        if stack.proxy is not None:
            stack.proxy.stop()
        if stack.varnish is not None:
            stack.varnish.stop()
        stack.stop_web()
        for process in stack.processes:
            process.terminate()
        for process in stack.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        register.stop()
        try:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        except psycopg.Error:
            pass
        try:
            client = Elasticsearch(es_cluster.url.split(","))
            client.indices.delete(index=f"stack-{run}-*", expand_wildcards="all")
            client.close()
        except Exception:  # noqa: BLE001, S110 — best-effort cleanup
            pass
        shutil.rmtree(workdir, ignore_errors=True)


def requestable_service(stack: Stack) -> str:
    """An institution-catalogue service with a request form (what the demo requesters use)."""
    out = stack.manage(
        "shell",
        "-c",
        "from catalogue_pages.models import ServicePage\n"
        "from service_requests.services import request_channel\n"
        "qs = ServicePage.objects.live().filter(for_institutions=True)\n"
        "for s in qs.filter(locale__language_code='lv'):\n"
        "    if request_channel(s) is not None:\n"
        "        print(s.identifier); break",
    )
    identifier = out.strip().splitlines()[-1]
    assert identifier, "the demo register has requestable institution services"
    return identifier


def form_fields(html: str) -> dict[str, str]:
    token = re.search(r'name="token" value="([^"]+)"', html)
    institution = re.search(r'name="institution"[^>]*value="([^"]+)"', html) or re.search(
        r'<select[^>]*name="institution".*?<option value="([^"]+)"', html, re.S
    )
    assert token and institution, html[:3000]
    return {"token": token.group(1), "institution": institution.group(1)}
