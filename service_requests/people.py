"""How people are named on requests: by their name and institution, never by a username.

Usernames are sign-in handles ("demo-provider"); a requester reading a message or a history
needs to know who wrote and for which institution.
"""

from __future__ import annotations

from .models import InstitutionMembership


def person_name(user: object) -> str:
    """The user's full name, else empty (never the username, which often is the e-mail)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    # mypy: an authenticated user is AUTH_USER_MODEL (auth.User), which has get_full_name
    return (user.get_full_name() or "").strip()  # type: ignore[attr-defined]


def institution_of(user: object, iris: list[str] | None = None) -> str:
    """The name of the user's institution (among ``iris`` when given)."""
    if not getattr(user, "is_authenticated", False):
        return ""
    rows = InstitutionMembership.objects.filter(user=user)
    if iris is not None:
        rows = rows.filter(institution_iri__in=iris)
    return rows.values_list("institution_name", flat=True).first() or ""


def signature(user: object, institution: str = "") -> str:
    """ "Name — Institution", or as much of it as is known."""
    return " — ".join(part for part in (person_name(user), institution) if part)
