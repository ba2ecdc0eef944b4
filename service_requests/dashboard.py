"""The provider's dashboard panel: new requests and overdue ones, own institution only.

"Overdue" is a request still open after its due date (``due_dates``: the register's
processing time or the institution's target). Requests older than the due dates (none
stored) fall back to being open longer than ``SERVICE_REQUEST_OVERDUE_DAYS`` (default 10) days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.ui.components import Component

from .models import ServiceRequest
from .permissions import provider_queryset

OPEN_STATUSES = ServiceRequest.OPEN_STATUSES
PANEL_ROWS = 10


def overdue_after() -> dt.timedelta:
    return dt.timedelta(days=settings.SERVICE_REQUEST_OVERDUE_DAYS)


def dashboard_requests(user: object) -> dict[str, Any]:
    """New (registered) and overdue requests of the user's institution(s), with their counts."""
    own = provider_queryset(user)
    new = own.filter(status=ServiceRequest.REGISTERED).order_by("-created_at", "-id")
    overdue = (
        own.filter(status__in=OPEN_STATUSES)
        .filter(
            Q(due_date__lt=timezone.localdate())
            | Q(due_date__isnull=True, created_at__lt=timezone.now() - overdue_after())
        )
        .order_by("due_date", "created_at", "id")
    )
    return {
        "new_requests": list(new[:PANEL_ROWS]),
        "new_count": new.count(),
        "overdue_requests": list(overdue[:PANEL_ROWS]),
        "overdue_count": overdue.count(),
        "overdue_days": overdue_after().days,
    }


class RequestsPanel(Component):
    name = "service_requests"
    template_name = "service_requests/admin/dashboard_panel.html"
    order = 50

    def __init__(self, user: object) -> None:
        self.user = user

    def get_context_data(self, parent_context: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return dashboard_requests(self.user)
