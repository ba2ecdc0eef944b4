"""Problem reports: an anonymous "Report a problem" becomes a request in the provider's inbox.

Why through ``service_requests``: a report must reach the providing institution with the same
reference numbers, exactly-once guarantee, status flow and e-mails as any other request, so it
is created by ``service_requests.services.create_request`` with kind *problem* or
*complaint*. Spam resistance reuses the project's mechanisms: a honeypot, a signed token that
carries the time the form was shown (and the idempotency key), and the shared rate limiter.
"""

from __future__ import annotations

import secrets
import time

from django.core import signing
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalogue_pages.models import ServicePage
from service_requests.models import ServiceRequest
from service_requests.services import NewRequest, create_request

TOKEN_SALT = "improvement.problem-report"  # noqa: S105 - a salt, not a secret
TOKEN_MAX_AGE = 60 * 60 * 24
#: No person reads the form, chooses what went wrong and writes or pastes a description in
#: under a second; a script posts in milliseconds. Three seconds refused people who paste or
#: let the browser fill the address (issue 19), so the line sits at one: the honeypot, the
#: signed token and the rate limit do the rest of the bot defence.
MIN_SECONDS = 1
DONE_SALT = "improvement.problem-done"
_FIELDS = (
    "id",
    "title",
    "identifier",
    "url_path",
    "contact_points",
    "competent_authority__title",
    "competent_authority__register_iri",
    "competent_authority__contact_points",
    "locale__language_code",
)


def get_reportable_service(identifier: str) -> ServicePage:
    """The live service with this identifier (active language preferred), else 404."""
    if not identifier or len(identifier) > 128:
        raise Http404("Unknown service")
    pages = list(
        ServicePage.objects.live()
        .filter(identifier=identifier, withdrawn_at__isnull=True)
        .select_related("competent_authority", "locale")
        .only(*_FIELDS)
        .order_by()
    )
    if not pages:
        raise Http404("Unknown service")
    lang = (get_language() or "lv")[:2]
    return sorted(pages, key=lambda p: p.locale.language_code != lang)[0]


def issue_token(identifier: str, issued: float | None = None) -> str:
    """Signed: a random key (the idempotency key), the service and when the form was shown."""
    moment = issued or time.time()
    # Milliseconds: whole seconds made the one-second line anything between 0 and 1 s.
    payload = {"n": secrets.token_hex(16), "s": identifier, "ms": int(moment * 1000)}
    return signing.dumps(payload, salt=TOKEN_SALT)


def issued_ms(payload: dict) -> int | None:
    """When the form was shown, in milliseconds: ``ms``, or ``t`` (whole seconds) in a token
    issued before milliseconds were (a form still open across the deploy)."""
    if isinstance(payload.get("ms"), int):
        return int(payload["ms"])
    if isinstance(payload.get("t"), int):
        return int(payload["t"]) * 1000
    return None


class TokenProblem(ValueError):
    """``invalid`` (forged, stale, other service) or ``too-fast`` (sent like a bot)."""


def read_token(value: str, identifier: str, now: float | None = None) -> str:
    """The idempotency key of a genuine, not-too-fast submission; raises TokenProblem."""
    try:
        payload = signing.loads(value or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature as error:
        raise TokenProblem("invalid") from error
    if not isinstance(payload, dict) or payload.get("s") != identifier:
        raise TokenProblem("invalid")
    key, issued = payload.get("n"), issued_ms(payload)
    if not isinstance(key, str) or len(key) != 32 or issued is None:
        raise TokenProblem("invalid")
    if (now or time.time()) * 1000 - issued < MIN_SECONDS * 1000:
        raise TokenProblem("too-fast")
    return f"problem-{key}"


def existing_report(key: str) -> ServiceRequest | None:
    return ServiceRequest.objects.filter(idempotency_token=key).first()


def create_report(
    service: ServicePage, key: str, kind: str, category_label: str, text: str, email: str
) -> tuple[ServiceRequest, bool]:
    """Store the report exactly once per key; returns (request, created)."""
    return create_request(
        NewRequest(
            token=key,
            service=service,
            request_kind=kind,
            requester_user=None,
            requester_institution_iri="",
            requester_institution_name="",
            contact_name="",
            email=email,
            phone="",
            needed=text,
            desired_date=None,
            answers=[
                {"name": "what-went-wrong", "label": _("What went wrong"), "value": category_label}
            ],
        )
    )


def done_key(reference: str) -> str:
    return signing.dumps(reference, salt=DONE_SALT)


def reference_from_done_key(value: str) -> str | None:
    try:
        reference = signing.loads(value[:300], salt=DONE_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return reference if isinstance(reference, str) else None
