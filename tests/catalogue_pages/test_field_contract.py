"""Every register field of a service reaches every output that publishes it.

``catalogue_pages.register_fields.SERVICE_FIELDS`` is the one list of a service's register
fields. ``WHERE`` below says, for each of them, which property of each output carries it: the
page's CPSV-AP export (``catalogue_pages.jsonld``), the open-data dump and feed
(``open_data.nodes``; the feed writes the dump's nodes) and the search document
(``search.documents``), or why an output leaves it out. A field added to the contract without
a line here fails the first test; a field an output stops carrying fails the second: filled,
the property is there; emptied in the database, it is gone or different.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, get_type_hints

import pytest

from catalogue_pages import register_fields
from catalogue_pages.jsonld import cpsv_ap
from catalogue_pages.models import ServicePage
from catalogue_pages.register_fields import NAMESPACES
from open_data.catalogue import Catalogue
from search.documents import ServiceDocument
from tests.factories import InstitutionPageFactory, ServicePageFactory

pytestmark = pytest.mark.django_db

CV, DCT, DCAT, CPSV = (NAMESPACES[p] for p in ("cv", "dct", "dcat", "cpsv"))


class Absent(str):
    """An output leaves the field out on purpose; the text says why."""


DERIVED = Absent("derived by the sync from costs/channels; the cost and channel nodes carry it")
WITHDRAWN_PAGE = Absent("a withdrawn service's page and export answer 410 (docs/sync.md)")
NOT_INDEXED = Absent("withdrawn services leave the index")
NO_WORDS = Absent("names and addresses, not words a visitor searches (INDEXED_LISTS)")

#: field → {output: property carrying it, or Absent(reason)}.
WHERE: dict[str, dict[str, str]] = {
    "summary": {"export": f"{DCT}description", "dump": "dct:description", "search": "summary"},
    "keywords": {"export": f"{DCAT}keyword", "dump": "dcat:keyword", "search": "keywords"},
    "for_citizens": {"export": f"{DCT}audience", "dump": "dct:audience", "search": "audiences"},
    "for_business": {"export": f"{DCT}audience", "dump": "dct:audience", "search": "audiences"},
    "for_institutions": {
        "export": f"{DCT}audience",
        "dump": "dct:audience",
        "search": "audiences",
    },
    "competent_authority_id": {
        "export": f"{CV}hasCompetentAuthority",
        "dump": "cv:hasCompetentAuthority",
        "search": "institution",
    },
    "participations": {
        "export": Absent("the page export names the competent authority only"),
        "dump": "cv:hasParticipation",
        "search": "body",
    },
    "channels": {"export": f"{CV}hasChannel", "dump": "cv:hasChannel", "search": "body"},
    "costs": {"export": f"{CV}hasCost", "dump": "cv:hasCost", "search": "body"},
    "requirements": {
        "export": f"{CV}holdsRequirement",
        "dump": "cv:holdsRequirement",
        "search": "body",
    },
    "outputs": {"export": f"{CPSV}produces", "dump": "cpsv:produces", "search": "body"},
    "legal_resources": {
        "export": f"{CV}hasLegalResource",
        "dump": "cv:hasLegalResource",
        "search": NO_WORDS,
    },
    "contact_points": {
        "export": f"{CV}contactPoint",
        "dump": "cv:contactPoint",
        "search": NO_WORDS,
    },
    "processing_time": {
        "export": f"{CV}processingTime",
        "dump": "cv:processingTime",
        "search": Absent("a duration is no search term; the card shows it"),
    },
    "related_identifiers": {
        "export": f"{DCT}relation",
        "dump": "dct:relation",
        "search": Absent("related services are links, not words of this service"),
    },
    "is_free": {"export": DERIVED, "dump": DERIVED, "search": "is_free"},
    "is_online": {"export": DERIVED, "dump": DERIVED, "search": "is_online"},
    "withdrawn_at": {"export": WITHDRAWN_PAGE, "dump": "adms:status", "search": NOT_INDEXED},
    "replaced_by_identifier": {
        "export": WITHDRAWN_PAGE,
        "dump": "dct:isReplacedBy",
        "search": NOT_INDEXED,
    },
}


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
    return ServicePageFactory(
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


def _empty(field: str) -> Any:
    value = ServicePage._meta.get_field(field.removesuffix("_id")).get_default()
    return None if field in ("competent_authority_id", "withdrawn_at") else value


def _outputs(pk: int, *, withdrawn: bool) -> dict[str, dict[str, Any]]:
    """The service's own node in each output, read back from the database."""
    page = ServicePage._base_manager.select_related("locale", "competent_authority").get(pk=pk)
    export = cpsv_ap(page)["@graph"][0]  # the service comes first, the nodes it owns after
    if withdrawn:  # in scope of the dump as a withdrawn service
        ServicePage._base_manager.filter(pk=pk).update(
            live=False, withdrawn_at=dt.datetime(2026, 2, 3, tzinfo=dt.UTC)
        )
    catalogue = Catalogue.load()
    dump = catalogue.service_batch([pk])[0]
    search = ServiceDocument.from_page(page).to_dict()
    return {"export": export, "dump": dump, "search": search}


def test_every_contract_field_has_a_place_in_every_output():
    assert list(WHERE) == list(register_fields.SERVICE_FIELDS)
    for field, outputs in WHERE.items():
        assert set(outputs) == {"export", "dump", "search"}, field


@pytest.mark.parametrize(
    "field,output",
    [
        (field, output)
        for field, outputs in WHERE.items()
        for output, prop in outputs.items()
        if not isinstance(prop, Absent)
    ],
)
def test_a_filled_contract_field_reaches_the_output(full_service, field, output):
    prop = WHERE[field][output]
    withdrawn = field == "withdrawn_at"
    filled = _outputs(full_service.pk, withdrawn=withdrawn)[output]
    assert filled.get(prop) not in (None, [], ""), f"{field} missing from {output} ({prop})"
    if withdrawn:
        ServicePage._base_manager.filter(pk=full_service.pk).update(live=True, withdrawn_at=None)
    else:
        ServicePage._base_manager.filter(pk=full_service.pk).update(**{field: _empty(field)})
    emptied = _outputs(full_service.pk, withdrawn=False)[output]
    assert emptied.get(prop) != filled.get(prop), f"{output}.{prop} does not come from {field}"
