"""Every register field reaches every output that publishes it.

``catalogue_pages.register_fields`` holds the one list of each page type's register fields
(``SERVICE_FIELDS``, ``EVENT_FIELDS``, ``ORGANISATION_FIELDS``). ``WHERE`` below says, for each
of them, which property carries it in the CPSV-AP outputs and in the search document, or why
an output leaves it out. The CPSV-AP outputs are three: the page's export
(``/<lang>/pakalpojumi/<slug>/cpsv-ap.jsonld``), the open-data dump and the change feed; one
writer (``catalogue_pages.cpsv_nodes``) builds them all, and each is read here as a consumer
gets it. A field added to the contract without a line here fails the first tests; a field an
output stops carrying fails the others: filled, the property is there; emptied in the
database, it is gone or different.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, get_type_hints

import pytest

from catalogue_pages import register_fields
from catalogue_pages.cpsv_rows import service_graph
from catalogue_pages.models import InstitutionPage, LifeSituationPage, ServicePage
from open_data import feed, state
from open_data.catalogue import dump_batches
from search.documents import ServiceDocument
from tests.factories import (
    InstitutionPageFactory,
    LifeSituationPageFactory,
    ServicePageFactory,
)

pytestmark = pytest.mark.django_db


class Absent(str):
    """An output leaves the field out on purpose; the text says why."""


DERIVED = Absent("derived by the sync from costs/channels; the cost and channel nodes carry it")
WITHDRAWN_PAGE = Absent("a withdrawn service's page and export answer 410 (docs/sync.md)")
NOT_INDEXED = Absent("withdrawn services leave the index")
NO_WORDS = Absent("names and addresses, not words a visitor searches (INDEXED_LISTS)")

#: The CPSV-AP outputs: one writer, so one property per field for all three.
CPSV_AP = ("export", "dump", "feed")

#: service field → {"cpsv-ap": property in export, dump and feed, "search": document field};
#: ``"export"`` overrides the CPSV-AP property for the page export alone.
WHERE: dict[str, dict[str, str]] = {
    "summary": {"cpsv-ap": "dct:description", "search": "summary"},
    "keywords": {"cpsv-ap": "dcat:keyword", "search": "keywords"},
    "for_citizens": {"cpsv-ap": "dct:audience", "search": "audiences"},
    "for_business": {"cpsv-ap": "dct:audience", "search": "audiences"},
    "for_institutions": {"cpsv-ap": "dct:audience", "search": "audiences"},
    "competent_authority_id": {"cpsv-ap": "cv:hasCompetentAuthority", "search": "institution"},
    "participations": {"cpsv-ap": "cv:hasParticipation", "search": "body"},
    "channels": {"cpsv-ap": "cv:hasChannel", "search": "body"},
    "costs": {"cpsv-ap": "cv:hasCost", "search": "body"},
    "requirements": {"cpsv-ap": "cv:holdsRequirement", "search": "body"},
    "outputs": {"cpsv-ap": "cpsv:produces", "search": "body"},
    "legal_resources": {"cpsv-ap": "cv:hasLegalResource", "search": NO_WORDS},
    "contact_points": {"cpsv-ap": "cv:contactPoint", "search": NO_WORDS},
    "processing_time": {
        "cpsv-ap": "cv:processingTime",
        "search": Absent("a duration is no search term; the card shows it"),
    },
    "related_identifiers": {
        "cpsv-ap": "dct:relation",
        "search": Absent("related services are links, not words of this service"),
    },
    "is_free": {"cpsv-ap": DERIVED, "search": "is_free"},
    "is_online": {"cpsv-ap": DERIVED, "search": "is_online"},
    "withdrawn_at": {"cpsv-ap": "adms:status", "export": WITHDRAWN_PAGE, "search": NOT_INDEXED},
    "replaced_by_identifier": {
        "cpsv-ap": "dct:isReplacedBy",
        "export": WITHDRAWN_PAGE,
        "search": NOT_INDEXED,
    },
}

#: event field → its property in the dump and the feed (events have no export or document).
EVENT_WHERE: dict[str, str] = {
    "kind": "@type",
    "summary": "dct:description",
    "needs": "vrs:hasNeed",
}
#: organisation field → its property in the dump and in a service's export (its authority).
ORGANISATION_WHERE: dict[str, str] = {
    "website": "foaf:homepage",
    "contact_points": "cv:contactPoint",
}


def _prop(field: str, output: str) -> str:
    where = WHERE[field]
    return where.get(output, where["cpsv-ap"]) if output in CPSV_AP else where[output]


def _full_item(shape: type) -> dict[str, Any]:
    """Every key of an item shape filled."""
    values: dict[str, Any] = {}
    for key in get_type_hints(shape):
        if key == "evidence":
            values[key] = [{"title": "Pase", "description": "Derīga pase"}]
        elif key == "type":
            values[key] = "e-service"
        elif key == "value":
            values[key] = "2.50"
        elif key == "currency":
            values[key] = "EUR"
        elif key in ("url", "page", "organisation_iri"):
            values[key] = f"https://example.lv/{key}"
        elif key == "order":
            values[key] = 1
        else:
            values[key] = f"{key} vārdi"
    return values


@pytest.fixture
def full_service(site_tree) -> ServicePage:
    """A Latvian service with every register field filled (withdrawn: the dump still lists it)."""
    authority = InstitutionPageFactory()
    lists = {name: [_full_item(shape)] for name, shape in register_fields.SERVICE_LISTS.items()}
    # a participant the portal publishes: the export describes only organisations it publishes
    lists["participations"][0]["organisation_iri"] = authority.register_iri
    return ServicePageFactory(
        register_iri="https://virsis.example/id/service/T-FULL",
        summary="Apraksts",
        keywords=["atslēgvārds"],
        for_citizens=True,
        for_business=True,
        for_institutions=True,
        competent_authority=authority,
        processing_time="P5D",
        related_identifiers=["PAK-CITS"],
        is_free=True,
        is_online=True,
        replaced_by_identifier="PAK-JAUNS",
        register_modified=dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
        **lists,
    )


def _empty(field: str, model: type = ServicePage) -> Any:
    value = model._meta.get_field(field.removesuffix("_id")).get_default()
    return None if field in ("competent_authority_id", "withdrawn_at") else value


def _node(nodes: list[dict[str, Any]], iri: str) -> dict[str, Any]:
    return next((node for node in nodes if node["@id"] == iri), {})


def _dump() -> list[dict[str, Any]]:
    return [node for batch in dump_batches() for node in batch]


def _feed() -> list[dict[str, Any]]:
    state.refresh()
    return feed.changes(feed.parse_time("2000-01-01T00:00:00Z"), feed.MAX_LIMIT).nodes


def _outputs(pk: int, *, withdrawn: bool, client: Any) -> dict[str, dict[str, Any]]:
    """The service's own node in each output, read back from the database as consumers get it."""
    page = ServicePage._base_manager.select_related("locale", "competent_authority").get(pk=pk)
    iri = page.register_iri
    response = client.get(f"/lv/pakalpojumi/{page.slug}/cpsv-ap.jsonld")
    export = (
        _node(json.loads(response.content)["@graph"], iri) if response.status_code == 200 else {}
    )
    search = ServiceDocument.from_page(page).to_dict()
    if withdrawn:  # in scope of the dump and the feed as a withdrawn service
        ServicePage._base_manager.filter(pk=pk).update(
            live=False, withdrawn_at=dt.datetime(2026, 2, 3, tzinfo=dt.UTC)
        )
    return {
        "export": export,
        "dump": _node(_dump(), iri),
        "feed": _node(_feed(), iri),
        "search": search,
    }


def test_every_service_field_has_a_place_in_every_output():
    assert list(WHERE) == list(register_fields.SERVICE_FIELDS)
    for field, outputs in WHERE.items():
        assert {"cpsv-ap", "search"} <= set(outputs) <= {"cpsv-ap", "search", *CPSV_AP}, field


def test_every_event_and_organisation_field_has_a_place():
    assert tuple(EVENT_WHERE) == register_fields.EVENT_FIELDS
    assert tuple(ORGANISATION_WHERE) == register_fields.ORGANISATION_FIELDS


@pytest.mark.parametrize(
    "field,output",
    [
        (field, output)
        for field in WHERE
        for output in (*CPSV_AP, "search")
        if not isinstance(_prop(field, output), Absent)
    ],
)
def test_a_filled_service_field_reaches_the_output(full_service, client, field, output):
    prop = _prop(field, output)
    withdrawn = field == "withdrawn_at"
    filled = _outputs(full_service.pk, withdrawn=withdrawn, client=client)[output]
    assert filled.get(prop) not in (None, [], ""), f"{field} missing from {output} ({prop})"
    if withdrawn:
        ServicePage._base_manager.filter(pk=full_service.pk).update(live=True, withdrawn_at=None)
    else:
        ServicePage._base_manager.filter(pk=full_service.pk).update(**{field: _empty(field)})
    emptied = _outputs(full_service.pk, withdrawn=False, client=client)[output]
    assert emptied.get(prop) != filled.get(prop), f"{output}.{prop} does not come from {field}"


@pytest.mark.parametrize("output", ["dump", "feed"])
@pytest.mark.parametrize("field", list(EVENT_WHERE))
def test_a_filled_event_field_reaches_the_output(site_tree, field, output):
    service = ServicePageFactory(register_iri="https://virsis.example/id/service/T1")
    event = LifeSituationPageFactory(
        register_iri="https://virsis.example/id/event/T1",
        kind=LifeSituationPage.BUSINESS,
        summary="Uzņēmuma dibināšana",
        needs=[
            {
                "order": 1,
                "title": "Reģistrēties",
                "description": "",
                "services": [service.identifier],
            }
        ],
    )
    event.services.add(service)
    read = {"dump": _dump, "feed": _feed}[output]
    prop = EVENT_WHERE[field]
    filled = _node(read(), event.register_iri).get(prop)
    assert filled not in (None, [], ""), f"{field} missing from {output} ({prop})"
    LifeSituationPage._base_manager.filter(pk=event.pk).update(
        **{field: _empty(field, LifeSituationPage)}
    )
    assert _node(read(), event.register_iri).get(prop) != filled, f"{output}.{prop}"


@pytest.mark.parametrize("output", ["dump", "export"])
@pytest.mark.parametrize("field", list(ORGANISATION_WHERE))
def test_a_filled_organisation_field_reaches_the_output(site_tree, client, field, output):
    org = InstitutionPageFactory(
        website="https://www.example.lv/",
        contact_points=[_full_item(register_fields.ContactPoint)],
    )
    service = ServicePageFactory(competent_authority=org)

    def read() -> list[dict[str, Any]]:
        if output == "dump":
            return _dump()
        graph = service_graph(ServicePage.objects.get(pk=service.pk))
        return graph["@graph"] if graph else []

    prop = ORGANISATION_WHERE[field]
    filled = _node(read(), org.register_iri).get(prop)
    assert filled not in (None, [], ""), f"{field} missing from {output} ({prop})"
    InstitutionPage._base_manager.filter(pk=org.pk).update(
        **{field: _empty(field, InstitutionPage)}
    )
    assert _node(read(), org.register_iri).get(prop) != filled, f"{output}.{prop}"
