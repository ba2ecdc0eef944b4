"""Once, after the upgrade to sentence segments: carry the translations of whole paragraphs to
their sentences and extract every translation source again as sentences
(``catalogue_pages.sentence_segments``; docs/editors.md, *Segments*). Safe to run again."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from catalogue_pages.sentence_segments import carry_paragraph_translations, resegment_sources


class Command(BaseCommand):
    help = "Carry paragraph translations to their sentences and re-extract sources as sentences."

    def handle(self, *args: object, **options: object) -> None:
        carried = carry_paragraph_translations()
        sources = resegment_sources()
        self.stdout.write(
            f"sentence translations carried: {carried.written}; sources re-extracted: {sources}; "
            f"paragraphs left to translate again: {len(carried.left)}"
        )
        for where in carried.left:
            self.stdout.write(f"  left: {where}")
