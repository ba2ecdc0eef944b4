"""One way to run the Nu HTML Checker (vnu.jar from the pinned npm package ``vnu-jar``, with
the system Java) on saved pages, for every test that asks whether its HTML is valid.

One JVM run for all the files a test hands in: the JVM's start is most of the few seconds.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def command() -> list[str]:
    """``java -jar vnu.jar``; a missing Java or jar fails the test (make install provides
    both), it does not skip it: a check that silently does not run proves nothing."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: apt-get install default-jre-headless (make install does it)")
    if not VNU.exists():
        pytest.fail("vnu.jar is missing: run `npm ci --no-audit --no-fund` (make install)")
    return [java, "-Xss4m", "-jar", str(VNU)]


def errors(files: Iterable[Path | str]) -> list[dict[str, Any]]:
    """The checker's errors (fatal ones included) on ``files``, as its JSON messages; an empty
    list when the pages are valid. Warnings are not errors here (``--errors-only``)."""
    run = subprocess.run(  # noqa: S603 - our own jar and our own temporary files
        [*command(), "--errors-only", "--format", "json", *(str(f) for f in files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    messages: list[dict[str, Any]] = json.loads(run.stderr or run.stdout)["messages"]
    return [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
