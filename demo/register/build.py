"""Build the demo VIRSIS snapshot (CPSV-AP 3.2 JSON-LD) from the hand-written content.

Why hand-rolled JSON-LD instead of ``rdflib.Graph.serialize``: the output must be byte-for-byte
deterministic (it is committed, and the demo server's ETag is its hash) and the synthetic
10,000-service variant must be built in seconds. The document is *flattened* JSON-LD — one
``@graph`` of node objects, every reference an ``{"@id": …}`` — with a prefix-only context,
so any JSON-LD processor (rdflib included) reads it as plain RDF. Tests parse it with rdflib.

Usage::

    python -m demo.register.build                      # regenerate demo/register/snapshot.jsonld
    python -m demo.register.build --synthetic 10000 --out /tmp/big.jsonld
    python -m demo.register.build --synthetic 10000 --changed-percent 1 --seed 7 \
        --out /tmp/big2.jsonld
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import random
import sys
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from demo.register.content import EVENTS, INSTITUTIONS, LAWS, SERVICES, THEMES
from demo.register.content.management import management_data

HERE = Path(__file__).resolve().parent
SNAPSHOT_PATH = HERE / "snapshot.jsonld"

BASE = "https://virsis.example/"
CONTEXT: dict[str, str] = {
    "adms": "http://www.w3.org/ns/adms#",
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "http://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "vrs": "https://virsis.example/ns/public#",
    "vrsp": "https://virsis.example/ns/private#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
CURRENCY_EUR = "http://publications.europa.eu/resource/authority/currency/EUR"
LATVIA = "http://publications.europa.eu/resource/authority/country/LVA"
#: The official 3.2 SHACL shapes require xsd:double for cv:hasValue (the contract says
#: "decimal"; the sync reads the lexical form either way, so we satisfy the shapes).
COST_DATATYPE = "xsd:double"
AUDIENCES = ("citizen", "business", "public-administration")

# Controlled values are published as skos:Concept nodes with labels, as the official
# CPSV-AP SHACL shapes expect (dct:type, dct:audience, adms:status, cv:currency).
CONCEPTS: dict[str, tuple[str, str]] = {
    "audience/citizen": ("Iedzīvotāji", "Citizens"),
    "audience/business": ("Uzņēmēji", "Businesses"),
    "audience/public-administration": ("Iestādes", "Public administration"),
    "status/active": ("Aktīvs", "Active"),
    "status/withdrawn": ("Atsaukts", "Withdrawn"),
    "channel-type/e-service": ("E-pakalpojums", "E-service"),
    "channel-type/request-form": ("Pieprasījuma veidlapa", "Request form"),
    "channel-type/service-centre": ("Klientu apkalpošanas centrs", "Service centre"),
    "channel-type/phone": ("Tālrunis", "Phone"),
    "channel-type/email": ("E-pasts", "E-mail"),
    "channel-type/post": ("Pasts", "Post"),
    "channel-type/website": ("Tīmekļvietne", "Website"),
    "role/service-provider": ("Pakalpojuma sniedzējs", "Service provider"),
    "role/co-provider": (
        "Līdzdarbojas pakalpojuma sniegšanā",
        "Takes part in providing the service",
    ),
}


def service_iri(ident: str) -> str:
    return f"{BASE}id/service/{ident}"


def event_iri(ident: str) -> str:
    return f"{BASE}id/event/{ident}"


def org_iri(code: str) -> str:
    return f"{BASE}id/org/{code}"


def theme_iri(slug: str) -> str:
    return f"{BASE}theme/{slug}"


def legal_iri(key: str) -> str:
    return f"{BASE}id/legal/{key}"


def audience_iri(name: str) -> str:
    return f"{BASE}audience/{name}"


def status_iri(name: str) -> str:
    return f"{BASE}status/{name}"


def channel_type_iri(name: str) -> str:
    return f"{BASE}channel-type/{name}"


def role_iri(name: str) -> str:
    return f"{BASE}role/{name}"


# --- JSON-LD value helpers --------------------------------------------------------------


def ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def refs(iris: Iterable[str]) -> list[dict[str, str]]:
    return [ref(i) for i in sorted(set(iris))]


def texts(pair: tuple[str, str] | None) -> list[dict[str, str]]:
    if not pair:
        return []
    lv, en = pair
    return [{"@language": "en", "@value": en}, {"@language": "lv", "@value": lv}]


def keywords(kw: tuple[list[str], list[str]]) -> list[dict[str, str]]:
    lv, en = kw
    out = [{"@language": "lv", "@value": k} for k in lv] + [
        {"@language": "en", "@value": k} for k in en
    ]
    return sorted(out, key=lambda v: (v["@language"], v["@value"]))


def typed(value: str, datatype: str) -> dict[str, str]:
    return {"@type": datatype, "@value": value}


def default_modified(ident: str) -> str:
    """A stable, plausible 'last changed' time spread over 2024-06 … 2025-11."""
    h = int.from_bytes(hashlib.sha256(ident.encode()).digest()[:8], "big")
    moment = datetime(2024, 6, 3, 7, 0, tzinfo=UTC) + timedelta(
        days=h % 540, minutes=(h >> 16) % 600
    )
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _clean(node: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values so the output has no ``[]``/``null`` noise."""
    return {k: v for k, v in node.items() if v not in (None, [], "")}


# --- nodes ------------------------------------------------------------------------------


def org_nodes(code: str, org: dict) -> list[dict]:
    iri = org_iri(code)
    cp = f"{iri}/contact-point"
    return [
        _clean(
            {
                "@id": iri,
                "@type": ["cv:PublicOrganisation", "foaf:Agent"],
                "dct:identifier": code,
                "skos:prefLabel": texts(org["name"]),
                "dct:title": texts(org["name"]),
                "cv:contactPoint": ref(cp),
                "foaf:homepage": ref(org["homepage"]),
                "dct:spatial": ref(LATVIA),
            }
        ),
        {"@id": org["homepage"], "@type": "foaf:Document"},
        {
            "@id": cp,
            "@type": "cv:ContactPoint",
            "cv:email": org["email"],
            "cv:telephone": org["phone"],
            "cv:contactPage": ref(org["homepage"]),
            "cv:openingHours": ref(f"{cp}/hours"),
        },
        {
            "@id": f"{cp}/hours",
            "@type": "time:TemporalEntity",
            "dct:description": texts(org["hours"]),
        },
    ]


def channel_nodes(iri: str, ident: str, ch: dict, org: dict) -> list[dict]:
    """One cv:Channel (plus its opening-hours node when it has one)."""
    kind = ch["type"]
    node: dict[str, Any] = {
        "@id": iri,
        "@type": "cv:Channel",
        "dct:type": ref(channel_type_iri(kind)),
        "dct:identifier": ident,
    }
    extra: list[dict] = []
    desc = ch.get("desc")
    hours = None
    if kind in ("e-service", "website"):
        node["schema:url"] = ref(ch["url"])
    elif kind == "service-centre":
        where_org = INSTITUTIONS[ch["org"]] if ch.get("org") else org
        hours = ch.get("hours") or where_org["hours"]
        place = (
            ch.get("desc")
            or where_org["centre"]
            or (
                f"{where_org['name'][0]} klientu apkalpošanas vieta.",
                f"{where_org['name'][1]} client service point.",
            )
        )
        desc = (f"{place[0]} Darba laiks: {hours[0]}.", f"{place[1]} Opening hours: {hours[1]}.")
        node["cv:telephone"] = where_org["phone"]
        node["foaf:page"] = ref(where_org["homepage"])
    elif kind == "phone":
        number = ch.get("phone") or org["phone"]
        hours = ch.get("hours") or org["hours"]
        node["cv:telephone"] = number
        desc = (f"Konsultācijas pa tālruni {number}.", f"Advice by phone on {number}.")
    elif kind == "email":
        address = ch.get("email") or org["email"]
        node["cv:email"] = address
        desc = (
            f"Iesniegumu, parakstītu ar drošu elektronisko parakstu, sūtiet uz {address}.",
            f"Send the application, signed with a qualified e-signature, to {address}.",
        )
    elif kind == "post":
        desc = (
            f"Iesniegumu var nosūtīt pa pastu iestādei {org['name'][0]}.",
            f"The application can be posted to {org['name'][1]}.",
        )
    elif kind == "request-form":
        node["vrs:requestKind"] = ch["kind"]
    if hours:
        node["cv:openingHours"] = ref(f"{iri}/hours")
        extra.append(
            {"@id": f"{iri}/hours", "@type": "time:TemporalEntity", "dct:description": texts(hours)}
        )
    node["dct:description"] = texts(desc)
    return [_clean(node), *extra]


def service_nodes(svc: dict, grouped_by: Iterable[str] = ()) -> list[dict]:
    """The cpsv:PublicService node and every node that belongs to it alone."""
    ident = svc["id"]
    iri = service_iri(ident)
    org = INSTITUTIONS[svc["org"]]
    nodes: list[dict] = []
    node: dict[str, Any] = {
        "@id": iri,
        "@type": "cpsv:PublicService",
        "dct:identifier": ident,
        "dct:title": texts(svc["title"]),
        "dct:description": texts(svc["desc"]),
        "dcat:keyword": keywords(svc["kw"]),
        "dct:audience": refs(audience_iri(a) for a in svc["audiences"]),
        "adms:status": ref(status_iri(svc["status"])),
        "cv:hasCompetentAuthority": ref(org_iri(svc["org"])),
        "cv:contactPoint": ref(f"{org_iri(svc['org'])}/contact-point"),
        "cv:thematicArea": refs(theme_iri(t) for t in svc["themes"]),
        "cv:hasLegalResource": refs(legal_iri(k) for k in svc["legal"]),
        "cv:relatedService": refs(service_iri(r) for r in svc["related"]),
        "cv:isGroupedBy": refs(event_iri(e) for e in grouped_by),
        "dct:modified": typed(svc["modified"] or default_modified(ident), "xsd:dateTime"),
    }
    if svc["replaced_by"]:
        node["dct:isReplacedBy"] = ref(service_iri(svc["replaced_by"]))
    if svc["time"]:
        node["cv:processingTime"] = typed(svc["time"], "xsd:duration")

    channels = []
    for n, ch in enumerate(svc["channels"], 1):
        ch_iri = f"{iri}/channel/{n}"
        channels.append(ch_iri)
        nodes += channel_nodes(ch_iri, f"{ident}-CH{n}", ch, org)
    node["cv:hasChannel"] = refs(channels)

    costs = []
    for n, cost in enumerate(svc["costs"], 1):
        c_iri = f"{iri}/cost/{n}"
        costs.append(c_iri)
        nodes.append(
            {
                "@id": c_iri,
                "@type": "cv:Cost",
                "dct:identifier": f"{ident}-C{n}",
                "cv:hasValue": typed(
                    str(Decimal(str(cost["value"])).quantize(Decimal("0.01"))), COST_DATATYPE
                ),
                "cv:currency": ref(CURRENCY_EUR),
                "dct:description": texts(cost["desc"]),
            }
        )
    node["cv:hasCost"] = refs(costs)

    reqs = []
    for n, rq in enumerate(svc["reqs"], 1):
        r_iri = f"{iri}/requirement/{n}"
        reqs.append(r_iri)
        r_node = {
            "@id": r_iri,
            "@type": "cv:Requirement",
            "dct:identifier": f"{ident}-R{n}",
            "dct:title": texts(rq["title"]),
            "dct:description": texts(rq["desc"]),
        }
        if rq["evidence"]:
            e_iri = f"{iri}/evidence/{n}"
            r_node["cv:hasSupportingEvidence"] = ref(e_iri)
            nodes.append(
                _clean(
                    {
                        "@id": e_iri,
                        "@type": "cv:Evidence",
                        "dct:identifier": f"{ident}-E{n}",
                        "dct:title": texts(rq["evidence"]),
                        "dct:description": texts(rq["evidence_desc"]),
                    }
                )
            )
        nodes.append(r_node)
    node["cv:holdsRequirement"] = refs(reqs)

    if svc["output"]:
        o_iri = f"{iri}/output"
        node["cpsv:produces"] = ref(o_iri)
        nodes.append(
            _clean(
                {
                    "@id": o_iri,
                    "@type": "cv:Output",
                    "dct:identifier": f"{ident}-O",
                    "dct:title": texts(svc["output"]["title"]),
                    "dct:description": texts(svc["output"]["desc"]),
                }
            )
        )

    parts = []
    for n, p in enumerate(svc["parts"], 1):
        p_iri = f"{iri}/participation/{n}"
        parts.append(p_iri)
        nodes.append(
            {
                "@id": p_iri,
                "@type": "cv:Participation",
                "dct:identifier": f"{ident}-P{n}",
                "cv:role": ref(role_iri(p["role"])),
                "cv:hasParticipant": ref(org_iri(p["org"])),
                "dct:description": texts(p["desc"]),
            }
        )
    node["cv:hasParticipation"] = refs(parts)

    node.update(management_data(ident))
    nodes.insert(0, _clean(node))
    return nodes


def event_nodes(ev: dict) -> list[dict]:
    iri = event_iri(ev["id"])
    needs = []
    nodes = []
    all_services = set(ev.get("extra", ()))
    for n, (order, title, desc, services) in enumerate(ev["needs"], 1):
        n_iri = f"{iri}/need/{n}"
        needs.append(n_iri)
        all_services.update(services)
        nodes.append(
            _clean(
                {
                    "@id": n_iri,
                    "@type": "vrs:Need",
                    "dct:title": texts(title),
                    "dct:description": texts(desc),
                    "vrs:order": order,
                    "cv:hasRelatedService": refs(service_iri(s) for s in services),
                }
            )
        )
    kind = "cv:LifeEvent" if ev["kind"] == "life" else "cv:BusinessEvent"
    nodes.insert(
        0,
        _clean(
            {
                "@id": iri,
                "@type": [kind, "cv:Event"],
                "dct:identifier": ev["id"],
                "dct:title": texts(ev["title"]),
                "dct:description": texts(ev["desc"]),
                "cv:hasRelatedService": refs(service_iri(s) for s in all_services),
                "vrs:hasNeed": refs(needs),
                "vrsp:internalNote": f"INTERNAL-ONLY: situācijas koordinators {ev['id']}.",
            }
        ),
    )
    return nodes


def static_nodes() -> list[dict]:
    """Organisations, themes, legal acts and controlled-value concepts — shared by every service."""
    nodes: list[dict] = []
    for code, org in INSTITUTIONS.items():
        nodes += org_nodes(code, org)
    scheme = f"{BASE}theme"
    nodes.append(
        {
            "@id": scheme,
            "@type": "skos:ConceptScheme",
            "skos:prefLabel": texts(("Tematiskās jomas", "Thematic areas")),
        }
    )
    for slug, label in THEMES.items():
        nodes.append(
            {
                "@id": theme_iri(slug),
                "@type": "skos:Concept",
                "skos:prefLabel": texts(label),
                "skos:inScheme": ref(scheme),
            }
        )
    for key, (lv, en, url) in LAWS.items():
        nodes.append(
            {
                "@id": legal_iri(key),
                "@type": "eli:LegalResource",
                "dct:title": texts((lv, en)),
                "foaf:page": ref(url),
            }
        )
    for path, label in CONCEPTS.items():
        nodes.append({"@id": BASE + path, "@type": "skos:Concept", "skos:prefLabel": texts(label)})
    nodes.append(
        {
            "@id": CURRENCY_EUR,
            "@type": "skos:Concept",
            "skos:prefLabel": texts(("eiro", "euro")),
            "skos:notation": "EUR",
        }
    )
    nodes.append(
        {"@id": LATVIA, "@type": "dct:Location", "skos:prefLabel": texts(("Latvija", "Latvia"))}
    )
    return nodes


# --- assembling -------------------------------------------------------------------------


def validate(services: list[dict], events: list[dict]) -> None:
    """Fail loudly on dangling references so the committed snapshot is always consistent."""
    ids = [s["id"] for s in services]
    dupes = {i for i in ids if ids.count(i) > 1} if len(set(ids)) != len(ids) else set()
    problems = [f"duplicate service id {d}" for d in sorted(dupes)]
    known = set(ids)
    for s in services:
        where = s["id"]
        if s["org"] not in INSTITUTIONS:
            problems.append(f"{where}: unknown org {s['org']}")
        problems += [
            f"{where}: unknown participant {p['org']}"
            for p in s["parts"]
            if p["org"] not in INSTITUTIONS
        ]
        problems += [f"{where}: unknown theme {t}" for t in s["themes"] if t not in THEMES]
        problems += [f"{where}: unknown law {k}" for k in s["legal"] if k not in LAWS]
        problems += [f"{where}: unknown related {r}" for r in s["related"] if r not in known]
        problems += [f"{where}: unknown audience {a}" for a in s["audiences"] if a not in AUDIENCES]
        problems += [
            f"{where}: unknown centre org {c['org']}"
            for c in s["channels"]
            if c.get("org") and c["org"] not in INSTITUTIONS
        ]
        if not 1 <= len(s["channels"]) <= 4:
            problems.append(f"{where}: {len(s['channels'])} channels")
        if "public-administration" in s["audiences"] and not any(
            c["type"] == "request-form" for c in s["channels"]
        ):
            problems.append(f"{where}: institution service without request form")
        if s["replaced_by"] and s["replaced_by"] not in known:
            problems.append(f"{where}: replaced by unknown {s['replaced_by']}")
    for ev in events:
        for _, _, _, svcs in ev["needs"]:
            problems += [f"{ev['id']}: unknown service {x}" for x in svcs if x not in known]
    if problems:
        raise ValueError("register content is inconsistent:\n  " + "\n  ".join(problems))


def build_document(
    services: list[dict] | None = None, events: list[dict] | None = None
) -> dict[str, Any]:
    """The whole snapshot as a JSON-LD document (a dict)."""
    services = SERVICES if services is None else services
    events = EVENTS if events is None else events
    validate(services, events)
    grouped: dict[str, set[str]] = {}
    for ev in events:
        for sid in {s for need in ev["needs"] for s in need[3]} | set(ev.get("extra", ())):
            grouped.setdefault(sid, set()).add(ev["id"])
    nodes = static_nodes()
    for svc in services:
        nodes += service_nodes(svc, grouped.get(svc["id"], ()))
    for ev in events:
        nodes += event_nodes(ev)
    unique: dict[str, dict] = {}
    for node in nodes:  # shared nodes (a homepage used twice) must be identical
        if unique.setdefault(node["@id"], node) != node:
            raise ValueError(f"two different nodes share the IRI {node['@id']}")
    return {"@context": CONTEXT, "@graph": [unique[k] for k in sorted(unique)]}


def dumps(doc: dict[str, Any], compact: bool = False) -> bytes:
    """Stable serialisation: sorted keys, sorted graph, UTF-8 (real diacritics, not escapes)."""
    if compact:
        text = json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    else:
        text = json.dumps(doc, ensure_ascii=False, sort_keys=True, indent=1)
    return (text + "\n").encode("utf-8")


# --- benchmarks -------------------------------------------------------------------------

PLACES = [
    "Rīga",
    "Daugavpils",
    "Liepāja",
    "Jelgava",
    "Jūrmala",
    "Ventspils",
    "Rēzekne",
    "Valmiera",
    "Jēkabpils",
    "Ogre",
    "Tukums",
    "Cēsis",
    "Sigulda",
    "Kuldīga",
    "Talsi",
    "Madona",
    "Gulbene",
    "Alūksne",
    "Bauska",
    "Dobele",
    "Limbaži",
    "Saldus",
    "Smiltene",
    "Balvi",
    "Ludza",
    "Preiļi",
    "Krāslava",
    "Aizkraukle",
    "Ādaži",
    "Mārupe",
    "Ķekava",
]


def synthetic(n: int) -> tuple[list[dict], list[dict]]:
    """``n`` services: the real ones first, then numbered copies (with their own events).

    Copies keep the real texts, channels, costs and references but get a new identifier, a
    title naming a place and a number, and links remapped inside their copy "cycle", so the
    graph has the same shape as the real one, only bigger.
    """
    real = SERVICES
    services = [copy.deepcopy(s) for s in real[:n]]
    events = [copy.deepcopy(e) for e in EVENTS]
    cycle = 0
    while len(services) < n:
        cycle += 1
        suffix = f"X{cycle:04d}"
        mapping = {s["id"]: f"{s['id']}-{suffix}" for s in real}
        for base in real:
            if len(services) >= n:
                break
            s = copy.deepcopy(base)
            number = len(services) + 1
            place = PLACES[number % len(PLACES)]
            s["id"] = mapping[base["id"]]
            s["title"] = (
                f"{base['title'][0]} ({place}, Nr. {number})",
                f"{base['title'][1]} ({place}, No. {number})",
            )
            s["related"] = [mapping[r] for r in base["related"]]
            s["replaced_by"] = mapping[base["replaced_by"]] if base["replaced_by"] else None
            moment = datetime.fromisoformat(
                (base["modified"] or default_modified(base["id"])).replace("Z", "+00:00")
            )
            s["modified"] = (moment + timedelta(minutes=cycle)).strftime("%Y-%m-%dT%H:%M:%SZ")
            services.append(s)
        made = {s["id"] for s in services}
        for base_ev in EVENTS:
            ev = copy.deepcopy(base_ev)
            ev["id"] = f"{base_ev['id']}-{suffix}"
            ev["title"] = (f"{base_ev['title'][0]} ({cycle})", f"{base_ev['title'][1]} ({cycle})")
            ev["needs"] = [
                (o, t, d, [mapping[x] for x in svcs if mapping[x] in made])
                for o, t, d, svcs in base_ev["needs"]
            ]
            ev["extra"] = [mapping[x] for x in base_ev.get("extra", ()) if mapping[x] in made]
            if any(need[3] for need in ev["needs"]):
                events.append(ev)
    kept = {s["id"] for s in services}
    for s in services:  # truncated copies may point at services that were not made
        s["related"] = [r for r in s["related"] if r in kept]
        if s["replaced_by"] not in kept:
            s["replaced_by"] = None
    for ev in events:
        ev["needs"] = [(o, t, d, [x for x in svcs if x in kept]) for o, t, d, svcs in ev["needs"]]
        ev["extra"] = [x for x in ev.get("extra", ()) if x in kept]
    return services, events


def change_percent(services: list[dict], percent: float, seed: int) -> list[str]:
    """Edit ``percent`` % of the services' descriptions and bump their ``dct:modified``.

    Deterministic for a given seed. Returns the identifiers changed (for benchmark checks).
    """
    rng = random.Random(seed)
    count = max(1, round(len(services) * percent / 100)) if percent > 0 else 0
    chosen = rng.sample(range(len(services)), min(count, len(services)))
    latest = max(
        datetime.fromisoformat((s["modified"] or default_modified(s["id"])).replace("Z", "+00:00"))
        for s in services
    )
    moment = (latest + timedelta(days=1, seconds=seed % 86400)).strftime("%Y-%m-%dT%H:%M:%SZ")
    changed = []
    for i in sorted(chosen):
        s = services[i]
        lv, en = s["desc"]
        s["desc"] = (
            f"{lv} Apraksts precizēts (izmaiņu kopa {seed}).",
            f"{en} Description clarified (change set {seed}).",
        )
        s["modified"] = moment
        changed.append(s["id"])
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--synthetic",
        type=int,
        metavar="N",
        help="build N services (real ones + numbered copies) for benchmarks",
    )
    parser.add_argument(
        "--changed-percent",
        type=float,
        default=0.0,
        help="modify this share of services' descriptions and dct:modified",
    )
    parser.add_argument("--seed", type=int, default=1, help="seed for --changed-percent")
    parser.add_argument("--out", type=Path, help=f"output file (default {SNAPSHOT_PATH})")
    parser.add_argument("--compact", action="store_true", help="no indentation")
    args = parser.parse_args(argv)

    if args.synthetic:
        services, events = synthetic(args.synthetic)
    else:
        services, events = [copy.deepcopy(s) for s in SERVICES], EVENTS
    if args.changed_percent:
        change_percent(services, args.changed_percent, args.seed)
    out = args.out or SNAPSHOT_PATH
    compact = args.compact or bool(args.synthetic and args.synthetic > 1000)
    data = dumps(build_document(services, events), compact=compact)
    out.write_bytes(data)
    print(
        f"wrote {out}: {len(services)} services, {len(events)} events, "
        f"{len(INSTITUTIONS)} organisations, {len(data):,} bytes",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
