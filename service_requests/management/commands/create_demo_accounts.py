"""Demo accounts: two requesting institutions and one providing institution with its front
office, executor and service manager, plus demo requests (idempotent, never in production).

The provider is the institution that is competent for the most institution-catalogue
services with a request form (after the sync), so the demo inbox is never empty; without
synced services the defaults below are used. Passwords are documented in docs/requests.md.
"""

from __future__ import annotations

from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError

from catalogue_pages.models import InstitutionPage, ServicePage
from service_requests.demo_data import seed_demo_requests
from service_requests.models import InstitutionMembership
from service_requests.services import request_channel

DEMO_PASSWORD = "demo-parole-2026"  # noqa: S105 - documented demo-only password
ORG = "https://virsis.example/id/org/"
DEFAULT_PROVIDER = (ORG + "VDAA", "Valsts digitālās attīstības aģentūra")
REQUESTER_CANDIDATES = [
    (ORG + "VARAM", "Viedās administrācijas un reģionālās attīstības ministrija"),
    (ORG + "VK", "Valsts kase"),
    (ORG + "FM", "Finanšu ministrija"),
]
HANDLER_GROUP = "Request handlers"
#: Names the requesters read on messages and histories (never the usernames).
PEOPLE = {
    "demo-requester-1": ("Anna", "Bērziņa"),
    "demo-requester-2": ("Kārlis", "Liepiņš"),
    "demo-provider": ("Ilze", "Kalniņa"),
    "demo-executor": ("Jānis", "Ozols"),
    "demo-manager": ("Marta", "Liepa"),
}


def _name_of(iri: str, fallback: str) -> str:
    page = InstitutionPage.objects.filter(register_iri=iri, locale__language_code="lv").first()
    return page.title if page else fallback


def choose_provider() -> tuple[str, str]:
    """The institution competent for most requestable institution services, else the default."""
    counts: Counter[str] = Counter()
    names: dict[str, str] = {}
    services = (
        ServicePage.objects.live()
        .filter(
            for_institutions=True, competent_authority__isnull=False, locale__language_code="lv"
        )
        .select_related("competent_authority")
    )
    for service in services:
        if request_channel(service) is not None:
            iri = service.competent_authority.register_iri
            counts[iri] += 1
            names[iri] = service.competent_authority.title
    if counts:
        iri = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        return iri, names[iri]
    return DEFAULT_PROVIDER[0], _name_of(*DEFAULT_PROVIDER)


class Command(BaseCommand):
    help = "Create or refresh the demo institution accounts (demo only; refuses production)."

    def handle(self, *args: object, **options: object) -> None:
        module = settings.SETTINGS_MODULE or ""
        if module.endswith(".production") or not settings.SERVICE_REQUESTS_ALLOW_DEMO:
            raise CommandError("Refusing to create demo accounts with production settings.")
        provider_iri, provider_name = choose_provider()
        requesters = [c for c in REQUESTER_CANDIDATES if c[0] != provider_iri][:2]
        provider = (provider_iri, provider_name)
        accounts = [
            ("demo-requester-1", requesters[0], InstitutionMembership.REQUESTER),
            ("demo-requester-2", requesters[1], InstitutionMembership.REQUESTER),
            ("demo-provider", provider, InstitutionMembership.PROVIDER),
            ("demo-executor", provider, InstitutionMembership.EXECUTOR),
            ("demo-manager", provider, InstitutionMembership.MANAGER),
        ]
        group, _created = Group.objects.get_or_create(name=HANDLER_GROUP)
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        user_model = get_user_model()
        users: dict[str, object] = {}
        for username, (iri, fallback_name), role in accounts:
            user, _created = user_model.objects.get_or_create(
                username=username, defaults={"email": f"{username}@demo.example"}
            )
            user.set_password(DEMO_PASSWORD)
            user.is_active = True
            user.first_name, user.last_name = PEOPLE[username]
            user.save()
            InstitutionMembership.objects.filter(user=user).exclude(
                institution_iri=iri, role=role
            ).delete()
            InstitutionMembership.objects.update_or_create(
                user=user,
                institution_iri=iri,
                role=role,
                defaults={"institution_name": _name_of(iri, fallback_name)},
            )
            if role in InstitutionMembership.PROVIDER_ROLES:
                user.groups.add(group)
            users[username] = user
            self.stdout.write(f"{username}: {role} of {_name_of(iri, fallback_name)} ({iri})")
        created = seed_demo_requests(
            provider_iri,
            (requesters[0][0], _name_of(*requesters[0])),
            users["demo-provider"],
            users["demo-executor"],
        )
        self.stdout.write(f"demo requests created: {created}")
        self.stdout.write(self.style.SUCCESS("Demo accounts ready (password in docs/requests.md)."))
