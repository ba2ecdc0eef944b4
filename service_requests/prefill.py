"""What the request form can fill in for a signed-in user: name, e-mail and phone.

Name and e-mail come from the user's account; the phone, which the account does not hold, from
the user's latest request. People check and change them; nothing is sent unseen.
"""

from __future__ import annotations

from typing import Any

from .models import ServiceRequest


def profile_initial(user: Any) -> dict[str, str]:
    """Initial values of the contact fields for ``user`` (empty for anonymous users)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    initial: dict[str, str] = {}
    name = (user.get_full_name() or "").strip()
    if name:
        initial["contact_name"] = name
    if user.email:
        initial["email"] = user.email
    latest = (
        ServiceRequest.objects.filter(requester_user=user)
        .exclude(phone="")
        .order_by("-created_at", "-id")
        .values_list("phone", flat=True)
        .first()
    )
    if latest:
        initial["phone"] = latest
    return initial
