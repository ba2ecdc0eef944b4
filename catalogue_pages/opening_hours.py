"""Opening hours printed once on a service page.

The register repeats a centre's hours on the channel (its field and its description), on the
phone channel and on the contact point; printed each time, one page showed them three or four
times. The first mention is kept and the later repeats are blanked, never the register text.
"""

from __future__ import annotations

from typing import Any


def _norm(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def print_hours_once(channels: list[dict[str, Any]], contacts: list[dict[str, Any]]) -> None:
    """Blank ``opening_hours`` (in place) where the same hours were already shown above.

    Hours count as shown when an earlier item printed them, or when the item's own description
    already quotes them ("… Darba laiks: P. 8.30–19.00 …").
    """
    shown: set[str] = set()
    for item in [*channels, *contacts]:
        key = _norm(item.get("opening_hours") or "")
        if not key:
            continue
        if key in shown or key in _norm(item.get("description") or ""):
            item["opening_hours"] = ""
        shown.add(key)
