"""30 wrong admin passwords stop the right one, across two app processes.

Two gunicorn processes with the production settings share one database (where django-axes
keeps its attempts); the attacker alternates between them, as a load balancer would.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from .test_settings import DEPLOY_ENV, ROOT

GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def two_processes(tmp_path_factory):
    root = tmp_path_factory.mktemp("stack")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        **DEPLOY_ENV,
        "DATABASE_URL": f"sqlite:///{root / 'portal.sqlite3'}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "STATIC_ROOT": str(root / "static"),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True, timeout=600)
    # Production serves static files from the manifest (whitenoise): a deploy collects them.
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True, timeout=600
    )
    subprocess.run(
        [
            *manage,
            "shell",
            "-c",
            "from django.contrib.auth.models import User; "
            "User.objects.create_superuser('chief', 'chief@example.lv', 'the-right-one-2026')",
        ],
        env=env,
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    ports = [_free_port(), _free_port()]
    servers = [
        subprocess.Popen(
            [str(GUNICORN), "-w", "1", "-b", f"127.0.0.1:{port}", "portal.wsgi:application"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for port in ports
    ]
    try:
        for port in ports:
            deadline = time.monotonic() + 60
            while True:
                try:
                    requests.get(
                        f"http://127.0.0.1:{port}/healthz", timeout=10, allow_redirects=False
                    )
                    break
                except (requests.ConnectionError, requests.Timeout):
                    if time.monotonic() > deadline:
                        pytest.fail(f"gunicorn on {port} did not start")
                    time.sleep(0.3)
        yield [f"127.0.0.1:{port}" for port in ports]
    finally:
        for server in servers:
            server.terminate()
            server.wait(10)


def _login(host: str, password: str) -> requests.Response:
    """One sign-in attempt the way a browser behind the TLS proxy makes it."""
    https = {"X-Forwarded-Proto": "https"}
    page = requests.get(f"http://{host}/admin/login/", headers=https, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    cookie = page.cookies.get("csrftoken") or re.search(
        r"csrftoken=([^;]+)", page.headers["Set-Cookie"]
    ).group(1)
    return requests.post(
        f"http://{host}/admin/login/",
        data={"username": "chief", "password": password, "csrfmiddlewaretoken": token},
        headers={
            **https,
            "Cookie": f"csrftoken={cookie}",
            "Referer": f"https://{host}/admin/login/",
            "Origin": f"https://{host}",
        },
        allow_redirects=False,
        timeout=10,
    )


def test_thirty_wrong_passwords_on_two_processes_stop_the_right_one(two_processes):
    first, second = two_processes
    answers = [_login(two_processes[n % 2], "wrong").status_code for n in range(30)]
    assert answers[:9] == [200] * 9  # refused as wrong passwords while under the limit
    assert set(answers[10:]) == {429}  # then locked out, whichever process answers
    for host in (first, second):
        response = _login(host, "the-right-one-2026")
        assert response.status_code == 429
        assert "sessionid" not in response.headers.get("Set-Cookie", "")
