"""IRIs the open-data documents use: CPSV-AP 3.2 and the register's controlled values.

The controlled values (audience, status, channel type, role) are the register's own IRIs as
``docs/register-contract.md`` lists them, so a portal syncing from this one reads them with
exactly the rules it uses for the register (the last path segment decides).
"""

from __future__ import annotations

from catalogue_pages.register_fields import (
    AUDIENCE_IRI,
    CHANNEL_TYPE_IRI,
    EUR,
    LATVIA,
    NAMESPACES,
    ROLE_IRI,
    STATUS_IRI,
)

__all__ = [
    "ACTIVE",
    "AUDIENCE",
    "CHANNEL_TYPE",
    "CONTEXT",
    "COUNTRY",
    "CURRENCY_IRI",
    "FORMATS",
    "ROLE_IRI",
    "WITHDRAWN",
]

CURRENCY_IRI = EUR.rsplit("/", 1)[0] + "/"
AUDIENCE = AUDIENCE_IRI
CHANNEL_TYPE = CHANNEL_TYPE_IRI
COUNTRY = LATVIA
ACTIVE = STATUS_IRI + "active"
WITHDRAWN = STATUS_IRI + "withdrawn"

#: The JSON-LD context of every document: prefixes only, so any JSON-LD processor (and the
#: portal's own streaming reader) can read it without fetching anything.
CONTEXT: dict[str, str] = dict(NAMESPACES)

FORMATS = {
    "jsonld": "application/ld+json; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
}
