"""IRIs the open-data documents use: CPSV-AP 3.2 and the register's controlled values.

The controlled values (audience, status, channel type, role) are the register's own IRIs as
``docs/register-contract.md`` lists them, so a portal syncing from this one reads them with
exactly the rules it uses for the register (the last path segment decides).
"""

from __future__ import annotations

from catalogue_pages.jsonld import AUDIENCE_IRI, CHANNEL_TYPE_IRI, EUR, LATVIA

REGISTER = "https://virsis.example/"
STATUS_IRI = REGISTER + "status/"
ROLE_IRI = REGISTER + "role/"
CURRENCY_IRI = EUR.rsplit("/", 1)[0] + "/"
AUDIENCE = AUDIENCE_IRI
CHANNEL_TYPE = CHANNEL_TYPE_IRI
COUNTRY = LATVIA
ACTIVE = STATUS_IRI + "active"
WITHDRAWN = STATUS_IRI + "withdrawn"

#: The JSON-LD context of every document: prefixes only, so any JSON-LD processor (and the
#: portal's own streaming reader) can read it without fetching anything.
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
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

FORMATS = {
    "jsonld": "application/ld+json; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
}
