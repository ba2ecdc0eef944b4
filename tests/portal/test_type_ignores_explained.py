"""Every ``# type: ignore`` in the app packages says why (issue 24, item 5).

A reason is either text after the ignore on its line (``# type: ignore[x]  # why``) or a
``# mypy`` comment just above it (one comment may explain a few ignores that follow it, as in
``portal/storage.py``). An ignore with no reason hides a type error nobody can judge later.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

PACKAGES = (
    "alerts",
    "catalogue_pages",
    "improvement",
    "open_data",
    "portal",
    "requestkit",
    "search",
    "service_requests",
    "sync",
    "themes",
)
IGNORE = re.compile(r"#\s*type:\s*ignore(\[[^\]]*\])?(?P<after>.*)$")
#: How far above an ignore its ``# mypy`` comment may stand.
REACH = 8


def _unexplained() -> list[str]:
    root = Path(settings.BASE_DIR)
    out = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            lines = path.read_text(encoding="utf-8").splitlines()
            for number, line in enumerate(lines):
                found = IGNORE.search(line)
                if found is None:
                    continue
                if found["after"].strip(" —-#"):
                    continue
                above = lines[max(0, number - REACH) : number]
                if any(text.strip().startswith("# mypy") for text in above):
                    continue
                out.append(f"{path.relative_to(root)}:{number + 1}")
    return out


def test_every_type_ignore_says_why():
    assert _unexplained() == []
