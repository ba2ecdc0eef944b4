"""What each confirmed subscription has not been told yet, and the sending of it.

Alerts are built from the register's change notes (``catalogue_pages.ChangeNote``, written by
the sync; a withdrawal is a note too) plus, for guides, topics and catalogues, the services
that appeared in them. ``sent_until`` moves forward after each send, so nothing is told twice.
Called by the queue worker (``tasks``) after a sync, and by ``send_alert_digests`` weekly.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.utils import timezone

from alerts import mail
from alerts.models import Subscription
from alerts.targets import service_identifiers
from catalogue_pages.change_notes import note_items
from catalogue_pages.models import ChangeNote, ServicePage
from requestkit import public_urls


def pending_items(subscription: Subscription, until: datetime) -> list[dict[str, Any]]:
    """Per service of the target, its notes (and whether it is new) since ``sent_until``."""
    since = subscription.sent_until or subscription.confirmed_at
    language = subscription.subscriber.language
    identifiers = service_identifiers(subscription.kind, subscription.key)
    if not identifiers or since is None:
        return []
    pages = {
        (page.identifier, page.locale.language_code): page
        for page in ServicePage._base_manager.filter(identifier__in=identifiers).select_related(
            "locale"
        )
    }
    # The subscriber's language; services without a page in it speak Latvian.
    chosen = (pages.get((i, language)) or pages.get((i, "lv")) for i in identifiers)
    wanted = {page.pk for page in chosen if page is not None}
    notes: dict[int, list[ChangeNote]] = defaultdict(list)
    for note in ChangeNote.objects.filter(
        page_id__in=wanted, changed_at__gt=since, changed_at__lte=until
    ).order_by("changed_at", "pk"):
        notes[note.page_id].append(note)
    new: set[int] = set()
    if subscription.kind != Subscription.SERVICE:
        new = set(
            ServicePage.objects.live()
            .filter(pk__in=wanted, first_published_at__gt=since, first_published_at__lte=until)
            .values_list("pk", flat=True)
        )
    items = []
    for page in sorted(
        (p for p in pages.values() if p.pk in notes or p.pk in new), key=lambda p: p.title
    ):
        items.append(
            {
                "title": page.title,
                "url": public_urls.page_url(page) if page.live else "",
                "new": page.pk in new,
                "notes": note_items(notes.get(page.pk, []), language),
            }
        )
    return items


def send_due(frequency: str, now: datetime | None = None) -> int:
    """Send every confirmed subscription of ``frequency`` what is new; returns e-mails sent."""
    now = now or timezone.now()
    sent = 0
    subscriptions = Subscription.objects.filter(
        frequency=frequency, confirmed_at__isnull=False
    ).select_related("subscriber")
    for subscription in subscriptions.iterator(chunk_size=500):
        items = pending_items(subscription, now)
        if items:
            mail.send_alert(subscription, items, digest=frequency == Subscription.WEEKLY)
            sent += 1
        subscription.sent_until = now
        subscription.save(update_fields=["sent_until"])
    return sent
