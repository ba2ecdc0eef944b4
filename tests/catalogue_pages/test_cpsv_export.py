"""A service page's CPSV-AP export is written by the open data's writer.

The export (``/<lang>/pakalpojumi/<slug>/cpsv-ap.jsonld``) and the open-data dump used to have
two writers that disagreed in about twenty ways (docs/architecture.md, "One CPSV-AP writer").
These tests pin the outcome: the export's nodes are the dump's, and what the export alone
changes (a page under a view restriction is no longer exported) is a fix.
"""

from __future__ import annotations

import json

import pytest
from wagtail.models import PageViewRestriction

from open_data.catalogue import dump_batches
from tests.factories import InstitutionPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db


def _export(client, slug: str, language: str = "lv") -> tuple[int, dict]:
    response = client.get(f"/{language}/pakalpojumi/{slug}/cpsv-ap.jsonld")
    body = json.loads(response.content) if response.status_code == 200 else {}
    return response.status_code, body


@pytest.fixture
def service(site_tree):
    authority = InstitutionPageFactory()
    return ServicePageFactory(
        register_iri="https://virsis.example/id/service/EXP-1",
        competent_authority=authority,
        keywords=["deklarēšana"],
        channels=[
            {
                "type": "e-service",
                "identifier": "ch-e",
                "description": "Tiešsaistē",
                "url": "https://latvija.gov.lv/",
                "telephone": "",
                "email": "",
                "opening_hours": "",
                "request_kind": "",
            }
        ],
        costs=[{"value": "2.50", "currency": "EUR", "description": "Valsts nodeva"}],
        outputs=[{"title": "", "description": "Izziņa"}],
    )


def test_every_node_of_the_export_is_the_dumps_node(client, service):
    status, export = _export(client, service.slug)
    assert status == 200
    dump = {node["@id"]: node for batch in dump_batches() for node in batch}
    for node in export["@graph"]:
        assert node == dump[node["@id"]], node["@id"]
    ids = [node["@id"] for node in export["@graph"]]
    assert ids[0] == service.register_iri
    assert f"{service.register_iri}#channel-001" in ids  # one IRI per node, as in the dump


def test_the_export_speaks_the_dumps_vocabulary(client, service):
    """Compact keys under the full prefix context; CPSV-AP 3.2 terms where the old writer
    used 2.x ones or invented them (cpsv:Output, foaf:page, a title copied as description)."""
    _status, export = _export(client, service.slug)
    assert export["@context"]["cv"] == "http://data.europa.eu/m8g/"
    node = export["@graph"][0]
    assert "foaf:page" not in node
    assert node["dcat:landingPage"] == [
        {"@id": f"http://localhost:8000/lv/pakalpojumi/{service.slug}/"}
    ]
    assert node["adms:status"] == {"@id": "https://virsis.example/status/active"}
    graph = {n["@id"]: n for n in export["@graph"]}
    output = graph[f"{service.register_iri}#output-001"]
    assert output["@type"] == "cv:Output"
    assert output["dct:title"] == [{"@value": "", "@language": "lv"}]  # no title invented
    cost = graph[f"{service.register_iri}#cost-001"]
    assert cost["cv:hasValue"] == {"@value": "2.50", "@type": "xsd:double"}  # as the register


def test_a_page_under_a_view_restriction_is_not_exported(client, service):
    assert _export(client, service.slug)[0] == 200
    PageViewRestriction.objects.create(
        page=service, restriction_type=PageViewRestriction.PASSWORD, password="slepens"
    )
    assert _export(client, service.slug)[0] == 404


def test_a_link_to_a_node_the_export_does_not_describe_is_a_plain_relation(client, service):
    other = ServicePageFactory(register_iri="https://virsis.example/id/service/EXP-2")
    type(service)._base_manager.filter(pk=service.pk).update(related_identifiers=[other.identifier])
    _status, export = _export(client, service.slug)
    node = export["@graph"][0]
    assert "cv:relatedService" not in node  # its range is a class the export cannot show
    assert node["dct:relation"] == [{"@id": other.register_iri}]
    dump = next(n for batch in dump_batches() for n in batch if n["@id"] == service.register_iri)
    assert dump["cv:relatedService"] == [{"@id": other.register_iri}]
