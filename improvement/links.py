"""Which external links each page carries: e-services, legal resources, homepages, editorial.

Why stored per page: the checker checks each URL once however many pages use it, and the
owners see failures on the page (and service) where the link appears. Collected in bulk after
every sync and on publish; a page's link set is replaced as a whole, so a removed link stops
counting at once.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import TextField
from django.db.models.functions import Cast

from catalogue_pages.models import InstitutionPage, ServicePage

from .models import ExternalLink, PageLink

MAX_URL = 2000
_HREF = re.compile(r"""href=\\?["'](https?://[^"'\\\s<>]+)""", re.IGNORECASE)
CHUNK = 1000


def clean_url(value: object) -> str:
    """An absolute http(s) URL worth checking, or "" (mailto:, tel:, relative, too long)."""
    if not isinstance(value, str):
        return ""
    url = html.unescape(value.strip())
    if len(url) > MAX_URL or not url.lower().startswith(("http://", "https://")):
        return ""
    parts = urlsplit(url)
    if not parts.hostname:
        return ""
    return url


def url_hash(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()


def _raw_text(value: Any) -> str:
    """Rich text or a StreamField value as text the href pattern can search."""
    if value is None:
        return ""
    raw = getattr(value, "raw_data", None)
    if raw is not None:
        return json.dumps(list(raw), default=str)
    return str(value)


def editorial_urls(*values: Any) -> Iterator[str]:
    for value in values:
        for match in _HREF.finditer(_raw_text(value)):
            url = clean_url(match.group(1))
            if url:
                yield url


def service_links(row: dict[str, Any]) -> set[tuple[str, str]]:
    """(url, source) pairs of a ServicePage ``values()`` row."""
    found: set[tuple[str, str]] = set()
    for channel in row.get("channels") or []:
        if isinstance(channel, dict):
            url = clean_url(channel.get("url"))
            if url:
                kind = (
                    PageLink.E_SERVICE if channel.get("type") == "e-service" else PageLink.CHANNEL
                )
                found.add((url, kind))
    for item in row.get("legal_resources") or []:
        if isinstance(item, dict):
            url = clean_url(item.get("url"))
            if url:
                found.add((url, PageLink.LEGAL))
    for url in editorial_urls(row.get("introduction"), row.get("body_text", row.get("body"))):
        found.add((url, PageLink.EDITORIAL))
    return found


def institution_links(row: dict[str, Any]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    url = clean_url(row.get("website"))
    if url:
        found.add((url, PageLink.HOMEPAGE))
    for url in editorial_urls(row.get("introduction")):
        found.add((url, PageLink.EDITORIAL))
    return found


def _store(per_page: dict[int, tuple[str, set[tuple[str, str]]]]) -> None:
    """Make the stored link sets of these pages (ids → (identifier, {(url, source)})) match;
    only the difference is written, so an unchanged catalogue costs reads only."""
    urls = {url for _identifier, pairs in per_page.values() for url, _source in pairs}
    hashes = {url_hash(url): url for url in urls}
    ids = dict(ExternalLink.objects.filter(url_hash__in=list(hashes)).values_list("url_hash", "id"))
    missing = [digest for digest in hashes if digest not in ids]
    if missing:
        ExternalLink.objects.bulk_create(
            [
                ExternalLink(
                    url=hashes[digest],
                    url_hash=digest,
                    host=(urlsplit(hashes[digest]).hostname or "")[:255],
                )
                for digest in missing
            ],
            batch_size=500,
            ignore_conflicts=True,
        )
        ids.update(ExternalLink.objects.filter(url_hash__in=missing).values_list("url_hash", "id"))
    wanted = {
        (page_id, ids[url_hash(url)], source): ident
        for page_id, (ident, pairs) in per_page.items()
        for url, source in pairs
    }
    stored = {
        (page_id, link_id, source): (pk, ident)
        for pk, page_id, link_id, source, ident in PageLink.objects.filter(
            page_id__in=list(per_page)
        ).values_list("pk", "page_id", "link_id", "source", "identifier")
    }
    stale = [pk for key, (pk, ident) in stored.items() if wanted.get(key) != ident]
    fresh = [key for key, ident in wanted.items() if stored.get(key, (0, None))[1] != ident]
    if not stale and not fresh:
        return
    with transaction.atomic():
        PageLink.objects.filter(pk__in=stale).delete()
        PageLink.objects.bulk_create(
            [
                PageLink(page_id=page_id, link_id=link_id, source=source, identifier=wanted[key])
                for key in fresh
                for page_id, link_id, source in [key]
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def collect_links(page_ids: Iterable[int] | None = None) -> int:
    """Refresh the stored links of these pages (every service and institution when None)."""
    services = ServicePage.objects.all()
    institutions = InstitutionPage.objects.all()
    if page_ids is not None:
        wanted = sorted(set(page_ids))
        services = services.filter(pk__in=wanted)
        institutions = institutions.filter(pk__in=wanted)
    count = 0
    service_ids = list(services.values_list("pk", flat=True))
    for chunk in _chunks(service_ids):
        rows = ServicePage.objects.filter(pk__in=chunk).values(
            "id",
            "identifier",
            "channels",
            "legal_resources",
            "introduction",
            # The stored JSON as text: building StreamValues only to search for hrefs is slow.
            body_text=Cast("body", TextField()),
        )
        _store({r["id"]: (r["identifier"], service_links(r)) for r in rows})
        count += len(chunk)
    institution_ids = list(institutions.values_list("pk", flat=True))
    for chunk in _chunks(institution_ids):
        rows = InstitutionPage.objects.filter(pk__in=chunk).values("id", "website", "introduction")
        _store({r["id"]: ("", institution_links(r)) for r in rows})
        count += len(chunk)
    return count
