"""Demo requests for the providing demo institution (demo only; called by
``create_demo_accounts``): several kinds, one handed to the executor, one closed with a note,
two incidents linked to one problem, a complaint and one request past its due date,
escalated to the service manager. Idempotent: the demo requests carry fixed tokens.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from catalogue_pages.models import ServicePage

from .escalation import run_daily
from .figures import refresh_figures
from .handling import classify, close_request, hand_over, link_complaint, link_to_problem
from .models import ServiceRequest
from .services import NewRequest, create_request, request_channel

TOKEN = "demo-request-{}"  # noqa: S105 - an idempotency token pattern, not a secret

#: (token suffix, kind, contact person, what is needed)
DEMO_REQUESTS = [
    ("service", "service-request", "Anna Bērziņa", "Lūdzu piešķirt piekļuvi datu apmaiņai."),
    ("information", "information-request", "Pēteris Kalns", "Kādi dokumenti jāpievieno?"),
    ("incident-1", "incident", "Līga Ozola", "Veidlapa neatveras, rāda kļūdu 500."),
    ("incident-2", "incident", "Mārtiņš Egle", "Pēc iesniegšanas nav apstiprinājuma."),
    ("problem", "problem", "Ilze Kalniņa", "Iesniegumu serviss atkārtoti nepieejams."),
    ("overdue", "agreement-request", "Rūta Priede", "Vienošanās par datu apmaiņu 2027. gadam."),
    ("complaint", "complaint", "Rūta Priede", "Uz mūsu pieprasījumu nav atbildes."),
]


def _service(provider_iri: str) -> ServicePage | None:
    for page in (
        ServicePage.objects.live()
        .filter(
            competent_authority__register_iri=provider_iri,
            locale__language_code="lv",
            withdrawn_at__isnull=True,
        )
        .select_related("competent_authority")
        .order_by("identifier")
    ):
        if request_channel(page) is not None:
            return page
    return None


def seed_demo_requests(
    provider_iri: str, requester: tuple[str, str], front: object, executor: object
) -> int:
    """Create the demo requests once; returns how many were created now."""
    if ServiceRequest.objects.filter(idempotency_token=TOKEN.format("service")).exists():
        return 0
    service = _service(provider_iri)
    if service is None:
        return 0
    made: dict[str, ServiceRequest] = {}
    for suffix, kind, contact, needed in DEMO_REQUESTS:
        made[suffix], _created = create_request(
            NewRequest(
                token=TOKEN.format(suffix),
                service=service,
                request_kind=kind,
                requester_user=None,
                requester_institution_iri=requester[0],
                requester_institution_name=requester[1],
                contact_name=contact,
                email=f"{suffix}@demo.example",
                phone="",
                needed=needed,
                desired_date=None,
                answers=[],
            )
        )
    classify(
        made["service"], "service-request", "high", "Termiņš noteikts normatīvajā aktā.", front
    )
    hand_over(made["service"], executor, "Nepieciešama tehniskā pārbaude.", front)
    classify(made["information"], "information-request", "low", "Vienkāršs jautājums.", front)
    close_request(
        made["information"],
        "done",
        "Jāpievieno pilnvara un iestādes vadītāja rīkojums.",
        front,
    )
    for incident in ("incident-1", "incident-2"):
        classify(made[incident], "incident", "high", "Skar iesniedzējus.", front)
        link_to_problem(made[incident], made["problem"], front)
    classify(made["problem"], "problem", "critical", "Atkārtojas vairākos incidentos.", front)
    hand_over(made["problem"], executor, "Cēloņa izpēte.", front)
    classify(made["overdue"], "agreement-request", "normal", "Standarta vienošanās.", front)
    week_ago = timezone.localdate() - dt.timedelta(days=7)
    ServiceRequest.objects.filter(pk=made["overdue"].pk).update(due_date=week_ago)
    link_complaint(made["complaint"], made["overdue"], front)
    run_daily()
    refresh_figures()
    return len(made)
