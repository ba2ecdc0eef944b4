"""The whole catalogue as one CPSV-AP document: complete, public only, valid, streamed,
compressed on request, conditional, cached and invalidated by the sync."""

from __future__ import annotations

import gzip
import time
from collections import Counter
from io import StringIO

import pytest
import rdflib
from django.core.management import call_command
from rdflib import RDF, Namespace, URIRef
from wagtail.models import PageViewRestriction

from catalogue_pages.models import InstitutionPage, LifeSituationPage, ServicePage
from tests.open_data.test_exports_conform import reference
from tests.sync.conftest import DEMO_SNAPSHOT

pytestmark = pytest.mark.django_db

CPSV = Namespace("http://purl.org/vocab/cpsv#")
CV = Namespace("http://data.europa.eu/m8g/")
DCT = Namespace("http://purl.org/dc/terms/")
ADMS = Namespace("http://www.w3.org/ns/adms#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
WITHDRAWN = URIRef("https://virsis.example/status/withdrawn")
BASE = "https://pakalpojumi.example.lv"


@pytest.fixture(autouse=True)
def _open_data(settings, tmp_path):
    settings.PORTAL_BASE_URL = BASE
    settings.OPEN_DATA_ROOT = tmp_path / "open-data"
    settings.OPEN_DATA_RECHECK_SECONDS = 60


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("fmt", ["jsonld", "ttl"])
def test_the_dump_holds_every_published_service_event_and_organisation(client, demo_catalogue, fmt):
    response = client.get(f"/open-data/cpsv-ap.{fmt}")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith(
        "application/ld+json" if fmt == "jsonld" else "text/turtle"
    )
    data = body(response)
    graph = rdflib.Graph().parse(data=data, format="json-ld" if fmt == "jsonld" else "turtle")
    services = set(graph.subjects(RDF.type, CPSV.PublicService))
    lv = ServicePage._base_manager.filter(locale__language_code="lv")
    assert (
        len(services)
        == lv.filter(live=True).count() + lv.filter(withdrawn_at__isnull=False).count()
    )
    withdrawn = {s for s in services if (s, ADMS.status, WITHDRAWN) in graph}
    assert withdrawn and len(withdrawn) == lv.filter(withdrawn_at__isnull=False).count()
    events = set(graph.subjects(RDF.type, CV.LifeEvent)) | set(
        graph.subjects(RDF.type, CV.BusinessEvent)
    )
    assert (
        len(events) == LifeSituationPage.objects.live().filter(locale__language_code="lv").count()
    )
    orgs = set(graph.subjects(RDF.type, CV.PublicOrganisation))
    assert len(orgs) == InstitutionPage.objects.live().filter(locale__language_code="lv").count()
    assert set(graph.objects(None, CV.hasLegalResource))
    # both languages, and the portal's public pages
    languages = Counter(o.language for s in services for o in graph.objects(s, DCT.title))
    assert languages["lv"] == len(services) and languages["en"] >= len(services) - 5
    page = ServicePage.objects.live().filter(locale__language_code="en").first()
    assert (
        URIRef(page.register_iri),
        DCAT.landingPage,
        URIRef(f"{BASE}/en/pakalpojumi/{page.slug}/"),
    ) in graph
    # nothing private: the register's management data never reaches the dump
    text = data.decode("utf-8")
    source = DEMO_SNAPSHOT.read_text(encoding="utf-8")
    for marker in ("INTERNAL-ONLY", "virsis.example/ns/private", "maturity", "kpi"):
        assert marker in source, marker  # the register does send it …
        assert marker not in text, marker  # … and the dump never does


def test_the_dump_conforms_to_the_cpsv_ap_shapes(client, demo_catalogue):
    import pyshacl

    graph = rdflib.Graph().parse(data=body(client.get("/open-data/cpsv-ap.ttl")), format="turtle")
    shapes = rdflib.Graph().parse(reference("cpsv-ap-SHACL.ttl"), format="turtle")
    vocabulary = rdflib.Graph().parse(reference("cpsv-ap.ttl"), format="turtle")
    for inference in ("none", "rdfs"):
        conforms, _g, text = pyshacl.validate(
            graph,
            shacl_graph=shapes,
            ont_graph=vocabulary if inference == "rdfs" else None,
            inference=inference,
            allow_warnings=True,
        )
        assert conforms, text[:4000]


def test_jsonld_and_turtle_hold_the_same_graph(client, demo_catalogue):
    from rdflib.compare import isomorphic

    a = rdflib.Graph().parse(data=body(client.get("/open-data/cpsv-ap.jsonld")), format="json-ld")
    b = rdflib.Graph().parse(data=body(client.get("/open-data/cpsv-ap.ttl")), format="turtle")
    assert len(a) == len(b) > 1000
    assert isomorphic(a, b)


def test_gzip_on_request_and_conditional_get(client, demo_catalogue):
    plain = client.get("/open-data/cpsv-ap.jsonld")
    plain_body = body(plain)
    packed = client.get("/open-data/cpsv-ap.jsonld", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    packed_body = body(packed)
    assert gzip.decompress(packed_body) == plain_body and len(packed_body) < len(plain_body) / 4
    assert packed["ETag"] != plain["ETag"]
    for response in (plain, packed):
        assert response["Last-Modified"] and response["ETag"].startswith('"')
    again = client.get("/open-data/cpsv-ap.jsonld", HTTP_IF_NONE_MATCH=plain["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get("/open-data/cpsv-ap.ttl", HTTP_IF_MODIFIED_SINCE=plain["Last-Modified"])
    assert since.status_code == 304
    other = client.get("/open-data/cpsv-ap.jsonld", HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200


def test_a_repeat_is_served_from_the_stored_file(client, demo_catalogue, settings):
    first = body(client.get("/open-data/cpsv-ap.jsonld"))
    files = sorted(p.name for p in settings.OPEN_DATA_ROOT.iterdir())
    assert any(name.endswith(".jsonld") for name in files)
    assert any(name.endswith(".jsonld.gz") for name in files)
    again = client.get("/open-data/cpsv-ap.jsonld")
    assert again.streaming and again["Content-Length"] == str(len(first))
    assert body(again) == first


def test_a_sync_that_changes_a_service_invalidates_the_dump(
    client, demo_catalogue, tmp_path, settings
):
    import json

    from tests.sync.conftest import DEMO_SNAPSHOT

    first = client.get("/open-data/cpsv-ap.jsonld")
    old = body(first)
    doc = json.loads(DEMO_SNAPSHOT.read_text(encoding="utf-8"))
    service = next(n for n in doc["@graph"] if n.get("@type") == "cpsv:PublicService")
    service["dct:title"] = [
        {"@value": "Pavisam jauns nosaukums", "@language": "lv"},
        {"@value": "A brand new title", "@language": "en"},
    ]
    path = tmp_path / "changed.jsonld"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    time.sleep(1.1)  # Last-Modified has a resolution of one second
    call_command("sync_register", "--source", str(path), stdout=StringIO())
    second = client.get("/open-data/cpsv-ap.jsonld", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200 and second["ETag"] != first["ETag"]
    new = body(second).decode()
    assert "Pavisam jauns nosaukums" in new and "Pavisam jauns nosaukums" not in old.decode()
    assert second["Last-Modified"] != first["Last-Modified"]


def test_a_restricted_service_is_not_in_the_dump(client, demo_catalogue):
    page = ServicePage.objects.live().filter(locale__language_code="lv").first()
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    call_command(
        "sync_register",
        "--source",
        demo_catalogue.url + "/snapshot.jsonld",
        "--force",
        stdout=StringIO(),
    )
    from open_data import state

    state.refresh()
    graph = rdflib.Graph().parse(data=body(client.get("/open-data/cpsv-ap.ttl")), format="turtle")
    assert (URIRef(page.register_iri), None, None) not in graph


@pytest.mark.parametrize(
    "url",
    [
        "/open-data/cpsv-ap.jsonld",
        "/open-data/cpsv-ap.ttl",
        "/open-data/catalog.ttl",
        "/open-data/changes?since=2000-01-01T00:00:00Z",
        "/lv/atvertie-dati/",
        "/en/atvertie-dati/",
    ],
)
def test_head_works_everywhere(client, demo_catalogue, url):
    get = client.get(url)
    head = client.head(url)
    assert get.status_code == head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    assert client.post(url).status_code == 405
