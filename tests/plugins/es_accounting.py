"""Counts Elasticsearch tests so CI can prove they ran and none was skipped."""

from __future__ import annotations

import pytest

_outcomes = {"passed": 0, "failed": 0, "skipped": 0}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if item.get_closest_marker("elasticsearch") is None:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        _outcomes[report.outcome] += 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    ran = _outcomes["passed"] + _outcomes["failed"]
    terminalreporter.write_line(f"ELASTICSEARCH-TESTS-RAN={ran} skipped={_outcomes['skipped']}")


def pytest_sessionfinish(session, exitstatus):  # type: ignore[no-untyped-def]
    if _outcomes["skipped"] and exitstatus == 0:
        session.exitstatus = 1
