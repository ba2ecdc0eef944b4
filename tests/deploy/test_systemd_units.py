"""``deploy/systemd/``: every scheduled job is a timer, and each timer's service runs a real
management command with arguments that command accepts (issue 18, item 8).

The commands run here, in-process on the test database, with exactly the arguments of their
unit; the combined test (``tests/stack/``) runs the web, worker, sync and publish units."""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
#: What the deployment runs on a schedule (docs/deployment.md), by management command.
SCHEDULED = {
    "publish_scheduled",
    "sync_register",
    "check_links",
    "send_owner_digests",
    "refresh_improvement",
    "search_retry_pending",
    "prune_db_task_results",
    "clearsessions",
    "axes_reset_logs",
    "escalate_requests",
    "send_alert_digests",
    "purge_alerts",
}


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text())
    return parser


def _command(service: Path) -> list[str]:
    argv = shlex.split(_unit(service)["Service"]["ExecStart"])
    assert argv[:2] == ["/srv/portal/app/.venv/bin/python", "manage.py"], argv
    return argv[2:]


def _timed_services() -> dict[str, list[str]]:
    found = {}
    for timer in sorted(UNITS.glob("*.timer")):
        service = timer.with_suffix(".service")
        assert service.exists(), f"{timer.name} has no {service.name}"
        found[service.name] = _command(service)
    return found


def test_every_scheduled_job_has_a_timer() -> None:
    assert {argv[0] for argv in _timed_services().values()} == SCHEDULED


def test_every_timer_has_a_valid_calendar_and_survives_downtime() -> None:
    analyze = shutil.which("systemd-analyze")
    for timer in sorted(UNITS.glob("*.timer")):
        section = _unit(timer)["Timer"]
        assert section.get("Persistent") == "true", timer.name  # a missed run catches up
        if analyze:
            result = subprocess.run(
                [analyze, "calendar", section["OnCalendar"]],
                capture_output=True,
                text=True,
                check=False,
            )
            assert result.returncode == 0, f"{timer.name}: {result.stderr}"


def test_every_unit_command_exists_and_accepts_its_arguments(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    commands = get_commands()
    for service in sorted(UNITS.glob("*.service")):
        argv = _command(service) if "manage.py" in service.read_text() else None
        if not argv:
            continue
        assert argv[0] in commands, f"{service.name}: no command {argv[0]}"
        command = load_command_class(commands[argv[0]], argv[0])
        command.create_parser("manage.py", argv[0]).parse_args(argv[1:])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "service",
    [
        "portal-clearsessions.service",
        "portal-axes-reset-logs.service",
        "portal-prune-task-results.service",
        "portal-search-retry-pending.service",
    ],
)
def test_housekeeping_units_run(service: str, settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    argv = _command(UNITS / service)
    call_command(*argv)
