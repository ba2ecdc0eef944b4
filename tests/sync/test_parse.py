"""Any valid JSON-LD form, or Turtle, gives the same records; contexts never come from the net."""

from __future__ import annotations

import json

import pytest
import rdflib

from sync.parse import ParseError, parse_document
from sync.rdf import CPSV_AP_CONTEXT_URL
from sync.validate import validate
from tests.sync.conftest import DEMO_SNAPSHOT, FIXTURES


def _records(data: bytes) -> dict:
    doc = parse_document(data)
    return {
        s.identifier: (s.title, s.description, s.audiences, len(s.channels), s.competent_authority)
        for s in doc.services
    }


def test_expanded_compacted_and_turtle_forms_agree():
    flat = DEMO_SNAPSHOT.read_bytes()
    graph = rdflib.Graph().parse(data=flat, format="json-ld")
    expanded = graph.serialize(format="json-ld").encode()  # full IRIs, no context
    turtle = graph.serialize(format="turtle").encode()
    a, b, c = _records(flat), _records(expanded), _records(turtle)
    assert a == b == c
    assert len(a) > 10


def test_spec_example_with_remote_context_resolves_to_vendored_copy(monkeypatch):
    import requests

    def no_network(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(requests.Session, "request", no_network)
    doc = parse_document((FIXTURES / "spec-example.jsonld").read_bytes())
    assert CPSV_AP_CONTEXT_URL in (FIXTURES / "spec-example.jsonld").read_text()
    [service] = doc.services
    assert service.title == {"en": "Tax-on-web"}
    assert service.description == {
        "fr": "Service pour la déclaration à l'impôt des personnes physiques en ligne"
    }
    org = doc.organisations[service.competent_authority]  # "PublicOrganization" (US spelling)
    assert org.name["en"] == "Federal Public Service FINANCE"
    checked = validate(doc)
    assert {p.code for p in checked.problems} >= {"missing-lv"}
    assert checked.services  # imported with the best available (English) title


def test_turtle_spec_example():
    doc = parse_document((FIXTURES / "spec-example.ttl").read_bytes())
    assert [s.identifier for s in doc.services] == ["Tax-on-web"]


def test_inline_context_with_other_term_names():
    doc = {
        "@context": {
            "Dienests": "http://purl.org/vocab/cpsv#PublicService",
            "nosaukums": {"@id": "http://purl.org/dc/terms/title", "@language": "lv"},
            "id": "http://purl.org/dc/terms/identifier",
            "slepens": "https://virsis.example/ns/private#owner",
        },
        "@id": "https://virsis.example/id/service/X-1",
        "@type": "Dienests",
        "nosaukums": "Pakalpojums X",
        "id": "X-1",
        "slepens": "INTERNAL-ONLY",
    }
    parsed = parse_document(json.dumps(doc).encode())
    [service] = parsed.services
    assert service.identifier == "X-1" and service.title == {"lv": "Pakalpojums X"}
    assert "INTERNAL-ONLY" not in repr(parsed)


def test_other_remote_context_is_an_error():
    with pytest.raises(ParseError, match="never fetched"):
        parse_document(b'{"@context": "https://example.org/ctx.jsonld", "@id": "http://x/1"}')


def test_unchanged_closures_are_skipped_by_raw_hash():
    data = DEMO_SNAPSHOT.read_bytes()
    first = parse_document(data)
    known = {s.iri: s.raw_hash for s in first.services}
    again = parse_document(data, known_hashes=known)
    assert again.services == [] and set(again.skipped_unchanged) == set(known)


def test_a_raw_hash_survives_the_upgrade_of_the_plan():
    """The raw hash of a closure is what the in-memory plan gave (pinned from it): the first
    re-sync after the plan moved to integer ids and a spill file still skips every
    unchanged item instead of parsing the whole register again."""
    doc = parse_document(DEMO_SNAPSHOT.read_bytes())
    hashes = {r.iri: r.raw_hash for r in [*doc.services, *doc.events]}
    assert hashes["https://virsis.example/id/event/DS-001"] == (
        "031e4368ab2724950f646a8d3a5ac7318190a82b14a8265e1bb17083353b8dc3"
    )
    assert hashes["https://virsis.example/id/event/DS-002"] == (
        "201c7bac63833450099759b4a885913aa7446a72868f0b894d31713e4d5ed369"
    )


def test_the_plan_holds_node_json_and_iris_in_its_files_and_the_parse_closes_them():
    """Memory per node is a few machine words: each node's canonical JSON and its IRI are
    written to the plan's temporary files and read back from there, and the files are gone
    once the records are parsed."""
    from sync import stream

    data = DEMO_SNAPSHOT.read_bytes()
    plan = stream.plan_stream(data)
    assert plan is not None
    graph = {node["@id"]: node for node in json.loads(data)["@graph"]}
    assert len(plan.shared) < len(graph)
    for iri, node in graph.items():
        node_id = plan.id_of(iri)
        assert node_id is not None and plan.iris[node_id] == iri
        assert plan.node(node_id) == node
    assert plan.id_of("https://virsis.example/id/not-in-the-document") is None
    assert plan.spill.tell() > 0 and not plan.spill.closed
    stream.parse_planned(plan, {})
    assert plan.spill.closed and plan.iris.names.closed


def test_iris_whose_hashes_collide_stay_distinct_nodes(monkeypatch):
    """The plan keys IRIs by a 64-bit hash and a CRC-32, not by the string: when every hash
    collides (forced here), the CRC still tells the nodes apart — the same records and the
    same raw hashes as with real hashes, and every IRI back from its id."""
    import tempfile

    from sync import stream

    data = DEMO_SNAPSHOT.read_bytes()
    reference = parse_document(data)
    monkeypatch.setattr(stream, "_hash", lambda iri: 42)
    collided = parse_document(data)
    assert _summary(collided) == _summary(reference)
    assert {r.iri: r.raw_hash for r in collided.services} == {
        r.iri: r.raw_hash for r in reference.services
    }
    with tempfile.TemporaryFile() as names:
        index = stream.IriIndex(names)
        iris = [f"https://virsis.example/id/{n}" for n in range(3000)]  # grows the table
        ids = [index.find(iri) for iri in iris]
        names.flush()
        assert ids == list(range(3000)) and [index.find(iri) for iri in iris] == ids
        assert [index[i] for i in (0, 1234, 2999)] == [iris[0], iris[1234], iris[2999]]
        assert index.find("https://virsis.example/id/other", add=False) == -1


def _summary(doc) -> dict:
    return {
        s.identifier: (s.title, s.description, s.channels, s.legal_resources, s.costs)
        for s in doc.services
    } | {e.identifier: (e.title, e.needs) for e in doc.events}


def test_flat_graph_is_streamed_never_loaded_whole(monkeypatch):
    """The common flat @graph form never becomes one Python object (ijson, node by node)."""
    from sync import parse, rdf, stream

    data = DEMO_SNAPSHOT.read_bytes()
    reference = _summary(rdf.extract(rdflib.Graph().parse(data=data, format="json-ld")))
    assert stream.ijson.backend == "yajl2_c"

    def no_whole_load(*args, **kwargs):
        raise AssertionError("the whole document was loaded")

    monkeypatch.setattr(parse, "load_json", no_whole_load)
    assert stream.plan_stream(data) is not None
    assert _summary(parse_document(data)) == reference


@pytest.mark.parametrize(
    "change",
    ["coerced-reference", "named-graph", "keyword-alias", "context-last"],
)
def test_other_json_ld_shapes_agree_with_rdflib(change):
    """Shapes the streaming cut cannot read by keys alone go to rdflib whole — same records."""
    from sync import stream

    doc = json.loads(DEMO_SNAPSHOT.read_bytes())
    reference = _summary(parse_document(DEMO_SNAPSHOT.read_bytes()))
    if change == "coerced-reference":  # "kanals": "<iri>" is a reference, not a string
        doc["@context"]["kanals"] = {"@id": "cv:hasChannel", "@type": "@id"}
        for node in doc["@graph"]:
            if "cv:hasChannel" in node:
                refs = node.pop("cv:hasChannel")
                refs = refs if isinstance(refs, list) else [refs]
                node["kanals"] = [r["@id"] for r in refs]
    elif change == "named-graph":
        doc = {"@context": doc["@context"], "@id": "https://virsis.example/g", **doc}
    elif change == "keyword-alias":
        doc["@context"]["tips"] = "@type"
        for node in doc["@graph"]:
            if "@type" in node:
                node["tips"] = node.pop("@type")
    else:  # valid JSON-LD too: the context after the graph
        doc = {"@graph": doc["@graph"], "@context": doc["@context"]}
    data = json.dumps(doc, ensure_ascii=False).encode()
    if change != "context-last":
        assert stream.plan_stream(data) is None
    assert _summary(parse_document(data)) == reference


def _document(*services: dict) -> bytes:
    return json.dumps(
        {
            "@context": {
                "cpsv": "http://purl.org/vocab/cpsv#",
                "dct": "http://purl.org/dc/terms/",
            },
            "@graph": [{"@type": "cpsv:PublicService", **s} for s in services],
        }
    ).encode()


def test_an_identifier_of_control_characters_only_is_no_identifier():
    """Found by the property test: "\\x1b" passed as present, then cleaned to ""."""
    doc = parse_document(
        _document(
            {
                "@id": "https://virsis.example/id/service/A",
                "dct:identifier": "\x1b",
                "dct:title": "A",
            },
            {
                "@id": "https://virsis.example/id/service/B",
                "dct:identifier": "PAK-0009\x00",
                "dct:title": "B",
            },
        )
    )
    checked = validate(doc)
    assert [s.identifier for s in checked.services] == ["PAK-0009"]
    errors = [(p.iri.rsplit("/", 1)[-1], p.code) for p in checked.problems if p.level == "error"]
    assert errors == [("A", "no-identifier")]
