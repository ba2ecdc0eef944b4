"""The change feed, in the register's own feed contract (docs/register-contract.md):
``GET /open-data/changes?since=<ISO 8601>[&limit=N]`` answers a JSON-LD page of the items
changed since then, oldest first, with ``Link: <…>; rel="next"`` while more remain.

Each service comes with everything it points to (channels, costs…, its organisations, topics
and the life situations grouping it), so one page is readable on its own. A service withdrawn
by the register, unpublished or deleted here is sent with ``adms:status …/withdrawn``. The
change time is when *this portal* changed the item (``open_data.state``), so a withdrawal
reaches consumers even though the register's ``dct:modified`` did not move.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Q

from catalogue_pages import cpsv_nodes as n
from catalogue_pages import register_fields as v
from catalogue_pages.cpsv_nodes import Node
from catalogue_pages.cpsv_rows import Catalogue
from catalogue_pages.models import LifeSituationPage, ServicePage
from open_data.models import ItemState

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


def parse_time(value: str) -> datetime:
    """ISO 8601 → aware datetime (naive means UTC). Raises ValueError."""
    text = value.strip().replace("Z", "+00:00")
    if " " in text and "+" not in text:  # a "+" decoded from a query string as a space
        head, _, tail = text.rpartition(" ")
        text = f"{head}+{tail}"
    moment = datetime.fromisoformat(text)
    if not moment.tzinfo:
        return moment.replace(tzinfo=UTC)
    try:
        # In UTC here, not in the database adapter: 0001-01-01T00:00:00+14:00 lies before the
        # calendar's first day in UTC, and the adapter's OverflowError was a 500.
        return moment.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError("outside the calendar once in UTC") from exc


@dataclass
class Page:
    nodes: list[Node]
    next_cursor: str | None
    total: int


def _after(cursor: str) -> Q:
    moment, kind, key = cursor.split("~", 2)
    when = parse_time(moment)
    return (
        Q(changed_at__gt=when)
        | Q(changed_at=when, kind__gt=kind)
        | Q(changed_at=when, kind=kind, key__gt=key)
    )


def changes(since: datetime, limit: int, cursor: str | None = None) -> Page:
    """One page of changes. ``cursor`` (from the previous page's next link) resumes after it."""
    base = ItemState.objects.filter(
        kind__in=[ItemState.SERVICE, ItemState.EVENT], changed_at__gte=since
    )
    items = base.filter(_after(cursor)) if cursor else base
    chosen = list(items.order_by("changed_at", "kind", "key")[: limit + 1])
    more = len(chosen) > limit
    chosen = chosen[:limit]
    last = chosen[-1] if chosen else None
    next_cursor = f"{last.changed_at.isoformat()}~{last.kind}~{last.key}" if more and last else None
    return Page(_nodes(chosen), next_cursor, base.count())


def _nodes(items: list[ItemState]) -> list[Node]:
    """The changed services and events with everything they point to (``Catalogue.graph``),
    preceded by a withdrawn node for each changed service no longer published."""
    if not items:
        return []
    catalogue = Catalogue.load()
    lv = catalogue.lv
    services = [i for i in items if i.kind == ItemState.SERVICE]
    events = [i for i in items if i.kind == ItemState.EVENT]
    keys = [i.key for i in services if i.published]
    service_pks = catalogue.service_pks(
        ServicePage._base_manager.filter(Q(identifier__in=keys) | Q(register_iri__in=keys))
        .filter(locale_id=lv)
        .values_list("pk", flat=True)
    )
    event_keys = [i.key for i in events if i.published]
    event_pks = catalogue.visible_events(
        LifeSituationPage._base_manager.filter(locale_id=lv)
        .filter(Q(identifier__in=event_keys) | Q(register_iri__in=event_keys))
        .values_list("pk", flat=True)
    )
    graph = catalogue.graph(service_pks, event_pks)
    found = set()
    for node in graph:
        if node["@type"] == "cpsv:PublicService":
            found.add(node["dct:identifier"])
            found.add(node["@id"])
    out: dict[str, Node] = {}
    for item in services:  # unpublished, deleted or now restricted: withdrawn for consumers
        if item.key not in found:
            out.setdefault(item.iri, _withdrawn(item))
    for node in graph:
        out.setdefault(node["@id"], node)
    return list(out.values())


def _withdrawn(item: ItemState) -> Node:
    return {
        "@id": item.iri,
        "@type": "cpsv:PublicService",
        "dct:identifier": item.key,
        "dct:title": n.texts(item.title, required=True),
        "dct:description": n.texts("", required=True),
        "adms:status": n.ref(v.WITHDRAWN),
    }
