"""Validated records → plain field dicts per language, plus their content hash.

One function per page type; nothing here touches the database, so the mapping can be tested and
property-tested on its own. Language rule (docs/architecture.md, sync rule 7): the Latvian page
takes ``lv`` texts, the English page ``en`` texts. A page exists in a language only when the
item has a title in it (Latvian always exists: an item without a Latvian title takes the best
title available — en, then any — and the gap is reported). Inside a page, a text missing in its
language falls back to the other language rather than leaving a hole; the run log lists such
gaps so the register can fill them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings
from django.utils.text import slugify

from catalogue_pages import register_fields as shapes
from catalogue_pages.audiences import AUDIENCE_FIELDS
from sync.records import EventRecord, OrgRecord, ServiceRecord, Texts, TopicRecord, last_segment
from sync.validate import best_title

#: Page languages, Latvian (the source locale) first.
LANGS = tuple(code for code, _name in settings.LANGUAGES)
ONLINE_CHANNELS = {"e-service"}
#: Fields of the hash but not of the page (resolved to keys in ``write``).
VIRTUAL = ("competent_authority_iri", "topic_iris", "service_identifiers", "status")


class Picker:
    """Chooses texts for one language and remembers which ones had to fall back."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.missing: set[str] = set()

    def __call__(self, texts: Texts, what: str) -> str:
        if texts.get(self.lang):
            return texts[self.lang]
        if not any(texts.values()):
            return ""
        self.missing.add(what)
        return best_title(texts)[1]


def page_languages(title: Texts) -> list[str]:
    """Languages a page is published in: always lv, en only with an English title."""
    return ["lv", "en"] if title.get("en") else ["lv"]


def page_title(title: Texts, lang: str) -> str:
    return title[lang] if title.get(lang) else best_title(title)[1]


def content_hash(fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _contact(c: Any, pick: Picker) -> shapes.ContactPoint:
    return {
        "email": c.email,
        "telephone": c.telephone,
        "page": c.page,
        "opening_hours": pick(c.opening_hours, "contact points"),
    }


def service_fields(
    record: ServiceRecord,
    lang: str,
    orgs: dict[str, OrgRecord],
    iri_to_identifier: Mapping[str, str],
) -> tuple[dict[str, Any], set[str]]:
    """The register fields of one service page in ``lang`` and the texts that fell back."""
    pick = Picker(lang)
    participations: list[shapes.Participation] = []
    for p in record.participations:
        org = orgs.get(p.organisation or "")
        participations.append(
            {
                "role": p.role,
                "organisation_iri": p.organisation or "",
                "organisation": pick(org.name, "organisations") if org else "",
                "description": pick(p.description, "participations"),
            }
        )
    channels: list[shapes.Channel] = [
        {
            "type": c.type,
            "identifier": c.identifier,
            "description": pick(c.description, "channels"),
            "url": c.url,
            "telephone": c.telephone,
            "email": c.email,
            "opening_hours": pick(c.opening_hours, "channels"),
            "request_kind": c.request_kind,
        }
        for c in record.channels
    ]
    costs: list[shapes.Cost] = [
        {"value": c.value, "currency": c.currency, "description": pick(c.description, "costs")}
        for c in record.costs
    ]
    requirements: list[shapes.Requirement] = [
        {
            "title": pick(r.title, "requirements"),
            "description": pick(r.description, "requirements"),
            "evidence": [
                {"title": pick(e.title, "evidence"), "description": pick(e.description, "evidence")}
                for e in r.evidence
            ],
        }
        for r in record.requirements
    ]
    outputs: list[shapes.Output] = [
        {"title": pick(o.title, "outputs"), "description": pick(o.description, "outputs")}
        for o in record.outputs
    ]
    legal: list[shapes.LegalResource] = [
        {"title": pick(lr.title, "legal resources") or lr.url, "url": lr.url}
        for lr in record.legal_resources
    ]
    keywords = record.keywords.get(lang) or []
    fields: dict[str, Any] = {
        "title": page_title(record.title, lang),
        "identifier": record.identifier,
        "register_iri": record.iri,
        "register_modified": record.modified.isoformat() if record.modified else None,
        "summary": pick(record.description, "description"),
        "keywords": sorted(set(keywords)),
        **{field: code in record.audiences for code, field in AUDIENCE_FIELDS.items()},
        "competent_authority_iri": record.competent_authority or "",
        "participations": participations,
        "channels": channels,
        "costs": costs,
        "requirements": requirements,
        "outputs": outputs,
        "legal_resources": legal,
        "contact_points": [_contact(c, pick) for c in record.contact_points],
        "processing_time": record.processing_time[:64],
        "related_identifiers": sorted(
            iri_to_identifier.get(i) or last_segment(i) for i in record.related
        ),
        "topic_iris": sorted(record.topics),
        "is_free": not any(c["value"] and Decimal(c["value"]) > 0 for c in costs),
        "is_online": any(c["type"] in ONLINE_CHANNELS for c in channels),
        "status": "withdrawn" if record.status == "withdrawn" else "active",
        "replaced_by_identifier": (
            iri_to_identifier.get(record.replaced_by) or last_segment(record.replaced_by)
        )[:128]
        if record.replaced_by
        else "",
    }
    return fields, pick.missing


def event_fields(
    record: EventRecord, lang: str, iri_to_identifier: Mapping[str, str]
) -> tuple[dict[str, Any], set[str]]:
    pick = Picker(lang)
    needs: list[shapes.Need] = [
        {
            "order": n.order,
            "title": pick(n.title, "needs"),
            "description": pick(n.description, "needs"),
            "services": [iri_to_identifier.get(s) or last_segment(s) for s in n.services],
        }
        for n in record.needs
    ]
    services = set(record.services) | {s for n in record.needs for s in n.services}
    fields = {
        "title": page_title(record.title, lang),
        "identifier": record.identifier,
        "register_iri": record.iri,
        "register_modified": None,
        "kind": record.kind,
        "summary": pick(record.description, "description"),
        "needs": needs,
        "service_identifiers": sorted(
            iri_to_identifier.get(s) or last_segment(s) for s in services
        ),
    }
    return fields, pick.missing


def org_fields(record: OrgRecord, lang: str) -> dict[str, Any]:
    pick = Picker(lang)
    return {
        "title": (page_title(record.name, lang) or last_segment(record.iri))[:255],
        "identifier": record.identifier[:128],
        "register_iri": record.iri,
        "register_modified": None,
        "website": record.homepage[:500],
        "contact_points": [_contact(c, pick) for c in record.contact_points],
    }


class Taken(Protocol):
    """The slugs a new page must differ from: a set, or ``plan.TakenSlugs``."""

    def __contains__(self, slug: object, /) -> bool: ...

    def add(self, slug: str, /) -> None: ...


def slug_base(title: str, identifier: str) -> str:
    """The slug ``make_slug`` tries first."""
    return slugify(title)[:70].strip("-") or slugify(identifier)[:70] or "pakalpojums"


def make_slug(title: str, identifier: str, taken: Taken) -> str:
    """Slugified Latvian title, unique among siblings; falls back to the identifier."""
    base = slug_base(title, identifier)
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug


def topic_names(iri: str, topic: TopicRecord) -> tuple[str, str]:
    """(Latvian, English) name of a topic: Latvian falls back to English, then to the IRI."""
    name_lv = topic.label.get("lv") or topic.label.get("en") or iri.rsplit("/", 1)[-1]
    return name_lv[:255], (topic.label.get("en") or "")[:255]


def topic_slug(name_lv: str, iri: str, taken: set[str]) -> str:
    return make_slug(name_lv, iri.rsplit("/", 1)[-1], taken)[:100]
