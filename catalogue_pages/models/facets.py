"""Catalogue facet counts, computed when content is written and read by every catalogue page.

Counting topics, institutions, life situations and initials over the whole catalogue costs
~50 ms at 10,000 services (SQLite); done on read, the first request after every publish or sync
paid it. The counts change only when content is written, so the publish, unpublish, delete and
``services_changed`` receivers recompute the affected rows (``catalogue_pages.facets``) and a
catalogue page reads one row when its cache is cold. Not edited by hand, not shown in the admin.
"""

from __future__ import annotations

from django.db import models


class CatalogueFacets(models.Model):
    """One catalogue (audience) in one language: what ``facets.compute_facets`` returns."""

    audience = models.CharField(max_length=32)
    language = models.CharField(max_length=16)
    #: ``{"facets": {...}, "order": [pk, ...], "situations": [{...}, ...]}``
    data = models.JSONField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["audience", "language"], name="catalogue_facets_one_per_catalogue"
            )
        ]

    def __str__(self) -> str:
        return f"{self.audience}/{self.language}"
