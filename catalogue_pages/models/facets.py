"""Catalogue facet counts and listing order, computed when content is written.

Counting topics, institutions, life situations and initials over the whole catalogue costs
~50 ms at 10,000 services (SQLite); done on read, the first request after every publish or sync
paid it. The counts change only when content is written, so the publish, unpublish, delete and
``services_changed`` receivers recompute the affected rows (``catalogue_pages.facets``) and a
catalogue page reads one row when its cache is cold. Not edited by hand, not shown in the admin.

The listing order (primary keys in Latvian title order) is stored apart, in chunks: kept inside
the facets row it was a JSON list of every service of the catalogue, which every cold catalogue
page read and parsed to show twenty of them (60,000 at 100,000 services: ~60 ms a request on
PostgreSQL). A page now reads the one chunk that holds its rows.
"""

from __future__ import annotations

from django.db import models


class CatalogueFacets(models.Model):
    """One catalogue (audience) in one language: what ``facets.compute_facets`` returns."""

    audience = models.CharField(max_length=32)
    language = models.CharField(max_length=16)
    #: ``{"facets": {...}}``: what a catalogue page shows.
    data = models.JSONField()
    #: The situations facet as data (``[{...}, ...]``), as long as the catalogue's guides: in
    #: its own column so that a page reading ``data`` does not read (and detoast) it.
    situations = models.JSONField(default=list)
    #: How many services the catalogue lists (the home page shows it; reading it parses no JSON).
    services = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["audience", "language"], name="catalogue_facets_one_per_catalogue"
            )
        ]

    def __str__(self) -> str:
        return f"{self.audience}/{self.language}"


class CatalogueOrderChunk(models.Model):
    """``ORDER_CHUNK`` consecutive primary keys of one catalogue's listing order.

    Chunk ``number`` holds the services at positions ``number * ORDER_CHUNK`` up to the next
    chunk's first: a catalogue page (20 rows, a divisor of the chunk size) reads one row by the
    unique index, whatever the catalogue's size — no COUNT, no sort, no OFFSET scan."""

    audience = models.CharField(max_length=32)
    language = models.CharField(max_length=16)
    number = models.PositiveIntegerField()
    pks = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["audience", "language", "number"], name="catalogue_order_chunk_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.audience}/{self.language}#{self.number}"
