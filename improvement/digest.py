"""The weekly digest: what changed for an institution's services, e-mailed to its users.

Why: feedback comments, problem reports and link failures must reach the owning institution
even when nobody opens the dashboard. Recipients are the institution users (provider
memberships) with an e-mail address who have not opted out; one e-mail per user per run,
sent by the queue worker. The opt-out is a checkbox on the dashboard and a signed link in
every digest.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from catalogue_pages.models import PageFeedback
from service_requests.models import InstitutionMembership, ServiceRequest
from service_requests.permissions import provider_iris

from .models import OwnerPreference, PageLink, ServiceHealth
from .statistics import PROBLEM_KINDS

logger = logging.getLogger(__name__)
OPTOUT_SALT = "improvement.digest-optout"
PERIOD = timedelta(days=7)


def recipients() -> list[int]:
    """Ids of active institution users with an e-mail who still want the digest."""
    opted_out = OwnerPreference.objects.filter(weekly_digest=False).values("user_id")
    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            institution_memberships__role=InstitutionMembership.PROVIDER,
        )
        .exclude(email="")
        .exclude(pk__in=opted_out)
        .distinct()
        .order_by("pk")
    )
    return list(users.values_list("pk", flat=True))


def optout_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=OPTOUT_SALT)


def user_from_optout_token(value: str) -> int | None:
    try:
        user_id = signing.loads(value[:300], salt=OPTOUT_SALT)
    except signing.BadSignature:
        return None
    return user_id if isinstance(user_id, int) else None


def set_preference(user_id: int, weekly_digest: bool) -> None:
    OwnerPreference.objects.update_or_create(
        user_id=user_id, defaults={"weekly_digest": weekly_digest}
    )


def wants_digest(user: Any) -> bool:
    pref = OwnerPreference.objects.filter(user=user).first()
    return pref.weekly_digest if pref else True


def digest_content(iris: list[str], since: datetime) -> dict[str, Any]:
    """Everything new for these institutions since ``since`` (owners only: comments included)."""
    services = ServiceHealth.objects.filter(institution_iri__in=iris, withdrawn=False)
    identifiers = list(services.values_list("identifier", flat=True))
    comments = (
        PageFeedback.objects.filter(
            page__servicepage__identifier__in=identifiers, created_at__gte=since
        )
        .exclude(comment="")
        .select_related("page")
        .order_by("-created_at")[:20]
    )
    problems = ServiceRequest.objects.filter(
        provider_iri__in=iris, request_kind__in=PROBLEM_KINDS, created_at__gte=since
    ).order_by("-created_at")[:20]
    failing = (
        PageLink.objects.filter(
            identifier__in=identifiers, link__outcome__in=("broken", "timeout", "error")
        )
        .select_related("link")
        .order_by("identifier", "link__url")[:30]
    )
    attention = services.filter(attention__gt=0).order_by("-attention", "title")[:10]
    return {
        "comments": list(comments),
        "problems": list(problems),
        "failing_links": list(failing),
        "attention": list(attention),
    }


def send_digest(user_id: int, now: datetime | None = None) -> bool:
    """Send one user's digest if there is anything to say; returns whether one was sent."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not wants_digest(user):
        return False
    now = now or timezone.now()
    pref, _created = OwnerPreference.objects.get_or_create(user=user)
    since = pref.last_digest_at or now - PERIOD
    iris = provider_iris(user)
    content = digest_content(iris, since)
    if not any(content.values()):
        return False
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **content,
            "user": user,
            "since": since,
            "dashboard_url": base + reverse("improvement_admin:dashboard"),
            "optout_url": base + reverse("improvement:digest_optout", args=[optout_token(user.pk)]),
        }
        subject = render_to_string("improvement/email/digest_subject.txt", context)
        body = render_to_string("improvement/email/digest.txt", context)
    send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])
    pref.last_digest_at = now
    pref.save(update_fields=["last_digest_at"])
    logger.info("owner digest sent to user %s", user.pk)
    return True
