"""The register's change notes in the open data: ``adms:versionNotes`` on each service.

The service keeps the register's ``dct:modified``; its newest change note (``ChangeNote``,
written by the sync) is added as ``adms:versionNotes`` in Latvian and English: the date, the
register fields that changed, and what changed, the sentences of the service page's
"Changes" list. The dump, the change feed and the per-service export all carry it, so a
consumer polling the feed learns not only *that* a service changed but *which fields*.
"""

from __future__ import annotations

from typing import Any

from catalogue_pages.change_notes import version_note
from catalogue_pages.models import ChangeNote
from open_data.nodes import Node


def latest(page_ids: list[int]) -> dict[int, ChangeNote]:
    """Page pk → its newest change note, for the pages that have one (one query)."""
    out: dict[int, ChangeNote] = {}
    for note in ChangeNote.objects.filter(page_id__in=page_ids).order_by(
        "page_id", "-changed_at", "-pk"
    ):
        out.setdefault(note.page_id, note)
    return out


def annotate(
    nodes: list[Node], lv: dict[str, Any], en: dict[str, Any] | None, notes: dict[int, ChangeNote]
) -> None:
    """Add the newest note of the service's pages to its node (the first of ``nodes``)."""
    texts = []
    for lang, row in (("lv", lv), ("en", en)):
        note = notes.get(row["pk"]) if row else None
        if note is not None:
            texts.append({"@value": version_note(note, lang), "@language": lang})
    if texts and nodes:
        nodes[0]["adms:versionNotes"] = texts
