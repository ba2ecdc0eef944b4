"""``/open-data/catalog.ttl``: a DCAT-AP 3.0.1 record of the dataset and its distributions,
valid against DCAT-AP shapes: the project's mandatory-property shapes (fixtures/dcat-ap), or the
official ``dcat-ap-SHACL.ttl`` when ``DCAT_AP_SHAPES`` points at a copy."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import rdflib
from rdflib import namespace as ns

pytestmark = pytest.mark.django_db

SHAPES = Path(
    os.environ.get("DCAT_AP_SHAPES")
    or Path(__file__).resolve().parent / "fixtures" / "dcat-ap" / "dcat-ap-mandatory.ttl"
)
BASE = "https://pakalpojumi.example.lv"


@pytest.fixture(autouse=True)
def _base(settings, tmp_path):
    settings.PORTAL_BASE_URL = BASE
    settings.OPEN_DATA_ROOT = tmp_path


def record(client) -> rdflib.Graph:
    response = client.get("/open-data/catalog.ttl")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/turtle")
    return rdflib.Graph().parse(data=response.content, format="turtle")


def test_the_record_describes_the_dataset_and_its_distributions(client, site_tree, settings):
    graph = record(client)
    dataset = next(graph.subjects(ns.RDF.type, ns.DCAT.Dataset))
    distributions = set(graph.objects(dataset, ns.DCAT.distribution))
    urls = {str(graph.value(d, ns.DCAT.accessURL)) for d in distributions}
    assert urls == {
        f"{BASE}/open-data/cpsv-ap.jsonld",
        f"{BASE}/open-data/cpsv-ap.ttl",
        f"{BASE}/open-data/changes",
    }
    for dist in distributions:
        assert graph.value(dist, ns.DCTERMS.license) == rdflib.URIRef(settings.OPEN_DATA_LICENSE)
        assert graph.value(dist, ns.DCTERMS["format"]) is not None
    assert graph.value(dataset, ns.DCTERMS.publisher) is not None
    assert graph.value(dataset, ns.DCTERMS.modified).datatype == rdflib.XSD.dateTime
    titles = {t.language for t in graph.objects(dataset, ns.DCTERMS.title)}
    assert titles == {"lv", "en"}


def test_the_record_conforms_to_the_dcat_ap_shapes(client, site_tree):
    import pyshacl

    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    conforms, _g, text = pyshacl.validate(record(client), shacl_graph=shapes, allow_warnings=True)
    assert conforms, text[:4000]


def test_the_shapes_catch_a_broken_record(client, site_tree):
    import pyshacl

    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    graph = record(client)
    dataset = next(graph.subjects(ns.RDF.type, ns.DCAT.Dataset))
    graph.remove((dataset, ns.DCTERMS.description, None))
    conforms, _g, _text = pyshacl.validate(graph, shacl_graph=shapes, allow_warnings=True)
    assert not conforms


def test_the_record_answers_conditional_requests(client, site_tree):
    first = client.get("/open-data/catalog.ttl")
    again = client.get("/open-data/catalog.ttl", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
