"""The one CPSV-AP 3.2 writer: page rows → flat JSON-LD nodes (compact keys, full IRIs).

The page's export (``/<lang>/pakalpojumi/<slug>/cpsv-ap.jsonld``), the open-data dump and the
change feed all write the nodes built here (rows read by ``catalogue_pages.cpsv_rows``), so a
service is described the same way wherever a consumer meets it. One node per register item
carries the Latvian and the English text side by side, as the register sends it, so another
portal can sync from any of them exactly as from the register. Only public register fields are
read (the sync never stores management data on a page) plus the portal's own public URL
(``dcat:landingPage``).

Rules that keep the round trip exact (``tests/open_data/test_round_trip.py``):

* The sync reads the JSON lists item by item and sorts sub-nodes by IRI, so sub-items get
  zero-padded positional IRIs (``#channel-001``) that keep the stored order.
* A text is published in English only when it differs from the Latvian one: the English page
  showed the Latvian text as a fallback, and a consumer falls back the same way. Titles of
  services, events and organisations are the exception: an English title is what makes an
  English page, so it is always sent when the English page exists.
* Properties the CPSV-AP shapes require (titles, descriptions, identifiers) are sent even when
  empty (an empty string reads back as "no text").
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from catalogue_pages import register_fields as v
from catalogue_pages.site_tree import INDEX_SLUGS
from requestkit import public_urls

Node = dict[str, Any]
Row = dict[str, Any]

#: The JSON-LD context of every document: prefixes only (the contract's vocabularies), so any
#: JSON-LD processor (and the portal's own streaming reader) reads it without fetching anything.
CONTEXT: dict[str, str] = dict(v.NAMESPACES)

#: Characters an IRI may not hold (RFC 3987 / Turtle IRIREF): percent-encoded.
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def iri(value: str) -> str:
    value = value.strip()
    if _IRI_UNSAFE.search(value):
        value = _IRI_UNSAFE.sub(lambda m: quote(m.group()), value)
    return value


def ref(value: str) -> dict[str, str]:
    return {"@id": iri(value)}


def sub(base: str, name: str) -> str:
    """IRI of a node belonging to ``base`` (a channel of a service, a need of an event)."""
    return f"{base}{'-' if '#' in base else '#'}{name}"


def landing_page(folder: str, language: str, slug: str) -> str:
    return f"{public_urls.base_url()}/{language}/{INDEX_SLUGS[folder]}/{slug}/"


def texts(lv: Any, en: Any = None, *, required: bool = False, keep_equal: bool = False) -> list:
    lv = lv if isinstance(lv, str) else ""
    en = en if isinstance(en, str) else ""
    out = []
    if lv:
        out.append({"@value": lv, "@language": "lv"})
    if en and (keep_equal or en != lv):
        out.append({"@value": en, "@language": "en"})
    if not out and required:
        out.append({"@value": "", "@language": "lv"})
    return out


def _put(node: Node, key: str, values: list) -> None:
    if values:
        node[key] = values


def _text(item: Any, key: str) -> str:
    value = item.get(key) if isinstance(item, dict) else None
    return value if isinstance(value, str) else ""


def _pairs(lv_items: Any, en_items: Any) -> list[tuple[dict, dict]]:
    """The items of a JSON list in both languages, matched by position (as the sync wrote them)."""
    lv_list = [i for i in lv_items or [] if isinstance(i, dict)]
    en_list = [i for i in en_items or [] if isinstance(i, dict)]
    return [(item, en_list[n] if n < len(en_list) else {}) for n, item in enumerate(lv_list)]


def _hours(owner: str, lv: dict, en: dict) -> list[Node]:
    values = texts(_text(lv, "opening_hours"), _text(en, "opening_hours"))
    if not values:
        return []
    return [{"@id": sub(owner, "hours"), "@type": "time:TemporalEntity", "dct:description": values}]


def contact_nodes(owner: str, lv_items: Any, en_items: Any) -> list[Node]:
    nodes = []
    for n, (lv, en) in enumerate(_pairs(lv_items, en_items), start=1):
        node: Node = {"@id": sub(owner, f"contact-{n:03d}"), "@type": "cv:ContactPoint"}
        for key, prop in (("email", "cv:email"), ("telephone", "cv:telephone")):
            if _text(lv, key):
                node[prop] = _text(lv, key)
        extra = []
        if _text(lv, "page"):
            node["cv:contactPage"] = ref(_text(lv, "page"))
            extra.append({"@id": iri(_text(lv, "page")), "@type": "foaf:Document"})
        hours = _hours(node["@id"], lv, en)
        if hours:
            node["cv:openingHours"] = ref(hours[0]["@id"])
        nodes += [node, *hours, *extra]
    return nodes


def _channels(service: str, lv_row: Row, en_row: Row) -> list[Node]:
    nodes = []
    for n, (lv, en) in enumerate(_pairs(lv_row["channels"], en_row.get("channels")), start=1):
        node: Node = {
            "@id": sub(service, f"channel-{n:03d}"),
            "@type": "cv:Channel",
            "dct:identifier": _text(lv, "identifier") or f"channel-{n}",
            "dct:type": ref(v.CHANNEL_TYPE_IRI + (_text(lv, "type") or "other")),
        }
        _put(node, "dct:description", texts(_text(lv, "description"), _text(en, "description")))
        if _text(lv, "url"):
            node["schema:url"] = _text(lv, "url")
        for key, prop in (
            ("telephone", "cv:telephone"),
            ("email", "cv:email"),
            ("request_kind", "vrs:requestKind"),
        ):
            if _text(lv, key):
                node[prop] = _text(lv, key)
        hours = _hours(node["@id"], lv, en)
        if hours:
            node["cv:openingHours"] = ref(hours[0]["@id"])
        nodes += [node, *hours]
    return nodes


def _costs(service: str, lv_row: Row, en_row: Row) -> list[Node]:
    nodes = []
    for n, (lv, en) in enumerate(_pairs(lv_row["costs"], en_row.get("costs")), start=1):
        node: Node = {
            "@id": sub(service, f"cost-{n:03d}"),
            "@type": "cv:Cost",
            "dct:identifier": f"cost-{n}",
        }
        value = lv.get("value")
        if isinstance(value, str | int | float) and str(value):
            node["cv:hasValue"] = {"@value": str(value), "@type": "xsd:double"}
        if _text(lv, "currency"):
            node["cv:currency"] = ref(v.CURRENCY_IRI + _text(lv, "currency"))
        _put(node, "dct:description", texts(_text(lv, "description"), _text(en, "description")))
        nodes.append(node)
    return nodes


def _titled(node_iri: str, cv_type: str, identifier: str, lv: dict, en: dict) -> Node:
    """A titled register item (requirement, evidence, output): title required, description not."""
    node: Node = {
        "@id": node_iri,
        "@type": cv_type,
        "dct:identifier": identifier,
        "dct:title": texts(_text(lv, "title"), _text(en, "title"), required=True),
    }
    _put(node, "dct:description", texts(_text(lv, "description"), _text(en, "description")))
    return node


def _requirements(service: str, lv_row: Row, en_row: Row) -> list[Node]:
    nodes = []
    pairs = _pairs(lv_row["requirements"], en_row.get("requirements"))
    for n, (lv, en) in enumerate(pairs, start=1):
        node_iri = sub(service, f"requirement-{n:03d}")
        node = _titled(node_iri, "cv:Requirement", f"requirement-{n}", lv, en)
        evidence = [
            _titled(sub(node_iri, f"evidence-{m:03d}"), "cv:Evidence", f"evidence-{n}-{m}", *pair)
            for m, pair in enumerate(_pairs(lv.get("evidence"), en.get("evidence")), 1)
        ]
        _put(node, "cv:hasSupportingEvidence", [{"@id": e["@id"]} for e in evidence])
        nodes += [node, *evidence]
    return nodes


def _outputs(service: str, lv_row: Row, en_row: Row) -> list[Node]:
    pairs = _pairs(lv_row["outputs"], en_row.get("outputs"))
    return [
        _titled(sub(service, f"output-{n:03d}"), "cv:Output", f"output-{n}", lv, en)
        for n, (lv, en) in enumerate(pairs, start=1)
    ]


def _legal(service: str, key: str, lv_row: Row, en_row: Row) -> list[Node]:
    nodes = []
    pairs = _pairs(lv_row["legal_resources"], en_row.get("legal_resources"))
    for n, (lv, en) in enumerate(pairs, start=1):
        url = _text(lv, "url")
        # Without an address the node is blank: its IRI would otherwise read as the link.
        node: Node = {
            "@id": sub(service, f"legal-{n:03d}") if url else f"_:legal-{key}-{n}",
            "@type": "eli:LegalResource",
        }
        _put(node, "dct:title", texts(_text(lv, "title"), _text(en, "title")))
        if url:
            node["foaf:page"] = ref(url)
        nodes.append(node)
    return nodes


def _participations(service: str, lv_row: Row, en_row: Row) -> list[Node]:
    nodes = []
    pairs = _pairs(lv_row["participations"], en_row.get("participations"))
    for n, (lv, en) in enumerate(pairs, start=1):
        node: Node = {
            "@id": sub(service, f"participation-{n:03d}"),
            "@type": "cv:Participation",
            "dct:identifier": f"participation-{n}",
            "cv:role": ref(v.ROLE_IRI + (_text(lv, "role") or "participant")),
            "dct:description": texts(
                _text(lv, "description"), _text(en, "description"), required=True
            ),
        }
        if _text(lv, "organisation_iri"):
            node["cv:hasParticipant"] = ref(_text(lv, "organisation_iri"))
        nodes.append(node)
    return nodes


def service_nodes(
    lv: Row,
    en: Row | None,
    *,
    authority: str,
    topics: list[str],
    events: list[str],
    service_iris: dict[str, str],
) -> list[Node]:
    """The service and the nodes only it owns (channels, costs, requirements…)."""
    en = en or {}
    key = lv["identifier"] or str(lv["pk"])
    service = iri(lv["register_iri"] or landing_page("services", "lv", lv["slug"]))
    withdrawn = lv["withdrawn_at"] is not None
    node: Node = {
        "@id": service,
        "@type": "cpsv:PublicService",
        "dct:identifier": lv["identifier"] or service,
        "dct:title": texts(lv["title"], en.get("title"), required=True, keep_equal=True),
        "dct:description": texts(lv["summary"], en.get("summary"), required=True),
        "adms:status": ref(v.WITHDRAWN if withdrawn else v.ACTIVE),
        "dct:spatial": ref(v.LATVIA),
    }
    keywords = [k for k in lv["keywords"] or [] if isinstance(k, str) and k]
    en_keywords = [k for k in en.get("keywords") or [] if isinstance(k, str) and k]
    _put(
        node,
        "dcat:keyword",
        [{"@value": k, "@language": "lv"} for k in keywords]
        + [{"@value": k, "@language": "en"} for k in en_keywords],
    )
    audiences = [
        code
        for code, field in (
            ("citizen", "for_citizens"),
            ("business", "for_business"),
            ("public-administration", "for_institutions"),
        )
        if lv[field]
    ]
    _put(node, "dct:audience", [ref(v.AUDIENCE_IRI + code) for code in audiences])
    if authority:
        node["cv:hasCompetentAuthority"] = ref(authority)
    _put(node, "cv:thematicArea", [ref(t) for t in topics])
    _put(node, "cv:isGroupedBy", [ref(e) for e in events])
    if lv["register_modified"] is not None:
        node["dct:modified"] = {
            "@value": lv["register_modified"].isoformat(),
            "@type": "xsd:dateTime",
        }
    if lv["processing_time"]:
        node["cv:processingTime"] = {"@value": lv["processing_time"], "@type": "xsd:duration"}
    related = [i for i in lv["related_identifiers"] or [] if isinstance(i, str) and i]
    _put(node, "cv:relatedService", [ref(service_iris[i]) for i in related if i in service_iris])
    _put(node, "dct:relation", [ref(unknown_service(i)) for i in related if i not in service_iris])
    if lv["replaced_by_identifier"]:
        replaced = lv["replaced_by_identifier"]
        node["dct:isReplacedBy"] = ref(service_iris.get(replaced) or unknown_service(replaced))
    pages = [("lv", lv)] + ([("en", en)] if en else [])
    _put(
        node,
        "dcat:landingPage",
        [ref(landing_page("services", lang, row["slug"])) for lang, row in pages if row["live"]],
    )
    parts: list[Node] = []
    for name, build in (
        ("cv:hasChannel", _channels),
        ("cv:hasCost", _costs),
        ("cv:holdsRequirement", _requirements),
        ("cpsv:produces", _outputs),
        ("cv:hasParticipation", _participations),
    ):
        children = build(service, lv, en)
        owned = [c for c in children if c["@type"] == _TOP_TYPES[name]]
        _put(node, name, [{"@id": c["@id"]} for c in owned])
        parts += children
    legal = _legal(service, key, lv, en)
    _put(node, "cv:hasLegalResource", [{"@id": c["@id"]} for c in legal])
    contacts = contact_nodes(service, lv["contact_points"], en.get("contact_points"))
    _put(
        node,
        "cv:contactPoint",
        [{"@id": c["@id"]} for c in contacts if c["@type"] == "cv:ContactPoint"],
    )
    return [node, *parts, *legal, *contacts]


_TOP_TYPES = {
    "cv:hasChannel": "cv:Channel",
    "cv:hasCost": "cv:Cost",
    "cv:holdsRequirement": "cv:Requirement",
    "cpsv:produces": "cv:Output",
    "cv:hasParticipation": "cv:Participation",
}


def unknown_service(identifier: str) -> str:
    """An IRI for a service this portal does not publish: its last segment is the identifier."""
    return f"{public_urls.base_url()}/open-data/id/service/{quote(identifier, safe='')}"


def event_nodes(
    lv: Row, en: Row | None, *, services: list[str], service_iris: dict[str, str]
) -> list[Node]:
    en = en or {}
    event = iri(lv["register_iri"] or landing_page("situations", "lv", lv["slug"]))
    kind = "cv:BusinessEvent" if lv["kind"] == "business" else "cv:LifeEvent"
    node: Node = {
        "@id": event,
        "@type": [kind, "cv:Event"],
        "dct:identifier": lv["identifier"] or event,
        "dct:title": texts(lv["title"], en.get("title"), required=True, keep_equal=True),
    }
    _put(node, "dct:description", texts(lv["summary"], en.get("summary")))
    needs = []
    linked = set(services)
    for n, (lv_need, en_need) in enumerate(_pairs(lv["needs"], en.get("needs")), start=1):
        order = lv_need.get("order")
        need: Node = {
            "@id": sub(event, f"need-{n:03d}"),
            "@type": "vrs:Need",
            "dct:title": texts(_text(lv_need, "title"), _text(en_need, "title"), required=True),
            "vrs:order": {
                "@value": str(order if isinstance(order, int) else 0),
                "@type": "xsd:integer",
            },
        }
        desc = texts(_text(lv_need, "description"), _text(en_need, "description"))
        _put(need, "dct:description", desc)
        ids = [s for s in lv_need.get("services") or [] if isinstance(s, str) and s]
        need_iris = [service_iris.get(s) or unknown_service(s) for s in ids]
        _put(need, "cv:hasRelatedService", [ref(i) for i in need_iris])
        linked.update(need_iris)
        needs.append(need)
    _put(node, "cv:hasRelatedService", [ref(i) for i in sorted(linked)])
    _put(node, "vrs:hasNeed", [{"@id": n["@id"]} for n in needs])
    pages = [("lv", lv)] + ([("en", en)] if en else [])
    _put(
        node,
        "dcat:landingPage",
        [ref(landing_page("situations", lang, row["slug"])) for lang, row in pages if row["live"]],
    )
    return [node, *needs]


def organisation_nodes(lv: Row, en: Row | None) -> list[Node]:
    en = en or {}
    org = iri(lv["register_iri"] or landing_page("institutions", "lv", lv["slug"]))
    names = texts(lv["title"], en.get("title"), required=True, keep_equal=True)
    node: Node = {
        "@id": org,
        "@type": ["cv:PublicOrganisation", "foaf:Agent"],
        "dct:identifier": lv["identifier"] or org,
        "skos:prefLabel": names,
        "dct:title": names,
        "dct:spatial": ref(v.LATVIA),
    }
    if lv["website"]:
        node["foaf:homepage"] = ref(lv["website"])
    contacts = contact_nodes(org, lv["contact_points"], en.get("contact_points"))
    _put(
        node,
        "cv:contactPoint",
        [{"@id": c["@id"]} for c in contacts if c["@type"] == "cv:ContactPoint"],
    )
    pages = [("lv", lv)] + ([("en", en)] if en else [])
    _put(
        node,
        "dcat:landingPage",
        [
            ref(landing_page("institutions", lang, row["slug"]))
            for lang, row in pages
            if row["live"]
        ],
    )
    return [node, *contacts]


def concept(value: str, labels: list | None = None) -> Node:
    node: Node = {"@id": iri(value), "@type": "skos:Concept"}
    _put(node, "skos:prefLabel", labels or [])
    return node


def vocabulary_nodes() -> list[Node]:
    """The controlled values every document refers to, typed as the shapes require."""
    codes = [v.AUDIENCE_IRI + c for c in ("citizen", "business", "public-administration")]
    codes += [v.ACTIVE, v.WITHDRAWN, v.CURRENCY_IRI + "EUR"]
    nodes = [concept(c) for c in codes]
    nodes.append({"@id": v.LATVIA, "@type": "dct:Location"})
    return nodes


def referenced_concepts(nodes: list[Node], seen: set[str]) -> list[Node]:
    """Channel types and roles the nodes name, typed as concepts (each once per document)."""
    out = []
    for node in nodes:
        for key in ("dct:type", "cv:role", "cv:currency"):
            value = node.get(key)
            if isinstance(value, dict) and value["@id"] not in seen:
                seen.add(value["@id"])
                out.append(concept(value["@id"]))
    return out
