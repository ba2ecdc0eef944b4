"""Latvian first: every user-facing string has a Latvian and an English translation.

The test extracts the messages from the code afresh (Django's ``makemessages`` into a
temporary folder) and compares them with the committed catalogues, so a string added without
translating it fails here rather than reaching a visitor in the wrong language.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
IGNORE = [".venv", "node_modules", ".cache", "var", "tests", "bench", "demo", "docs"]


APPS = ["portal", "catalogue_pages", "search", "sync", "service_requests", "themes"]


@pytest.fixture(scope="module")
def fresh_messages(tmp_path_factory) -> dict[str, set[str]]:
    """Extract messages into a scratch tree so the committed catalogues are never touched.

    ``makemessages`` writes to the ``locale`` folder nearest each source file, so it runs in
    a scratch folder holding links to the apps and a ``locale`` folder of its own.
    """
    if shutil.which("xgettext") is None:
        pytest.fail("gettext is not installed: apt-get install gettext (make install does it)")
    scratch = tmp_path_factory.mktemp("messages")
    for app in APPS:
        (scratch / app).symlink_to(ROOT / app, target_is_directory=True)
    out = scratch / "locale"
    (out / "lv" / "LC_MESSAGES").mkdir(parents=True)
    from django.test import override_settings

    cwd = os.getcwd()
    os.chdir(scratch)
    try:
        with override_settings(LOCALE_PATHS=[str(out)]):
            for domain in ("django", "djangojs"):
                call_command(
                    "makemessages",
                    locale=["lv"],
                    domain=domain,
                    ignore_patterns=IGNORE,
                    symlinks=True,
                    verbosity=0,
                )
    finally:
        os.chdir(cwd)
    found: dict[str, set[str]] = {}
    for domain in ("django", "djangojs"):
        path = out / "lv" / "LC_MESSAGES" / f"{domain}.po"
        found[domain] = {_key(e) for e in polib.pofile(str(path))} if path.exists() else set()
    assert found["django"], "no messages extracted: the extraction itself is broken"
    return found


def _key(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt or ''}\x04{entry.msgid}"


@pytest.mark.parametrize("language", ["lv", "en"])
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_catalogue_is_complete(fresh_messages, language, domain):
    wanted = fresh_messages[domain]
    path = ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
    if not wanted:
        return
    assert path.exists(), f"{path} is missing: run make messages"
    catalogue = polib.pofile(str(path))
    translated = {_key(e) for e in catalogue if e.translated() and "fuzzy" not in e.flags}
    missing = sorted(k.split("\x04", 1)[1] for k in wanted - translated)
    assert not missing, f"{len(missing)} untranslated {language} messages, e.g. {missing[:10]}"
