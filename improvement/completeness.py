"""Completeness of a service description: which of the SDG / CPSV-AP sections the register fills.

Why: an owner cannot fix what nobody shows them. The eight sections below are the ones a
person needs to use a service (SDG Regulation Art. 10); the score is the share the register
fills. Stale content (``dct:modified`` older than ``IMPROVEMENT_STALE_MONTHS``) and a missing
English translation are flagged beside it. Computed in bulk on every sync and on publish.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue_pages.models import ServicePage

from .attention import attention_points
from .models import ServiceHealth

#: (code, label) of every checked section, in the order of the service page.
SECTIONS: list[tuple[str, Any]] = [
    ("audience", _("Who it is for")),
    ("channels", _("How to get it")),
    ("requirements", _("What you need")),
    ("cost", _("Cost")),
    ("processing-time", _("How long it takes")),
    ("output", _("What you get")),
    ("legal-basis", _("Legal basis")),
    ("contacts", _("Contacts")),
]
SECTION_LABELS = dict(SECTIONS)

PAGE_FIELDS = (
    "id",
    "identifier",
    "title",
    "live",
    "withdrawn_at",
    "register_modified",
    "for_citizens",
    "for_business",
    "for_institutions",
    "channels",
    "requirements",
    "costs",
    "processing_time",
    "outputs",
    "legal_resources",
    "contact_points",
    "locale__language_code",
    "competent_authority__register_iri",
    "competent_authority__title",
    "competent_authority__contact_points",
)
COMPLETENESS_FIELDS = [
    "page",
    "title",
    "institution_iri",
    "institution_name",
    "withdrawn",
    "sections_total",
    "sections_filled",
    "score",
    "missing_sections",
    "register_modified",
    "is_stale",
    "english_missing",
    "completeness_at",
]
#: What decides whether a row must be written (``completeness_at`` is when, not what).
COMPARED_FIELDS = [*(f for f in COMPLETENESS_FIELDS if f != "completeness_at"), "attention"]


def stale_before(now: datetime | None = None) -> datetime:
    """Register content changed before this moment counts as stale."""
    months = settings.IMPROVEMENT_STALE_MONTHS
    return (now or timezone.now()) - timedelta(days=round(months * 30.44))


def filled_sections(row: dict[str, Any]) -> dict[str, bool]:
    """Which sections a service (a ``values()`` row of ``PAGE_FIELDS``) has, by section code."""
    return {
        "audience": bool(row["for_citizens"] or row["for_business"] or row["for_institutions"]),
        "channels": bool(row["channels"]),
        "requirements": bool(row["requirements"]),
        "cost": bool(row["costs"]),
        "processing-time": bool(row["processing_time"]),
        "output": bool(row["outputs"]),
        "legal-basis": bool(row["legal_resources"]),
        "contacts": bool(row["contact_points"] or row["competent_authority__contact_points"]),
    }


def _pick_main(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The Latvian page is the source; another language only when there is no Latvian one."""
    return sorted(rows, key=lambda r: (r["locale__language_code"] != "lv", r["id"]))[0]


def _has_english(rows: list[dict[str, Any]]) -> bool:
    return any(
        r["locale__language_code"] == "en" and (r["live"] or r["withdrawn_at"]) for r in rows
    )


def apply_completeness(
    health: ServiceHealth, rows: list[dict[str, Any]], now: datetime, stale: datetime
) -> ServiceHealth:
    """Fill the completeness columns of ``health`` from the pages of one service."""
    main = _pick_main(rows)
    filled = filled_sections(main)
    health.page_id = main["id"]
    health.title = main["title"][:500]
    health.institution_iri = main["competent_authority__register_iri"] or ""
    health.institution_name = (main["competent_authority__title"] or "")[:255]
    health.withdrawn = main["withdrawn_at"] is not None
    health.sections_total = len(SECTIONS)
    health.sections_filled = sum(filled.values())
    health.score = round(100 * health.sections_filled / health.sections_total)
    health.missing_sections = [code for code, _label in SECTIONS if not filled[code]]
    health.register_modified = main["register_modified"]
    health.is_stale = main["register_modified"] is not None and main["register_modified"] < stale
    health.english_missing = not _has_english(rows)
    health.completeness_at = now
    return health


def refresh_completeness(identifiers: Iterable[str] | None = None) -> int:
    """Recompute and store completeness of the given services (all when None); returns count."""
    pages = ServicePage.objects.filter(identifier__gt="")
    if identifiers is not None:
        wanted = sorted(set(identifiers))
        if not wanted:
            return 0
        pages = pages.filter(identifier__in=wanted)
    by_identifier: dict[str, list[dict[str, Any]]] = {}
    for row in pages.values(*PAGE_FIELDS).iterator(chunk_size=2000):
        by_identifier.setdefault(row["identifier"], []).append(row)
    if not by_identifier:
        return 0
    existing = ServiceHealth.objects.in_bulk(list(by_identifier), field_name="identifier")
    now = timezone.now()
    stale = stale_before(now)
    objects = []
    for identifier, rows in by_identifier.items():
        health = existing.get(identifier)
        before = snapshot(health, COMPARED_FIELDS) if health else None
        health = health or ServiceHealth(identifier=identifier)
        apply_completeness(health, rows, now, stale)
        health.attention = attention_points(health)
        if before is not None and before == snapshot(health, COMPARED_FIELDS):
            continue  # unchanged: no write (an unchanged catalogue costs reads only)
        health.updated_at = now
        objects.append(health)
    ServiceHealth.objects.bulk_create(
        objects,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["identifier"],
        update_fields=[*COMPLETENESS_FIELDS, "attention", "updated_at"],
    )
    return len(by_identifier)


def snapshot(health: ServiceHealth, fields: Iterable[str]) -> tuple:
    """The values of ``fields`` (foreign keys by id), to tell whether a recount changed a row."""
    return tuple(getattr(health, f"{name}_id" if name == "page" else name) for name in fields)


def missing_labels(codes: Iterable[str]) -> list[str]:
    """Section labels in the active language for stored section codes."""
    return [str(SECTION_LABELS[code]) for code in codes if code in SECTION_LABELS]
