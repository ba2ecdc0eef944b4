"""The read-only "From the register" panel of register pages in the admin.

Editors see every register section of the page they are editing — as the public page shows
it, read-only — so they write the introduction and FAQ around the real text instead of
opening a preview. Values are the display items of ``catalogue_pages.sections`` (plain text,
escaped by the template), so the panel and the public page never disagree.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from catalogue_pages.durations import humanize_duration
from catalogue_pages.sections import (
    channel_items,
    contact_items,
    cost_items,
    legal_items,
    requirement_items,
    titled_items,
)


def register_sections(page: Any) -> list[dict[str, Any]]:
    """(heading, items) of each register section the page type has; empty ones included, so
    an editor sees that the register left a section empty."""
    language = page.locale.language_code if page.locale_id else "lv"
    sections: list[dict[str, Any]] = []

    def add(field: str, heading: Any, items: list[dict[str, Any]]) -> None:
        if hasattr(page, field):
            sections.append({"id": field, "heading": heading, "items": items})

    add("channels", _("How to get it"), channel_items(getattr(page, "channels", [])))
    add("costs", _("Cost"), cost_items(getattr(page, "costs", []), language))
    add("requirements", _("What you need"), requirement_items(getattr(page, "requirements", [])))
    add("outputs", _("What you get"), titled_items(getattr(page, "outputs", [])))
    add("legal_resources", _("Legal basis"), legal_items(getattr(page, "legal_resources", [])))
    add("contact_points", _("Contacts"), contact_items(getattr(page, "contact_points", [])))
    return sections


class RegisterProvenancePanel(Panel):
    """Provenance (identifier, sync and register times) and every register section."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "catalogue_pages/admin/register_provenance.html"

        def get_context_data(self, parent_context: dict | None = None) -> dict[str, Any]:
            context = super().get_context_data(parent_context)
            page = self.instance
            processing = getattr(page, "processing_time", "")
            language = page.locale.language_code if page.locale_id else "lv"
            context.update(
                page=page,
                sections=register_sections(page),
                processing_time_text=humanize_duration(processing, language) if processing else "",
            )
            return context


def fixed_slug_promote_panels() -> list[Panel]:
    """Promote tab of register-owned and structural pages: the slug is shown, never edited.

    Their URLs are the register's or the site skeleton's; both languages share the slug, so a
    changed slug would break links and the lv/en language switch (a prefix swap)."""
    from wagtail.admin.panels import FieldPanel

    return [
        FieldPanel("slug", read_only=True),
        FieldPanel("seo_title"),
        FieldPanel("search_description"),
    ]
