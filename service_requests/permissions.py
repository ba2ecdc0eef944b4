"""Who sees which requests. Every view goes through these querysets: no other path exists."""

from __future__ import annotations

from django.core import signing
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from requestkit.numbers import parse_int

from .models import InstitutionMembership, ServiceRequest

SESSION_KEY = "service_requests_mine"
STATUS_LINK_SALT = "service_requests.status-link"


def status_link_key(service_request: ServiceRequest) -> str:
    """A signed key for the e-mailed status link of an anonymous request (no account to use)."""
    return signing.dumps(service_request.reference, salt=STATUS_LINK_SALT)


def reference_from_key(key: str) -> str | None:
    try:
        value = signing.loads(key[:500], salt=STATUS_LINK_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, str) else None


def memberships(user: object, role: str) -> QuerySet[InstitutionMembership]:
    if not getattr(user, "is_authenticated", False):
        return InstitutionMembership.objects.none()
    return InstitutionMembership.objects.filter(user=user, role=role)


def requester_iris(user: object) -> list[str]:
    return list(
        memberships(user, InstitutionMembership.REQUESTER).values_list("institution_iri", flat=True)
    )


def provider_memberships(user: object) -> QuerySet[InstitutionMembership]:
    """Front office, executor and service manager memberships: those who handle requests."""
    if not getattr(user, "is_authenticated", False):
        return InstitutionMembership.objects.none()
    return InstitutionMembership.objects.filter(
        user=user, role__in=InstitutionMembership.PROVIDER_ROLES
    )


def provider_iris(user: object) -> list[str]:
    return list(provider_memberships(user).values_list("institution_iri", flat=True).distinct())


def is_provider(user: object) -> bool:
    return provider_memberships(user).exists()


def requester_queryset(request: HttpRequest) -> QuerySet[ServiceRequest]:
    """Requests the visitor made: their institutions' requests, or (anonymous) this session's."""
    user = request.user
    if user.is_authenticated:
        iris = requester_iris(user)
        return ServiceRequest.objects.filter(
            Q(requester_user=user)
            | Q(requester_institution_iri__in=iris, requester_institution_iri__gt="")
        )
    ids = request.session.get(SESSION_KEY, [])
    return ServiceRequest.objects.filter(
        pk__in=[n for n in (parse_int(str(i)) for i in ids) if n is not None]
    )


def provider_queryset(user: object) -> QuerySet[ServiceRequest]:
    """Requests for the services of the user's own institution(s), and nothing else.

    That is the requests the institution provides now and, after one was forwarded to another
    institution (3rd level), the ones it holds the service of: the holder stays answerable.
    """
    iris = provider_iris(user)
    if not iris:
        return ServiceRequest.objects.none()
    return ServiceRequest.objects.filter(Q(provider_iri__in=iris) | Q(holder_iri__in=iris))


def visible_queryset(request: HttpRequest) -> QuerySet[ServiceRequest]:
    """Either side of a request: the requester's or the provider's."""
    return (requester_queryset(request) | provider_queryset(request.user)).distinct()


def remember_in_session(request: HttpRequest, service_request: ServiceRequest) -> None:
    """Anonymous requesters may see their confirmation and attachments in this session."""
    ids = list(request.session.get(SESSION_KEY, []))
    if service_request.pk not in ids:
        ids.append(service_request.pk)
        request.session[SESSION_KEY] = ids[-50:]


def remembered_in_session(request: HttpRequest, service_request: ServiceRequest) -> bool:
    """Whether this session sent ``service_request`` (for anonymous forms' double clicks)."""
    ids = {parse_int(str(i)) for i in request.session.get(SESSION_KEY, [])}
    return service_request.pk in ids
