"""What the open-data documents are written as: the JSON-LD context and the media types.

The IRIs themselves (CPSV-AP 3.2 and the register's controlled values: audience, status,
channel type, role) are the contract's, ``catalogue_pages.register_fields``, read under their
own names, so a portal syncing from this one reads them with exactly the rules it uses for the
register (the last path segment decides).
"""

from __future__ import annotations

from catalogue_pages.register_fields import NAMESPACES

#: The JSON-LD context of every document: prefixes only, so any JSON-LD processor (and the
#: portal's own streaming reader) can read it without fetching anything.
CONTEXT: dict[str, str] = dict(NAMESPACES)

FORMATS = {
    "jsonld": "application/ld+json; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
}
