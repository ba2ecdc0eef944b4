"""Fill the English catalogue from the English msgids (the source strings are English).

Run by ``make messages`` after ``makemessages``; Latvian is translated by people.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    for domain in ("django", "djangojs"):
        path = ROOT / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
        if not path.exists():
            continue
        catalogue = polib.pofile(str(path))
        for entry in catalogue:
            if entry.msgid_plural:
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
            else:
                entry.msgstr = entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalogue.save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
