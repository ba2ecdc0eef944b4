"""The demo register: its content is complete and consistent, and its HTTP server behaves
like a register the sync can rely on (conditional requests, pagination, injected faults).

Runs without Django: ``pytest tests/demo_register -p no:django``.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import rdflib
import requests
from rdflib import RDF, Literal, Namespace, URIRef

from demo.register import build
from demo.register.server import RegisterServer

pytestmark = pytest.mark.both_databases

CPSV = Namespace("http://purl.org/vocab/cpsv#")
CV = Namespace("http://data.europa.eu/m8g/")
DCT = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
VRS = Namespace("https://virsis.example/ns/public#")
VRSP = Namespace("https://virsis.example/ns/private#")
ACTIVE = URIRef("https://virsis.example/status/active")
WITHDRAWN = URIRef("https://virsis.example/status/withdrawn")
AUD = "https://virsis.example/audience/"


@pytest.fixture(scope="module")
def snapshot_bytes() -> bytes:
    return build.SNAPSHOT_PATH.read_bytes()


@pytest.fixture(scope="module")
def graph(snapshot_bytes: bytes) -> rdflib.Graph:
    return rdflib.Graph().parse(data=snapshot_bytes, format="json-ld")


@pytest.fixture(scope="module")
def services(graph: rdflib.Graph) -> list[URIRef]:
    return sorted(graph.subjects(RDF.type, CPSV.PublicService))


@pytest.fixture(scope="module")
def active(graph: rdflib.Graph, services: list[URIRef]) -> list[URIRef]:
    return [s for s in services if graph.value(s, ADMS.status) == ACTIVE]


@pytest.fixture()
def register(snapshot_bytes: bytes):
    with RegisterServer(snapshot_bytes) as server:
        yield server


def langs(graph: rdflib.Graph, subject, prop) -> Counter:
    return Counter(o.language for o in graph.objects(subject, prop) if isinstance(o, Literal))


# --- content ---------------------------------------------------------------------------


def test_committed_snapshot_is_what_the_builder_makes(snapshot_bytes: bytes) -> None:
    assert build.dumps(build.build_document()) == snapshot_bytes


def test_counts_meet_the_minimums(graph: rdflib.Graph, services, active) -> None:
    per_audience = Counter(
        str(a).removeprefix(AUD) for s in active for a in graph.objects(s, DCT.audience)
    )
    assert len(services) >= 150
    assert per_audience["citizen"] >= 90
    assert per_audience["business"] >= 35
    assert per_audience["public-administration"] >= 25
    assert any(len(set(graph.objects(s, DCT.audience))) > 1 for s in active)
    life = set(graph.subjects(RDF.type, CV.LifeEvent))
    business = set(graph.subjects(RDF.type, CV.BusinessEvent))
    assert len(life) + len(business) >= 15 and life and business
    assert len(set(graph.subjects(RDF.type, CV.PublicOrganisation))) >= 30
    assert len(set(graph.subjects(RDF.type, SKOS.Concept))) >= 12


def test_every_service_is_complete_in_both_languages(graph: rdflib.Graph, services) -> None:
    idents = [str(graph.value(s, DCT.identifier)) for s in services]
    assert len(set(idents)) == len(idents)
    for s, ident in zip(services, idents, strict=True):
        assert re.fullmatch(r"PAK-\d{4}", ident), ident
        assert str(s).endswith("/id/service/" + ident)
        assert langs(graph, s, DCT.title) == {"lv": 1, "en": 1}, ident
        assert langs(graph, s, DCT.description) == {"lv": 1, "en": 1}, ident
        kw = langs(graph, s, DCAT.keyword)
        assert kw["lv"] >= 2 and kw["en"] >= 2, ident
        assert graph.value(s, CV.hasCompetentAuthority) is not None, ident
        assert 1 <= len(set(graph.objects(s, CV.hasChannel))) <= 4, ident
        assert graph.value(s, DCT.modified).datatype == rdflib.XSD.dateTime
        assert set(graph.objects(s, CV.thematicArea)), ident


def test_latvian_texts_use_diacritics(graph: rdflib.Graph, services) -> None:
    lv = " ".join(
        str(o) for s in services for o in graph.objects(s, DCT.description) if o.language == "lv"
    )
    for letter in "āčēģīķļņšūž":
        assert letter in lv, letter


def test_institution_services_have_a_request_form(graph: rdflib.Graph, services) -> None:
    form = URIRef("https://virsis.example/channel-type/request-form")
    found = 0
    for s in services:
        if URIRef(AUD + "public-administration") not in set(graph.objects(s, DCT.audience)):
            continue
        found += 1
        kinds = {
            str(graph.value(ch, VRS.requestKind))
            for ch in graph.objects(s, CV.hasChannel)
            if graph.value(ch, DCT.type) == form
        }
        assert kinds and kinds <= {"service-request", "agreement-request", "information-request"}
    assert found >= 25


def test_management_data_is_present_only_in_the_private_namespace(
    graph: rdflib.Graph, services, snapshot_bytes: bytes
) -> None:
    for s in services:
        assert graph.value(s, VRSP.owner) is not None
        assert 1 <= int(graph.value(s, VRSP.maturityLevel)) <= 5
        assert graph.value(s, VRSP.kpiSatisfaction) is not None
        assert "INTERNAL-ONLY" in str(graph.value(s, VRSP.internalNote))
    for _, p, o in graph:
        if "INTERNAL-ONLY" in str(o):
            assert str(p).startswith(str(VRSP)), p


def test_withdrawn_services_point_at_an_active_replacement(graph: rdflib.Graph, services) -> None:
    withdrawn = [s for s in services if graph.value(s, ADMS.status) == WITHDRAWN]
    assert 2 <= len(withdrawn) <= 5
    for s in withdrawn:
        assert graph.value(graph.value(s, DCT.isReplacedBy), ADMS.status) == ACTIVE


def test_events_have_ordered_needs_and_back_links(graph: rdflib.Graph) -> None:
    events = set(graph.subjects(RDF.type, CV.LifeEvent)) | set(
        graph.subjects(RDF.type, CV.BusinessEvent)
    )
    parallel = False
    for ev in events:
        needs = list(graph.objects(ev, VRS.hasNeed))
        assert 2 <= len(needs) <= 5, ev
        orders = [int(graph.value(n, VRS.order)) for n in needs]
        parallel |= len(set(orders)) < len(orders)
        related = set(graph.objects(ev, CV.hasRelatedService))
        for n in needs:
            assert langs(graph, n, DCT.title) == {"lv": 1, "en": 1}
            for svc in graph.objects(n, CV.hasRelatedService):
                assert svc in related
                assert (svc, CV.isGroupedBy, ev) in graph
    assert parallel, "at least one event should have needs at the same step"


def test_snapshot_conforms_to_the_official_cpsv_ap_shapes(graph: rdflib.Graph) -> None:
    shapes_path = Path(__file__).resolve().parents[2] / "sync" / "vendor" / "cpsv-ap-SHACL.ttl"
    import pyshacl

    shapes = rdflib.Graph().parse(shapes_path, format="turtle")
    conforms, _, text = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", allow_warnings=True
    )
    assert conforms, text[:3000]


def test_synthetic_build_is_deterministic_and_consistent() -> None:
    services, events = build.synthetic(500)
    first = build.dumps(build.build_document(services, events), compact=True)
    again_s, again_e = build.synthetic(500)
    assert build.dumps(build.build_document(again_s, again_e), compact=True) == first
    assert len({s["id"] for s in services}) == 500
    changed = build.change_percent(services, 1, seed=3)
    assert len(changed) == 5
    assert changed == build.change_percent(build.synthetic(500)[0], 1, seed=3)
    doc = json.loads(first)
    svc_nodes = [n for n in doc["@graph"] if n["@type"] == "cpsv:PublicService"]
    assert len(svc_nodes) == 500


# --- server ----------------------------------------------------------------------------


def test_snapshot_has_validators_and_answers_304(
    register: RegisterServer, snapshot_bytes: bytes
) -> None:
    url = register.url + "/snapshot.jsonld"
    r = requests.get(url, headers={"Accept-Encoding": "identity"}, timeout=10)
    assert r.status_code == 200 and r.content == snapshot_bytes
    assert r.headers["Content-Type"].startswith("application/ld+json")
    etag, last_modified = r.headers["ETag"], r.headers["Last-Modified"]
    assert requests.get(url, headers={"If-None-Match": etag}, timeout=10).status_code == 304
    assert (
        requests.get(url, headers={"If-Modified-Since": last_modified}, timeout=10).status_code
        == 304
    )
    assert requests.get(url, headers={"If-None-Match": '"other"'}, timeout=10).status_code == 200
    assert register.count("/snapshot.jsonld") == 4
    assert requests.get(register.url + "/healthz", timeout=10).text == "ok\n"
    assert register.count("/snapshot.jsonld") == 4


def test_snapshot_is_gzipped_on_request(register: RegisterServer, snapshot_bytes: bytes) -> None:
    r = requests.get(
        register.url + "/snapshot.jsonld",
        headers={"Accept-Encoding": "gzip"},
        timeout=10,
        stream=True,
    )
    raw = r.raw.read(decode_content=False)
    assert r.headers["Content-Encoding"] == "gzip"
    assert len(raw) < len(snapshot_bytes) / 3 and gzip.decompress(raw) == snapshot_bytes
    again = requests.get(
        register.url + "/snapshot.jsonld", headers={"If-None-Match": r.headers["ETag"]}, timeout=10
    )
    assert again.status_code == 304


def test_set_snapshot_changes_the_etag(register: RegisterServer) -> None:
    url = register.url + "/snapshot.jsonld"
    first = requests.get(url, timeout=10)
    register.set_snapshot(b'{"@graph": []}')
    second = requests.get(
        url,
        headers={"If-None-Match": first.headers["ETag"], "Accept-Encoding": "identity"},
        timeout=10,
    )
    assert second.status_code == 200 and second.content == b'{"@graph": []}'
    assert second.headers["Last-Modified"] != first.headers["Last-Modified"]


def test_feed_paginates_in_order_with_link_next(register: RegisterServer, graph, services) -> None:
    url = register.url + "/changes?since=2000-01-01T00:00:00Z&limit=40"
    seen: list[tuple[str, str]] = []
    pages = 0
    page_graph = rdflib.Graph()
    while url:
        r = requests.get(url, timeout=30)
        assert r.status_code == 200
        pages += 1
        g = rdflib.Graph().parse(data=r.content, format="json-ld")
        page_graph += g
        doc = json.loads(r.content)
        for node in doc["@graph"]:
            if node["@type"] == "cpsv:PublicService":
                seen.append((node["dct:modified"]["@value"], node["dct:identifier"]))
        url = r.links.get("next", {}).get("url")
    assert pages == -(-len(services) // 40)
    assert len(seen) == len(services) and seen == sorted(seen)
    # a page is self-contained: channels, costs, organisations … come with the service
    some = services[0]
    for channel in graph.objects(some, CV.hasChannel):
        assert (channel, DCT.type, graph.value(channel, DCT.type)) in page_graph
    assert (None, ADMS.status, WITHDRAWN) in page_graph


def test_feed_filters_by_since(register: RegisterServer, graph, services) -> None:
    times = sorted(str(graph.value(s, DCT.modified)) for s in services)
    since = times[-5]
    r = requests.get(register.url + "/changes", params={"since": since}, timeout=10)
    doc = json.loads(r.content)
    got = [n for n in doc["@graph"] if n["@type"] == "cpsv:PublicService"]
    assert len(got) == sum(1 for t in times if t >= since)
    assert "next" not in r.links
    assert requests.get(register.url + "/changes?since=yesterday", timeout=10).status_code == 400


def test_feed_next_link_keeps_since_and_limit(register: RegisterServer) -> None:
    r = requests.get(
        register.url + "/changes?since=2024-01-01T00:00:00%2B02:00&limit=3", timeout=10
    )
    query = parse_qs(urlsplit(r.links["next"]["url"]).query)
    assert query["limit"] == ["3"] and query["since"] == ["2024-01-01T00:00:00+02:00"]
    assert int(r.headers["X-Total-Count"]) > 3


def test_fail_next_answers_errors_then_recovers(register: RegisterServer) -> None:
    register.fail_next(status=503, times=2, retry_after=1)
    url = register.url + "/snapshot.jsonld"
    statuses = [requests.get(url, timeout=10).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert register.request_count == 3


def test_delay_next_makes_a_client_time_out(register: RegisterServer) -> None:
    register.delay_next(1.0)
    with pytest.raises(requests.Timeout):
        requests.get(register.url + "/snapshot.jsonld", timeout=0.2)
    assert requests.get(register.url + "/snapshot.jsonld", timeout=10).status_code == 200


def test_truncate_next_sends_half_a_body(register: RegisterServer) -> None:
    register.truncate_next()
    with pytest.raises(requests.exceptions.RequestException):
        requests.get(
            register.url + "/snapshot.jsonld", headers={"Accept-Encoding": "identity"}, timeout=10
        )
    ok = requests.get(register.url + "/snapshot.jsonld", timeout=10)
    assert ok.status_code == 200 and ok.content.endswith(b"}\n")


def test_server_reads_a_file_and_picks_up_a_rebuilt_one(tmp_path) -> None:
    path = tmp_path / "snap.jsonld"
    path.write_bytes(b'{"@graph": []}')
    os.utime(path, (1_700_000_000, 1_700_000_000))
    with RegisterServer(path) as server:
        first = requests.get(server.url + "/snapshot.jsonld", timeout=10)
        path.write_bytes(b'{"@graph": [], "x": 1}')
        os.utime(path, (1_700_000_100, 1_700_000_100))
        second = requests.get(
            server.url + "/snapshot.jsonld",
            headers={"If-None-Match": first.headers["ETag"]},
            timeout=10,
        )
        assert second.status_code == 200 and second.headers["ETag"] != first.headers["ETag"]


def test_feed_works_for_foreign_rdf_too() -> None:
    turtle = b"""
    @prefix cpsv: <http://purl.org/vocab/cpsv#> . @prefix dct: <http://purl.org/dc/terms/> .
    @prefix cv: <http://data.europa.eu/m8g/> .
    <http://ex/s1> a cpsv:PublicService ; dct:identifier "S1" ; cv:hasChannel <http://ex/c1> ;
        dct:modified "2025-01-02T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime> .
    <http://ex/c1> a cv:Channel .
    """
    with RegisterServer(turtle) as server:
        r = requests.get(server.url + "/changes?since=2025-01-01T00:00:00Z", timeout=10)
        g = rdflib.Graph().parse(data=r.content, format="json-ld")
        assert (URIRef("http://ex/c1"), RDF.type, CV.Channel) in g
