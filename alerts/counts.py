"""How many confirmed alerts cover a service, for its owners (never an address)."""

from __future__ import annotations

from django.db.models import Q

from alerts.models import Subscription
from catalogue_pages.audiences import AUDIENCE_FIELDS
from catalogue_pages.models import ServicePage


def followers(identifier: str) -> dict[str, int]:
    """{"direct": alerts on the service itself, "total": addresses told of its changes}."""
    page = (
        ServicePage._base_manager.filter(identifier=identifier, locale__language_code="lv")
        .prefetch_related("topics", "life_situations")
        .first()
    )
    confirmed = Subscription.objects.filter(confirmed_at__isnull=False)
    direct = confirmed.filter(kind=Subscription.SERVICE, key=identifier)
    if page is None:
        return {"direct": direct.count(), "total": direct.count()}
    covering = Q(kind=Subscription.SERVICE, key=identifier)
    covering |= Q(
        kind=Subscription.GUIDE, key__in=[g.identifier for g in page.life_situations.all()]
    )
    covering |= Q(kind=Subscription.TOPIC, key__in=[t.slug for t in page.topics.all()])
    covering |= Q(
        kind=Subscription.CATALOGUE,
        key__in=[code for code, field in AUDIENCE_FIELDS.items() if getattr(page, field)],
    )
    total = confirmed.filter(covering).values("subscriber_id").distinct().count()
    return {"direct": direct.count(), "total": total}
