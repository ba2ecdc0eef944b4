"""Change notes (``models.ChangeNote``) as sentences a reader understands, in the page language.

The sync stores only data (``sync.changes``); the words are made here when a page is shown, so
a Latvian page reads "Maksa mainīta no 15,00 € uz 20,00 €." and its English page "Fee changed
from €15.00 to €20.00." from the same rules. Amounts and durations use the notation of the
service card (``sections.cost_items``, ``durations.humanize_duration``).
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from catalogue_pages.durations import humanize_duration
from catalogue_pages.sections import cost_items

#: A register field's name in a reader's words (also the run log and the history).
FIELD_LABELS = {
    "status": gettext_lazy("Status"),
    "title": gettext_lazy("Name"),
    "summary": gettext_lazy("Description"),
    "keywords": gettext_lazy("Keywords"),
    "for_citizens": gettext_lazy("Audience"),
    "for_business": gettext_lazy("Audience"),
    "for_institutions": gettext_lazy("Audience"),
    "participations": gettext_lazy("Participating institutions"),
    "channels": gettext_lazy("Ways to get it"),
    "costs": gettext_lazy("Fee"),
    "requirements": gettext_lazy("Requirements"),
    "evidence": gettext_lazy("Documents"),
    "outputs": gettext_lazy("Result"),
    "legal_resources": gettext_lazy("Legal basis"),
    "contact_points": gettext_lazy("Contacts"),
    "processing_time": gettext_lazy("Processing time"),
    "related_identifiers": gettext_lazy("Related services"),
    "replaced_by_identifier": gettext_lazy("Replaced by"),
    "competent_authority": gettext_lazy("Competent authority"),
}
CHANNEL_NAMES = {
    "e-service": gettext_lazy("e-service"),
    "request-form": gettext_lazy("request form"),
    "service-centre": gettext_lazy("client service centre"),
    "phone": gettext_lazy("phone"),
    "email": gettext_lazy("e-mail"),
    "post": gettext_lazy("post"),
    "website": gettext_lazy("website"),
    "other": gettext_lazy("other channel"),
}


def field_labels(names: list[str]) -> list[str]:
    """Distinct labels of field names, in order (three audience flags read as one)."""
    out: list[str] = []
    for name in names:
        label = str(FIELD_LABELS.get(name, name))
        if label not in out:
            out.append(label)
    return out


def _fees(amounts: list[dict[str, Any]], language: str) -> str:
    parts = []
    for item in cost_items(amounts, language):
        if item["is_free"]:
            parts.append(_("free of charge"))
        elif item["amount"]:
            euro_first = language == "en" and item["currency"] == "€"
            parts.append(
                f"€{item['amount']}" if euro_first else f"{item['amount']} {item['currency']}"
            )
    return "; ".join(parts) or _("no fee stated")


def _duration(value: str, language: str) -> str:
    return humanize_duration(value, language) or _("not stated")


def _items(field: str, labels: list[str]) -> str:
    if field == "channels":
        labels = [str(CHANNEL_NAMES.get(x, x)) for x in labels]
    # The sentence ends with its own full stop: a register label ending in one ("… 67209400.")
    # would otherwise read "..".
    return "; ".join(labels).removesuffix(".")


SUMMARY = {
    "added": gettext_lazy("Description added."),
    "removed": gettext_lazy("Description removed."),
    "extended": gettext_lazy("Description extended."),
    "shortened": gettext_lazy("Description shortened."),
    "rewritten": gettext_lazy("Description rewritten."),
}


def sentences(entry: dict[str, Any], language: str | None = None) -> list[str]:
    """One stored entry → its sentences (a list gains and loses items in two sentences)."""
    language = (language or get_language() or "lv")[:2]
    field = entry.get("field", "")
    label = str(FIELD_LABELS.get(field, field))
    if field == "status":
        if entry.get("after") == "withdrawn":
            return [_("The service was withdrawn from the register.")]
        return [_("The service is available again.")]
    if field == "title":
        return [_("Name changed from “%(before)s” to “%(after)s”.") % entry]
    if field == "summary":
        return [str(SUMMARY.get(entry.get("summary", ""), SUMMARY["rewritten"]))]
    if field == "costs":
        before, after = entry.get("before") or [], entry.get("after") or []
        # Same number of fees: only the ones that changed ("from 4,27 € to 5,00 €").
        pairs = (
            [([b], [a]) for b, a in zip(before, after, strict=True) if b != a]
            if len(before) == len(after)
            else [(before, after)]
        )
        return [
            _("Fee changed from %(before)s to %(after)s.")
            % {"before": _fees(b, language), "after": _fees(a, language)}
            for b, a in pairs
        ]
    if field == "processing_time":
        values = {
            "before": _duration(entry.get("before", ""), language),
            "after": _duration(entry.get("after", ""), language),
        }
        return [_("Processing time: %(before)s → %(after)s.") % values]
    if field == "competent_authority":
        return [_("Competent authority changed from %(before)s to %(after)s.") % entry]
    out = []
    if entry.get("added"):
        out.append(
            _("%(field)s added: %(items)s.")
            % {"field": label, "items": _items(field, entry["added"])}
        )
    if entry.get("removed"):
        out.append(
            _("%(field)s removed: %(items)s.")
            % {"field": label, "items": _items(field, entry["removed"])}
        )
    if not out:
        out.append(_("%(field)s updated.") % {"field": label})
    return out


def note_items(notes: Any, language: str | None = None) -> list[dict[str, Any]]:
    """What the "Changes" section lists: per note its date, sentences and field names."""
    return [
        {
            "date": note.changed_at,
            "sentences": [s for entry in note.changes for s in sentences(entry, language)],
            "fields": field_labels(note.field_names),
            "explanations": [e.text for e in getattr(note, "public_explanations", [])],
        }
        for note in notes
    ]


def version_note(note: Any, language: str) -> str:
    """One note as a line of the open data (``adms:versionNotes``): the date, the changed
    fields, then the sentences, in ``language``."""
    with translation.override(language):
        fields = ", ".join(field_labels(note.field_names))
        text = " ".join(s for entry in note.changes for s in sentences(entry, language))
    return f"{note.changed_at:%Y-%m-%d}: {fields}. {text}"
