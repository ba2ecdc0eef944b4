"""The register contract on the page side: the JSON-list fields and the shape of their items.

These TypedDicts are the contract between ``sync.map`` (the only producer) and the readers:
``sections`` (the page), ``cpsv_nodes`` (export, dump, feed) and ``search.documents`` (the
index). Readers read only the keys defined here; ``docs/register-contract.md`` documents
them. Every text is plain text in the page's language (never HTML), empty string when the
register has none.
It lives in ``catalogue_pages`` because the pages own these fields; the sync imports it.
"""

from __future__ import annotations

from typing import TypedDict

#: The vocabularies of the contract (CPSV-AP 3.2 and the register's public namespace), one table
#: for every reader and writer of RDF in the portal: the sync's reader (``sync.rdf``), the
#: CPSV-AP writer (``cpsv_nodes``: page export, dump, feed; its JSON-LD context). The register's
#: private namespace is deliberately absent: the portal never writes it, the sync drops it.
NAMESPACES: dict[str, str] = {
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
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
#: The register's controlled-value and authority IRIs (``docs/register-contract.md``).
REGISTER_BASE = "https://virsis.example/"
AUDIENCE_IRI = REGISTER_BASE + "audience/"
CHANNEL_TYPE_IRI = REGISTER_BASE + "channel-type/"
STATUS_IRI = REGISTER_BASE + "status/"
ROLE_IRI = REGISTER_BASE + "role/"
ACTIVE = STATUS_IRI + "active"
WITHDRAWN = STATUS_IRI + "withdrawn"
LATVIA = "http://publications.europa.eu/resource/authority/country/LVA"
CURRENCY_IRI = "http://publications.europa.eu/resource/authority/currency/"
EUR = CURRENCY_IRI + "EUR"


class Participation(TypedDict):
    role: str  # last IRI segment of cv:role, e.g. "service-provider"
    organisation_iri: str
    organisation: str  # the organisation's name in the page language
    description: str


class Channel(TypedDict):
    type: str  # e-service | request-form | service-centre | phone | email | post | website | other
    identifier: str
    description: str
    url: str
    telephone: str
    email: str
    opening_hours: str
    request_kind: str  # request-form channels: service-request | agreement-request | …


class Cost(TypedDict):
    value: str | None  # decimal as a string ("0.00"); None when the register gives no amount
    currency: str  # ISO 4217 code, e.g. "EUR"
    description: str


class Evidence(TypedDict):
    title: str
    description: str


class Requirement(TypedDict):
    title: str
    description: str
    evidence: list[Evidence]


class Output(TypedDict):
    title: str
    description: str


class LegalResource(TypedDict):
    title: str
    url: str


class ContactPoint(TypedDict):
    email: str
    telephone: str
    page: str
    opening_hours: str


class Need(TypedDict):
    order: int  # ascending; needs sharing an order happen at the same time
    title: str
    description: str
    services: list[str]  # service identifiers


#: The JSON-list fields of ``ServicePage`` and the shape of their items, in card order. The
#: model's ``register_fields``, the sync runner and ``checks.py`` all read this one list.
SERVICE_LISTS: dict[str, type] = {
    "participations": Participation,
    "channels": Channel,
    "costs": Cost,
    "requirements": Requirement,
    "outputs": Output,
    "legal_resources": LegalResource,
    "contact_points": ContactPoint,
}

#: The free-text keys of the item shapes (``Evidence`` inside ``Requirement`` included).
TEXT_KEYS = ("title", "description")

#: The JSON lists whose free text (``TEXT_KEYS``) the search index reads, weakest field.
#: Legal resources and contact points hold names and addresses, not words a visitor searches.
INDEXED_LISTS = ("channels", "costs", "requirements", "outputs", "participations")

# --- The register fields of each page type ------------------------------------------------
# The one list per page type of the fields the sync writes beyond those every register page
# has (title, identifier, register IRI, register change time: ``RegisterFieldsMixin``). The
# models' ``register_fields`` (read-only in the admin, never restored from a revision), the
# open-data rows and the contract test (``tests/catalogue_pages/test_field_contract.py``:
# every field reaches every output) all read these tuples.

#: ``ServicePage``: texts, catalogue membership, authority, the JSON lists, derived flags and
#: the withdrawal. ``is_free`` and ``is_online`` are derived by the sync from costs and
#: channels (filters), not register properties of their own.
SERVICE_FIELDS: tuple[str, ...] = (
    "summary",
    "keywords",
    "for_citizens",
    "for_business",
    "for_institutions",
    "competent_authority_id",
    *SERVICE_LISTS,
    "processing_time",
    "related_identifiers",
    "is_free",
    "is_online",
    "withdrawn_at",
    "replaced_by_identifier",
)
#: ``LifeSituationPage`` (a life or business event).
EVENT_FIELDS: tuple[str, ...] = ("kind", "summary", "needs")
#: ``InstitutionPage`` (a public organisation).
ORGANISATION_FIELDS: tuple[str, ...] = ("website", "contact_points")
