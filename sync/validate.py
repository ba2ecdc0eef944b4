"""Item-level checks: bad items are skipped and reported, the rest go in (sync rule 5).

The sync rules are in docs/architecture.md.

Also the text hygiene every register string goes through before it can reach a page: HTML
and scripts become plain text (the register is not trusted to send markup), control
characters go, and a size limit keeps a runaway description from bloating pages and the index.
Strict mode adds the official CPSV-AP SHACL shapes (pyshacl), reported per service.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field, fields, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import SH, Graph, Literal

from sync.rdf import VENDOR
from sync.records import (
    Batch,
    DiskMap,
    EventRecord,
    ParsedDocument,
    RecordSpill,
    ServiceRecord,
)

#: Longest text accepted in one field (characters). Register descriptions are a few
#: paragraphs; 20,000 characters is ~10 pages. Longer means a broken export: skip the item.
MAX_TEXT = 20_000
MAX_IDENTIFIER = 128
MAX_TITLE = 255

_SCRIPT_RE = re.compile(r"<(script|style)\b[^>]*>.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL)
_TAG_RE = re.compile(r"<[^>]*>")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE_RE = re.compile(r"[ \t]+")


@dataclass
class Problem:
    """One reported problem of one item."""

    identifier: str
    iri: str
    level: str  # "error" (item skipped) or "warning" (item imported)
    code: str
    message: str


@dataclass
class Validated:
    """The valid items and the problems. A spilled document's valid records go to a spill
    of their own (read back by ``batches``); what the whole-snapshot steps need of them —
    IRI → identifier, which services are withdrawn — is kept here."""

    services: list[ServiceRecord] = field(default_factory=list)
    events: list[EventRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: identifiers seen in the input but skipped: never withdrawn because of a bad item.
    skipped_identifiers: set[str] = field(default_factory=set)
    skipped_count: int = 0
    spill: RecordSpill | None = None
    #: IRI → identifier of every valid service, and of every valid event.
    #: A spilled document's valid services are kept on disk (``DiskMap``): every service of
    #: a first sync.
    service_ids: MutableMapping[str, str] = field(default_factory=dict)
    event_ids: dict[str, str] = field(default_factory=dict)
    #: identifiers of the valid services whose register status is withdrawn.
    withdrawn_keys: set[str] = field(default_factory=set)

    def keep(self, services: list[ServiceRecord], events: list[EventRecord]) -> None:
        if isinstance(self.service_ids, DiskMap):
            self.service_ids.update_pairs((r.iri, r.identifier) for r in services)
        else:
            self.service_ids.update((r.iri, r.identifier) for r in services)
        for record in services:
            if record.status == "withdrawn":
                self.withdrawn_keys.add(record.identifier)
        for event in events:
            self.event_ids[event.iri] = event.identifier
        if self.spill is not None:
            self.spill.add(services, events)
        else:
            self.services.extend(services)
            self.events.extend(events)

    def batches(self) -> Iterator[Batch]:
        """The valid records, services before events, batch by batch."""
        if self.spill is not None:
            yield from self.spill.batches()
        if self.services or self.events:
            yield self.services, self.events

    def close(self) -> None:
        if self.spill is not None:
            self.spill.close()
        if isinstance(self.service_ids, DiskMap):
            self.service_ids.close()


def plain_text(value: str) -> tuple[str, bool]:
    """Markup → plain text. Returns (text, whether anything looked like markup)."""
    cleaned = _CONTROL_RE.sub("", value)
    had_markup = bool(_TAG_RE.search(cleaned))
    if had_markup:
        cleaned = _SCRIPT_RE.sub(" ", cleaned)
        cleaned = _TAG_RE.sub(" ", cleaned)
        cleaned = html.unescape(cleaned)
        cleaned = _TAG_RE.sub(" ", cleaned)  # markup that was entity-escaped
    cleaned = "\n".join(_SPACE_RE.sub(" ", line).strip() for line in cleaned.splitlines())
    return re.sub(r"\n{3,}", "\n\n", cleaned).strip(), had_markup


class TooLong(Exception):
    """A text over ``MAX_TEXT`` characters: the item it is in is skipped."""

    def __init__(self, size: int) -> None:
        self.size = size


def clean_texts(obj: Any, flags: set[str]) -> Any:
    """Walk a record (dataclasses, dicts, lists) and clean every string in place."""
    if is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            if f.name in ("iri", "notes", "raw_hash"):
                continue
            setattr(obj, f.name, clean_texts(getattr(obj, f.name), flags))
        return obj
    if isinstance(obj, dict):
        return {k: clean_texts(v, flags) for k, v in obj.items()}
    if isinstance(obj, list):
        return [clean_texts(v, flags) for v in obj]
    if isinstance(obj, str):
        if len(obj) > MAX_TEXT:
            raise TooLong(len(obj))
        text, had_markup = plain_text(obj)
        if had_markup:
            flags.add("markup")
        return text
    return obj


def _clean_identifiers(values: list[str]) -> list[str]:
    """Identifiers as they will be stored: without control characters or surrounding space.

    Why before any check: an identifier made only of control characters would otherwise pass
    as present and become an empty one once the texts are cleaned."""
    return sorted({_SPACE_RE.sub(" ", _CONTROL_RE.sub("", v)).strip() for v in values} - {""})


def best_title(texts: dict[str, str]) -> tuple[str, str]:
    """(language, title): Latvian, else English, else any language (sorted, deterministic)."""
    for lang in ("lv", "en"):
        if texts.get(lang):
            return lang, texts[lang]
    for lang in sorted(texts):
        if texts[lang]:
            return lang, texts[lang]
    return "", ""


def _check_item(
    item: ServiceRecord | EventRecord, kind: str, out: Validated, duplicates: set[str]
) -> bool:
    ident = item.identifier
    label = ident or item.iri

    def problem(level: str, code: str, message: str) -> None:
        out.problems.append(Problem(ident, item.iri, level, code, message))

    if not item.identifiers:
        problem("error", "no-identifier", f"{kind} {item.iri} has no dct:identifier; skipped.")
        return False
    if len(item.identifiers) > 1:
        problem(
            "error",
            "several-identifiers",
            f"{kind} {item.iri} has several identifiers ({', '.join(item.identifiers)}); skipped.",
        )
        out.skipped_identifiers.update(item.identifiers)
        return False
    if len(ident) > MAX_IDENTIFIER:
        problem(
            "error",
            "identifier-too-long",
            f"{kind} identifier longer than {MAX_IDENTIFIER} characters; skipped.",
        )
        return False
    if ident in duplicates:
        problem(
            "error",
            "duplicate-identifier",
            f"Identifier {ident} is used by more than one {kind} ({item.iri}); all of them skipped.",  # noqa: E501
        )
        out.skipped_identifiers.add(ident)
        return False
    flags: set[str] = set()
    try:
        clean_texts(item, flags)
    except TooLong as exc:
        problem(
            "error",
            "text-too-long",
            f"{kind} {label} has a text of {exc.size:,} characters (limit {MAX_TEXT:,}); skipped.",
        )
        out.skipped_identifiers.add(ident)
        return False
    lang, title = best_title(item.title)
    if not title:
        problem("error", "no-title", f"{kind} {label} has no title in any language; skipped.")
        out.skipped_identifiers.add(ident)
        return False
    if len(title) > MAX_TITLE:
        item.title = {k: v[:MAX_TITLE] for k, v in item.title.items()}
        problem(
            "warning",
            "title-shortened",
            f"{kind} {label}: title longer than {MAX_TITLE} characters was shortened.",
        )
    if "markup" in flags:
        problem(
            "warning",
            "markup-removed",
            f"{kind} {label}: HTML in the register text was stored as plain text.",
        )
    for note in item.notes:
        problem("warning", "language-tag", f"{kind} {label}: {note}.")
    if lang != "lv":
        problem(
            "warning",
            "missing-lv",
            f"{kind} {label} has no Latvian title; imported with the {lang or 'untagged'} title “{title}”.",  # noqa: E501
        )
    if not item.title.get("en"):
        problem(
            "warning",
            "missing-en",
            f"{kind} {label} has no English title; no English page is published for it.",
        )
    return True


def _clean_labels(records: dict[str, Any]) -> None:
    """Organisations and topics: cleaned like items; one with a runaway text is left out
    (pages then keep what they had: a service still names its authority by IRI)."""
    for iri, record in list(records.items()):
        try:
            clean_texts(record, set())
        except TooLong:
            del records[iri]


def validate(doc: ParsedDocument, strict: bool = False) -> Validated:
    """Split the document's items into good ones and reported problems.

    The document's organisations and topics are cleaned in place (``_clean_labels``). The
    items are read batch by batch (``ParsedDocument.batches``); the duplicate identifiers
    are found first from the items' heads, which hold only IRIs and identifiers.
    """
    _clean_labels(doc.organisations)
    _clean_labels(doc.topics)
    out = (
        Validated(spill=RecordSpill(keep_heads=False), service_ids=DiskMap())
        if doc.spill is not None
        else Validated()
    )
    shacl = shacl_problems(doc) if strict and doc.graph is not None else {}
    for iri, message in sorted(doc.failed.items()):
        out.problems.append(
            Problem(
                "", iri, "error", "unreadable", f"Item {iri} cannot be read: {message}; skipped."
            )
        )
        out.skipped_count += 1
    counts: dict[bool, Counter[str]] = {False: Counter(), True: Counter()}
    for head in doc.heads():
        counts[head.is_event].update(set(_clean_identifiers(head.identifiers)))
    duplicates = {kind: {i for i, n in c.items() if n > 1} for kind, c in counts.items()}
    del counts
    for services, events in doc.batches():
        kept: tuple[list[ServiceRecord], list[EventRecord]] = ([], [])
        for records, kind, target in (
            (services, "Service", kept[0]),
            (events, "Event", kept[1]),
        ):
            for record in records:
                record.identifiers = _clean_identifiers(record.identifiers)
                if not _check_item(record, kind, out, duplicates[kind == "Event"]):
                    if kind == "Service":
                        out.skipped_count += 1
                    continue
                if kind == "Service" and record.iri in shacl:
                    for message in shacl[record.iri][:10]:
                        out.problems.append(
                            Problem(record.identifier, record.iri, "error", "shacl", message)
                        )
                    out.problems.append(
                        Problem(
                            record.identifier,
                            record.iri,
                            "error",
                            "shacl",
                            f"Service {record.identifier} violates the CPSV-AP shapes; skipped (--strict).",  # noqa: E501
                        )
                    )
                    out.skipped_identifiers.add(record.identifier)
                    out.skipped_count += 1
                    continue
                # mypy: target is the services' or the events' list, chosen by the record's type
                target.append(record)  # type: ignore[arg-type]
        out.keep(*kept)
    return out


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    graph = Graph()
    graph.parse(Path(VENDOR / "cpsv-ap-SHACL.ttl"), format="turtle")
    return graph


def shacl_problems(doc: ParsedDocument) -> dict[str, list[str]]:
    """Violations of the official shapes, grouped by the service whose nodes they concern."""
    # Only --strict runs need pyshacl (0.3 s to import): the one import made on first use.
    from pyshacl import validate as shacl_validate

    assert doc.graph is not None
    conforms, report, _ = shacl_validate(
        doc.graph,
        shacl_graph=_shapes(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    if conforms:
        return {}
    owner: dict[str, list[str]] = {}
    for service, nodes in doc.service_nodes.items():
        for node in nodes:
            owner.setdefault(node, []).append(service)
    found: dict[str, list[str]] = {}
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = str(report.value(result, SH.focusNode))
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        text = (
            f"SHACL: {focus}"
            + (f" {path}" if path else "")
            + (f": {message}" if isinstance(message, Literal) else "")
        )
        for service in owner.get(focus, []):
            found.setdefault(service, []).append(text)
    return {k: sorted(set(v)) for k, v in found.items()}
