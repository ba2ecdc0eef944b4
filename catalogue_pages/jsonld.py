"""Machine-readable service descriptions: schema.org for search engines, CPSV-AP for re-users.

Both are built only from public page fields (the sync never stores the register's management
data in a page), so nothing private can leak through them.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from catalogue_pages.audiences import AUDIENCES
from catalogue_pages.change_notes import version_note
from catalogue_pages.register_fields import (
    AUDIENCE_IRI,
    CHANNEL_TYPE_IRI,
    EUR,
    LATVIA,
    NAMESPACES,
)
from catalogue_pages.sections import (
    channel_items,
    contact_items,
    first,
    legal_items,
    requirement_items,
    text,
    titled_items,
)
from requestkit import public_urls

ADMS = NAMESPACES["adms"]
CPSV = NAMESPACES["cpsv"]
CV = NAMESPACES["cv"]
DCT = NAMESPACES["dct"]
DCAT = NAMESPACES["dcat"]
SKOS = NAMESPACES["skos"]
ELI = NAMESPACES["eli"]
FOAF = NAMESPACES["foaf"]
SCHEMA = NAMESPACES["schema"]
XSD = NAMESPACES["xsd"]

SCHEMA_AUDIENCE = {
    "citizen": "Citizens",
    "business": "Businesses",
    "public-administration": "Public administration",
}


def script_json(data: dict[str, Any]) -> SafeString:
    """JSON safe inside a ``<script>`` element: ``<``, ``>`` and ``&`` are escaped."""
    encoded = json.dumps(data, ensure_ascii=False, sort_keys=True)
    encoded = encoded.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(encoded)  # noqa: S308 - escaped above, it is data inside <script>


def schema_org(page: Any, request: HttpRequest | None = None) -> dict[str, Any]:
    """A schema.org ``GovernmentService`` for the page."""
    url = public_urls.page_url(page, request)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": page.title,
        "url": url,
        "areaServed": {"@type": "Country", "name": "Latvia", "identifier": "LV"},
        "serviceType": ", ".join(t.name for t in page.topics.all()) or "Public service",
        "audience": [
            {"@type": "Audience", "audienceType": SCHEMA_AUDIENCE[code]}
            for code in AUDIENCES
            if code in page.audiences
        ],
        "availableChannel": [],
    }
    if page.identifier:
        data["identifier"] = page.identifier
    if page.summary:
        data["description"] = page.summary
    authority = page.competent_authority
    if authority is not None:
        provider: dict[str, Any] = {"@type": "GovernmentOrganization", "name": authority.title}
        if authority.live:
            provider["url"] = public_urls.page_url(authority, request)
        data["provider"] = provider
    for channel in channel_items(page.channels):
        entry: dict[str, Any] = {"@type": "ServiceChannel", "name": str(channel["label"])}
        if channel["description"]:
            entry["description"] = channel["description"]
        if channel["url"]:
            entry["serviceUrl"] = channel["url"]
        if channel["telephone"]:
            entry["servicePhone"] = {"@type": "ContactPoint", "telephone": channel["telephone"]}
        data["availableChannel"].append(entry)
    return data


def schema_org_json(page: Any, request: HttpRequest | None = None) -> SafeString:
    return script_json(schema_org(page, request))


def _lang(value: str, language: str) -> dict[str, str]:
    return {"@value": value, "@language": language}


def _organisation(page: Any, language: str) -> dict[str, Any]:
    return {
        "@id": page.register_iri or public_urls.page_url(page),
        "@type": [f"{CV}PublicOrganisation", f"{FOAF}Agent"],
        f"{DCT}identifier": page.identifier or page.register_iri or page.slug,
        f"{DCT}title": _lang(page.title, language),
        f"{SKOS}prefLabel": _lang(page.title, language),
        f"{DCT}spatial": {"@id": LATVIA, "@type": f"{DCT}Location"},
    }


def cpsv_ap(page: Any, request: HttpRequest | None = None) -> dict[str, Any]:
    """The service as CPSV-AP 3.2 JSON-LD (full IRIs, no remote context needed)."""
    language = page.locale.language_code
    service_iri = page.register_iri or public_urls.page_url(page, request)
    node: dict[str, Any] = {
        "@id": service_iri,
        "@type": f"{CPSV}PublicService",
        f"{DCT}identifier": page.identifier or service_iri,
        f"{DCT}title": _lang(page.title, language),
        f"{DCT}description": _lang(page.summary or page.title, language),
        f"{FOAF}page": {"@id": public_urls.page_url(page, request)},
        f"{DCT}spatial": {"@id": LATVIA},
        f"{DCT}audience": [{"@id": AUDIENCE_IRI + code} for code in page.audiences],
    }
    graph: list[dict[str, Any]] = [node]
    graph.extend({"@id": AUDIENCE_IRI + code, "@type": f"{SKOS}Concept"} for code in page.audiences)
    keywords = [text(k) for k in page.keywords or [] if text(k)]
    if keywords:
        node[f"{DCAT}keyword"] = [_lang(k, language) for k in keywords]
    if page.register_modified:
        node[f"{DCT}modified"] = {
            "@value": page.register_modified.isoformat(),
            "@type": f"{XSD}dateTime",
        }
    if page.processing_time:
        node[f"{CV}processingTime"] = {"@value": page.processing_time, "@type": f"{XSD}duration"}
    note = page.change_notes.first()  # the newest: what changed at dct:modified (sync.changes)
    if note is not None:
        node[f"{ADMS}versionNotes"] = _lang(version_note(note, language), language)
    authority = page.competent_authority
    if authority is not None:
        org = _organisation(authority, language)
        graph.append(org)
        node[f"{CV}hasCompetentAuthority"] = {"@id": org["@id"]}
    topics = list(page.topics.all())
    if topics:
        node[f"{CV}thematicArea"] = [{"@id": t.register_iri} for t in topics]
        for topic in topics:
            labels = [_lang(topic.name_lv, "lv")] + (
                [_lang(topic.name_en, "en")] if topic.name_en else []
            )
            graph.append(
                {"@id": topic.register_iri, "@type": f"{SKOS}Concept", f"{SKOS}prefLabel": labels}
            )
    channels = []
    for index, channel in enumerate(channel_items(page.channels)):
        entry: dict[str, Any] = {
            "@id": f"{service_iri}#channel-{index + 1}",
            "@type": f"{CV}Channel",
            f"{DCT}identifier": f"channel-{index + 1}",
            f"{DCT}type": {"@id": CHANNEL_TYPE_IRI + channel["type"]},
        }
        if channel["description"]:
            entry[f"{DCT}description"] = _lang(channel["description"], language)
        if channel["url"]:
            entry[f"{SCHEMA}url"] = channel["url"]
        if channel["telephone"]:
            entry[f"{CV}telephone"] = channel["telephone"]
        if channel["email"]:
            entry[f"{CV}email"] = channel["email"]
        channels.append(entry)
        graph.append({"@id": CHANNEL_TYPE_IRI + channel["type"], "@type": f"{SKOS}Concept"})
    if channels:
        node[f"{CV}hasChannel"] = [{"@id": c["@id"]} for c in channels]
        graph.extend(channels)
    costs = []
    for index, item in enumerate(page.costs or []):
        if not isinstance(item, dict):
            continue
        entry = {
            "@id": f"{service_iri}#cost-{index + 1}",
            "@type": f"{CV}Cost",
            f"{DCT}identifier": f"cost-{index + 1}",
        }
        raw = item.get("value")
        try:
            amount = Decimal(str(raw)) if raw not in (None, "") else None
        except InvalidOperation:
            amount = None
        if amount is not None:
            entry[f"{CV}hasValue"] = {"@value": str(float(amount)), "@type": f"{XSD}double"}
            entry[f"{CV}currency"] = {"@id": EUR}
        description = first(item, "description", "desc")
        if description:
            entry[f"{DCT}description"] = _lang(description, language)
        costs.append(entry)
    if costs:
        node[f"{CV}hasCost"] = [{"@id": c["@id"]} for c in costs]
        graph.extend(costs)
        graph.append({"@id": EUR, "@type": f"{SKOS}Concept"})
    requirements = []
    for index, item in enumerate(requirement_items(page.requirements)):
        iri = f"{service_iri}#requirement-{index + 1}"
        entry = {
            "@id": iri,
            "@type": f"{CV}Requirement",
            f"{DCT}identifier": f"requirement-{index + 1}",
            f"{DCT}title": _lang(item["title"] or item["description"][:200], language),
        }
        if item["description"]:
            entry[f"{DCT}description"] = _lang(item["description"], language)
        evidences = []
        for ev_index, evidence in enumerate(item["evidence"]):
            evidences.append(
                {
                    "@id": f"{iri}-evidence-{ev_index + 1}",
                    "@type": f"{CV}Evidence",
                    f"{DCT}identifier": f"evidence-{index + 1}-{ev_index + 1}",
                    f"{DCT}title": _lang(
                        evidence["title"] or evidence["description"][:200], language
                    ),
                }
            )
        if evidences:
            entry[f"{CV}hasSupportingEvidence"] = [{"@id": e["@id"]} for e in evidences]
            graph.extend(evidences)
        requirements.append(entry)
    if requirements:
        node[f"{CV}holdsRequirement"] = [{"@id": r["@id"]} for r in requirements]
        graph.extend(requirements)
    outputs = []
    for index, item in enumerate(titled_items(page.outputs)):
        entry = {
            "@id": f"{service_iri}#output-{index + 1}",
            "@type": [f"{CV}Output", f"{CPSV}Output"],
            f"{DCT}identifier": f"output-{index + 1}",
            f"{DCT}title": _lang(item["title"] or item["description"][:200], language),
        }
        if item["description"]:
            entry[f"{DCT}description"] = _lang(item["description"], language)
        outputs.append(entry)
    if outputs:
        node[f"{CPSV}produces"] = [{"@id": o["@id"]} for o in outputs]
        graph.extend(outputs)
    legal = []
    for index, item in enumerate(legal_items(page.legal_resources)):
        iri = item["url"] or f"{service_iri}#legal-{index + 1}"
        legal.append(
            {
                "@id": iri,
                "@type": f"{ELI}LegalResource",
                f"{DCT}title": _lang(item["title"], language),
            }
        )
    if legal:
        node[f"{CV}hasLegalResource"] = [{"@id": item["@id"]} for item in legal]
        graph.extend(legal)
    contacts = []
    for index, item in enumerate(contact_items(page.contact_points)):
        entry = {"@id": f"{service_iri}#contact-{index + 1}", "@type": f"{CV}ContactPoint"}
        if item["email"]:
            entry[f"{CV}email"] = item["email"]
        if item["telephone"]:
            entry[f"{CV}telephone"] = item["telephone"]
        if item["page"]:
            # CPSV-AP 3.2: the range of cv:contactPage is foaf:Document.
            entry[f"{CV}contactPage"] = {"@id": item["page"]}
            graph.append({"@id": item["page"], "@type": f"{FOAF}Document"})
        contacts.append(entry)
    if contacts:
        node[f"{CV}contactPoint"] = [{"@id": c["@id"]} for c in contacts]
        graph.extend(contacts)
    related = [i for i in page.related_identifiers or [] if isinstance(i, str)]
    if related:
        node[f"{DCT}relation"] = [
            {"@id": f"urn:virsis:service:{identifier}"} for identifier in related
        ]
    return {"@context": {"cpsv": CPSV, "cv": CV, "dct": DCT, "skos": SKOS}, "@graph": graph}
