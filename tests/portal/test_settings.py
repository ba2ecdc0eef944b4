"""Settings come from the environment; production refuses to start half-configured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_float, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_ENV = {
    "SECRET_KEY": "k" * 20 + "-production-secret-for-the-check-only-" + "x" * 20,
    "ALLOWED_HOSTS": "pakalpojumi.example.lv",
    "DATABASE_URL": "postgres://portal:secret@127.0.0.1:5432/portal",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
    # deploy/portal.env.example: the nginx of deploy/nginx/ in front, the limits Redis.
    "LIMITS_CACHE_URL": "redis://127.0.0.1:6380/0",
    "TRUSTED_PROXY_COUNT": "1",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # A deployer's environment: nothing inherited from the test run (browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy rightly rejects).
    dropped = {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "CACHE_URL",
        "LIMITS_CACHE_URL",
        "TRUSTED_PROXY_COUNT",
        "DJANGO_SETTINGS_MODULE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    clean.update(env, DJANGO_SETTINGS_MODULE="portal.settings.production")
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_the_documented_environment():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=DEPLOY_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_without_the_proxy_count_and_the_limits_redis():
    env = {
        k: v for k, v in DEPLOY_ENV.items() if k not in {"LIMITS_CACHE_URL", "TRUSTED_PROXY_COUNT"}
    }
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "portal.W001" in result.stderr + result.stdout
    assert "portal.W002" in result.stderr + result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CACHE_URL"])
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in DEPLOY_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_booleans_are_parsed_strictly(monkeypatch):
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "0")
    assert env_bool("FLAG", True) is False
    monkeypatch.setenv("FLAG", "ture")
    with pytest.raises(ImproperlyConfigured):
        env_bool("FLAG", False)


def test_numbers_and_lists_are_parsed_with_clear_errors(monkeypatch):
    monkeypatch.setenv("N", "12")
    monkeypatch.setenv("F", "0.5")
    monkeypatch.setenv("L", "a.example, b.example,,")
    assert env_int("N", 0) == 12
    assert env_float("F", 1.0) == 0.5
    assert env_list("L", []) == ["a.example", "b.example"]
    monkeypatch.setenv("N", "twelve")
    with pytest.raises(ImproperlyConfigured, match="N must be an integer"):
        env_int("N", 0)
