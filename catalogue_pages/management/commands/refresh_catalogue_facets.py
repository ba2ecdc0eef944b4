"""``manage.py refresh_catalogue_facets``: recount and store the facets of every catalogue.

The receivers keep them current after each publish and sync run; this is for a database
migrated before they existed, or restored from a dump (a catalogue page would otherwise count
them on its first request).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from catalogue_pages.facets import refresh


class Command(BaseCommand):
    help = "Recount and store the facets of every catalogue (audience x language)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = refresh()
        self.stdout.write(f"catalogue facets refreshed: {count}")
