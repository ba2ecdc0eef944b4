"""Names on request pages in the reader's language, where the register has them.

A request keeps snapshots of the service title and institution names in the language it was
made in (so it still reads correctly after the register changes). Someone reading it in
English sees the register's English names instead, when there are any; the snapshot stays the
fallback, and nothing stored is changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from catalogue_pages.models import InstitutionPage, ServicePage

from .models import ServiceRequest


def localize_names(requests: Iterable[ServiceRequest], language: str) -> list[ServiceRequest]:
    """Set ``display_service_title``, ``display_provider_name`` and ``display_requester_name``."""
    rows = list(requests)
    titles = dict(
        ServicePage.objects.live()
        .filter(
            locale__language_code=language,
            identifier__in={r.service_identifier for r in rows},
        )
        .values_list("identifier", "title")
    )
    iris = {r.provider_iri for r in rows} | {r.requester_institution_iri for r in rows}
    names = dict(
        InstitutionPage.objects.filter(
            locale__language_code=language, register_iri__in=iris - {""}
        ).values_list("register_iri", "title")
    )
    for r in rows:
        r.display_service_title = titles.get(r.service_identifier, r.service_title)
        r.display_provider_name = names.get(r.provider_iri, r.provider_name)
        r.display_requester_name = names.get(
            r.requester_institution_iri, r.requester_institution_name
        )
    return rows
