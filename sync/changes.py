"""Which register fields a run changed, from what to what: the public change notes.

The runner makes one ``Recorder`` after planning (it reads the rows as they are before the
writes) and calls ``save`` after the writes, in the run's transaction. A note is made per
changed page, so per service *and* language, from that page's own mapped values (which already
fall back to the other language where the register has no text). A page the run creates has
nothing to compare with: a first sync records no note.

Rules (docs/sync.md, "Change notes"):

* scalars (title, processing time, competent authority, status) keep before and after;
* costs keep both lists of amounts, so the page can say "from 15,00 € to 20,00 €";
* lists (channels, requirements, evidence, outputs, legal basis) keep the labels added and
  removed, or ``changed`` when the same items were only reworded;
* the description is never copied: it is summarised as extended, shortened or rewritten.

Only fields a reader acts on make a note; ``fields_by_key`` lists every changed register
field of a service for the run log (``SyncRun.diff``), keywords and audiences included.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import F

from catalogue_pages.models import ChangeNote, InstitutionPage, ServicePage
from catalogue_pages.sections import channel_type

#: Fields compared for the run log (the mapped register fields a page stores).
LOGGED = (
    "title",
    "summary",
    "keywords",
    "for_citizens",
    "for_business",
    "for_institutions",
    "participations",
    "channels",
    "costs",
    "requirements",
    "outputs",
    "legal_resources",
    "contact_points",
    "processing_time",
    "related_identifiers",
    "replaced_by_identifier",
)
#: List fields a note reports by item label.
LISTS = ("channels", "requirements", "outputs", "legal_resources")
#: Note fields in the order a page lists them.
NOTE_ORDER = (
    "status",
    "title",
    "summary",
    "costs",
    "processing_time",
    "channels",
    "requirements",
    "evidence",
    "outputs",
    "legal_resources",
    "competent_authority",
)


def _label(field: str, item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    if field == "channels":
        text = item.get("description") or item.get("url") or item.get("telephone") or ""
        text = text or item.get("email") or item.get("identifier") or ""
        return text or channel_type(item)
    return str(item.get("title") or item.get("description") or item.get("url") or "")[:200]


def _list_change(field: str, before: list, after: list) -> dict[str, Any] | None:
    if before == after:
        return None
    old = [_label(field, i) for i in before or []]
    new = [_label(field, i) for i in after or []]
    added = [x for x in new if x not in old]
    removed = [x for x in old if x not in new]
    entry: dict[str, Any] = {"field": field, "added": added, "removed": removed}
    if not added and not removed:
        entry["changed"] = True
    return entry


def _evidence(requirements: Any) -> list[dict[str, str]]:
    return [
        ev
        for req in requirements or []
        if isinstance(req, dict)
        for ev in req.get("evidence") or []
        if isinstance(ev, dict)
    ]


def _summary_kind(before: str, after: str) -> str:
    old, new = " ".join(before.split()), " ".join(after.split())
    if not old:
        return "added"
    if not new:
        return "removed"
    if old in new:
        return "extended"
    if new in old:
        return "shortened"
    return "rewritten"


def _amounts(costs: Any) -> list[dict[str, Any]]:
    return [
        {"value": c.get("value"), "currency": c.get("currency") or "EUR"}
        for c in costs or []
        if isinstance(c, dict)
    ]


def diff_fields(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The note entries between a page's stored values and the values the run writes."""
    entries: dict[str, dict[str, Any]] = {}
    if "title" in new and new["title"] != old["title"]:
        entries["title"] = {"field": "title", "before": old["title"], "after": new["title"]}
    if "summary" in new and (new["summary"] or "") != (old["summary"] or ""):
        kind = _summary_kind(old["summary"] or "", new["summary"] or "")
        entries["summary"] = {"field": "summary", "summary": kind}
    if "costs" in new and _amounts(new["costs"]) != _amounts(old["costs"]):
        entries["costs"] = {
            "field": "costs",
            "before": _amounts(old["costs"]),
            "after": _amounts(new["costs"]),
        }
    if "processing_time" in new and new["processing_time"] != old["processing_time"]:
        entries["processing_time"] = {
            "field": "processing_time",
            "before": old["processing_time"],
            "after": new["processing_time"],
        }
    for field in LISTS:
        if field in new and field != "requirements":
            entry = _list_change(field, old[field] or [], new[field] or [])
            if entry:
                entries[field] = entry
    if "requirements" in new:
        # Reworded requirements whose evidence changed say only what evidence changed.
        req = _list_change("requirements", old["requirements"] or [], new["requirements"] or [])
        ev = _list_change(
            "evidence", _evidence(old["requirements"]), _evidence(new["requirements"])
        )
        if req and (req["added"] or req["removed"] or not ev):
            entries["requirements"] = req
        if ev:
            entries["evidence"] = ev
    iri = new.get("competent_authority_iri")
    if iri is not None and iri != (old["authority_iri"] or ""):
        entries["competent_authority"] = {
            "field": "competent_authority",
            "before": old["authority_iri"] or "",
            "after": iri,
        }
    if "withdrawn_at" in new and bool(new["withdrawn_at"]) != bool(old["withdrawn_at"]):
        entries["status"] = {
            "field": "status",
            "before": "withdrawn" if old["withdrawn_at"] else "active",
            "after": "withdrawn" if new["withdrawn_at"] else "active",
        }
    return [entries[name] for name in NOTE_ORDER if name in entries]


class Recorder:
    """Reads the rows a run will change, then records what changed once they are written."""

    def __init__(self, updates: list[tuple[int, dict[str, Any]]], withdrawn: list[int]) -> None:
        values = dict(updates)
        for pk in withdrawn:
            values.setdefault(pk, {})["withdrawn_at"] = True
        self.old = {
            row["pk"]: row
            for row in ServicePage._base_manager.filter(pk__in=list(values)).values(
                "pk",
                "identifier",
                "withdrawn_at",
                "locale__language_code",
                *LOGGED,
                authority_iri=F("competent_authority__register_iri"),
            )
        }
        self.entries: dict[int, list[dict[str, Any]]] = {}
        self.fields_by_key: dict[str, list[str]] = {}
        self.fields_by_pk: dict[int, list[str]] = {}
        for pk, new in values.items():
            old = self.old.get(pk)
            if old is None:
                continue
            entries = diff_fields(old, new)
            if entries:
                self.entries[pk] = entries
            changed = {f for f in LOGGED if f in new and new[f] != old[f]}
            changed |= {e["field"] for e in entries}
            if changed:
                self.fields_by_pk[pk] = [n for n in (*NOTE_ORDER, *LOGGED) if n in changed]
                known = self.fields_by_key.setdefault(old["identifier"], [])
                known.extend(n for n in self.fields_by_pk[pk] if n not in known)

    def save(self, when: datetime, run_id: int | None) -> list[ChangeNote]:
        """Write the notes (after the pages: authority names are read from the new rows)."""
        iris = {
            value
            for entries in self.entries.values()
            for e in entries
            if e["field"] == "competent_authority"
            for value in (e["before"], e["after"])
            if value
        }
        names = {
            (iri, lang): title
            for iri, lang, title in InstitutionPage._base_manager.filter(
                register_iri__in=iris
            ).values_list("register_iri", "locale__language_code", "title")
        }
        notes = []
        for pk, entries in self.entries.items():
            lang = self.old[pk]["locale__language_code"]
            for entry in entries:
                if entry["field"] == "competent_authority":
                    for side in ("before", "after"):
                        iri = entry[side]
                        entry[side] = names.get((iri, lang)) or names.get((iri, "lv")) or iri
            notes.append(ChangeNote(page_id=pk, changed_at=when, changes=entries, run_id=run_id))
        return ChangeNote.objects.bulk_create(notes, batch_size=500)


def annotate(diff: list[dict[str, Any]], fields_by_key: dict[str, list[str]]) -> None:
    """The run log's changed and withdrawn services name their changed register fields."""
    for entry in diff:
        if entry.get("action") in ("update", "withdraw"):
            entry["fields"] = fields_by_key.get(entry["identifier"], [])
