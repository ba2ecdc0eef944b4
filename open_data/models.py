"""What the open-data endpoints remember between requests and across processes.

``DumpState`` is one row: a generation number that every change of the public catalogue bumps
(the ETag of the dump, the name of its cached files) and when that happened (Last-Modified).
``ItemState`` keeps one fingerprint per published item, so the change feed can say *when this
portal* last changed an item (the register's ``dct:modified`` says nothing about withdrawals
or about changes this portal made) and still tell withdrawn or deleted items to consumers.
Both live in the database because the sync runs in another process than the web server.
"""

from __future__ import annotations

from django.db import models


class DumpState(models.Model):
    generation = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField()
    checked_at = models.DateTimeField()

    class Meta:
        verbose_name = "open-data state"

    def __str__(self) -> str:
        return f"generation {self.generation} ({self.changed_at:%Y-%m-%d %H:%M})"


class ItemState(models.Model):
    SERVICE = "service"
    EVENT = "event"
    ORGANISATION = "organisation"
    KINDS = [(SERVICE, SERVICE), (EVENT, EVENT), (ORGANISATION, ORGANISATION)]

    kind = models.CharField(max_length=16, choices=KINDS)
    key = models.CharField(max_length=500)
    iri = models.CharField(max_length=500)
    title = models.CharField(max_length=255, blank=True)
    fingerprint = models.CharField(max_length=64)
    published = models.BooleanField(default=True)
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="open_data_item_kind_key")
        ]
        indexes = [
            models.Index(fields=["changed_at", "kind", "key"], name="open_data_item_changed")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
