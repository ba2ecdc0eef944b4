"""What a visitor sees of a portal's catalogue, as plain JSON: used to compare two portals.

Run inside either portal (the test's own database, or a subprocess pointed at another one):
``python -m tests.open_data.probe`` prints it.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils import translation


def plain(value: Any) -> Any:
    """JSON types only; lazy translations become text in the active language."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def snapshot() -> dict[str, Any]:
    from catalogue_pages import sections
    from catalogue_pages.models import LifeSituationPage, ServicePage

    out: dict[str, Any] = {"services": {}, "situations": {}}
    for page in ServicePage._base_manager.select_related("locale", "competent_authority"):
        language = page.locale.language_code
        with translation.override(language):  # labels are lazy: made into text inside
            out["services"][f"{page.identifier}/{language}"] = plain(
                {
                    "title": page.title,
                    "slug": page.slug,
                    "live": page.live,
                    "withdrawn": page.withdrawn_at is not None,
                    "summary": page.summary,
                    "keywords": page.keywords,
                    "audiences": page.audiences,
                    "authority": page.competent_authority.register_iri
                    if page.competent_authority
                    else "",
                    "authority_title": page.competent_authority.title
                    if page.competent_authority
                    else "",
                    "topics": sorted(t.register_iri for t in page.topics.all()),
                    "situations": sorted(
                        s.identifier for s in page.life_situations.all() if s.live
                    ),
                    "channels": sections.channel_items(page.channels),
                    "costs": sections.cost_items(page.costs, language),
                    "requirements": sections.requirement_items(page.requirements),
                    "outputs": sections.titled_items(page.outputs),
                    "legal": sections.legal_items(page.legal_resources),
                    "contacts": sections.contact_items(page.contact_points),
                    "participations": sections.participation_items(page.participations),
                    "processing_time": page.processing_time,
                    "related": page.related_identifiers,
                    "replaced_by": page.replaced_by_identifier,
                    "is_free": page.is_free,
                    "is_online": page.is_online,
                }
            )
    for page in LifeSituationPage._base_manager.select_related("locale"):
        language = page.locale.language_code
        out["situations"][f"{page.identifier}/{language}"] = {
            "title": page.title,
            "live": page.live,
            "kind": page.kind,
            "summary": page.summary,
            "needs": page.needs,
            "services": sorted(s.identifier for s in page.services.all()),
        }
    return json.loads(json.dumps(out, default=str, ensure_ascii=False))


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(snapshot(), ensure_ascii=False))
