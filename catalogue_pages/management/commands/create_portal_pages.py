"""Create the portal information pages (accessibility, privacy, contact, site map) if missing."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from catalogue_pages.portal_basics import ensure_portal_basics


class Command(BaseCommand):
    help = "Create the accessibility statement, privacy notice, contact and site map pages."

    def handle(self, *args: object, **options: object) -> None:
        pages = ensure_portal_basics()
        self.stdout.write(f"portal information pages: {len(pages)} (lv and en)")
