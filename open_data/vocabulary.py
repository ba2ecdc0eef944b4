"""What the open-data documents are written as: the media types.

The JSON-LD context and the IRIs are the one CPSV-AP writer's (``catalogue_pages.cpsv_nodes``
``CONTEXT``, from the contract's ``register_fields.NAMESPACES``): nothing is renamed here.
"""

from __future__ import annotations

FORMATS = {
    "jsonld": "application/ld+json; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
}
