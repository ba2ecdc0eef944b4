"""``manage.py demo_owner_scenario``: the owners' demo (demo only; refuses production).

Creates ``demo-owner`` (password as the other demo accounts), an institution user of the
institution of a service whose register description lacks a cost section; adds to that
service's editorial introduction a link that is broken (``--broken-url``, by default a page
the demo register server answers 404 for) and checks it; sends a problem report about the
service the way the public form does; and recomputes the figures. Then the dashboard shows
the service near the top, with the missing cost section, the broken link and the report.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError

from catalogue_pages.models import ServicePage
from improvement import linkcheck, problems
from improvement.links import collect_links, url_hash
from improvement.models import ExternalLink, ServiceHealth
from improvement.services import refresh_everything
from service_requests.models import InstitutionMembership, ServiceRequest

USERNAME = "demo-owner"
DEMO_PASSWORD = "demo-parole-2026"  # noqa: S105 - documented demo-only password
OWNER_GROUP = "Service owners"


def choose_service() -> ServicePage:
    """A live Latvian service without a cost section whose institution has the fewest services
    (a short, readable dashboard)."""
    candidates = ServiceHealth.objects.filter(withdrawn=False, page__isnull=False).exclude(
        institution_iri=""
    )
    rows = [h for h in candidates if "cost" in h.missing_sections]
    if not rows:
        raise CommandError("No service without a cost section: run the sync first.")
    sizes = {
        h.institution_iri: ServiceHealth.objects.filter(institution_iri=h.institution_iri).count()
        for h in rows
    }
    chosen = sorted(rows, key=lambda h: (sizes[h.institution_iri], h.identifier))[0]
    return ServicePage.objects.select_related("competent_authority").get(pk=chosen.page_id)


def ensure_owner(service: ServicePage) -> object:
    """The demo account of the service's institution (idempotent)."""
    authority = service.competent_authority
    user, _created = get_user_model().objects.get_or_create(
        username=USERNAME, defaults={"email": f"{USERNAME}@demo.example"}
    )
    user.set_password(DEMO_PASSWORD)
    user.is_active = True
    user.save()
    group, _created = Group.objects.get_or_create(name=OWNER_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user.groups.add(group)
    # An owner is not a portal editor: in the Editors group they could promote any service for
    # any query and see the whole portal's search demand (issue 19). Earlier demos added it.
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        user.groups.remove(editors)
    InstitutionMembership.objects.filter(user=user).exclude(
        institution_iri=authority.register_iri
    ).delete()
    InstitutionMembership.objects.update_or_create(
        user=user,
        institution_iri=authority.register_iri,
        role=InstitutionMembership.PROVIDER,
        defaults={"institution_name": authority.title},
    )
    return user


def add_broken_link(service: ServicePage, url: str) -> ExternalLink:
    """The editor's introduction links to a page that no longer exists."""
    page = ServicePage.objects.get(pk=service.pk)
    anchor = f'<a href="{url}">'
    if anchor not in (page.introduction or ""):
        page.introduction = (
            f"{page.introduction or ''}<p>Vairāk par pakalpojumu: {anchor}iestādes lapa</a>.</p>"
        )
        page.save_revision().publish()
    collect_links([page.pk])
    link = ExternalLink.objects.get(url_hash=url_hash(url))
    linkcheck.check_links([link], allow_private=True, interval=0.0)
    link.refresh_from_db()
    return link


def send_report(service: ServicePage) -> ServiceRequest:
    key = "problem-demo-owner-scenario-0000000"
    existing = problems.existing_report(key)
    if existing is not None and existing.status in ("completed", "rejected"):
        ServiceRequest.objects.filter(pk=existing.pk).delete()
        existing = None
    if existing is not None:
        return existing
    report, _created = problems.create_report(
        service,
        key,
        "problem",
        "Informācija ir nepareiza vai novecojusi",
        "Lapā nav norādīts, cik maksā pakalpojums, un saite uz iestādes lapu nestrādā.",
        "iedzivotajs@demo.example",
    )
    return report


class Command(BaseCommand):
    help = "Prepare the owners' demo: demo-owner, a broken link, a problem report (demo only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--broken-url",
            default="http://127.0.0.1:8765/iestades-lapa-vairs-nav",
            help="a URL that answers 404 (the demo register server answers 404 for it)",
        )

    def handle(self, *args: object, **options: object) -> None:
        module = settings.SETTINGS_MODULE or ""
        if module.endswith(".production"):
            raise CommandError("Refusing to prepare demo data with production settings.")
        refresh_everything()
        service = choose_service()
        ensure_owner(service)
        link = add_broken_link(service, str(options["broken_url"]))
        report = send_report(service)
        refresh_everything()
        health = ServiceHealth.objects.get(identifier=service.identifier)
        self.stdout.write(
            f"{USERNAME}: owner for {service.competent_authority.title}; "
            f"{service.identifier} “{service.title}”: completeness {health.score} % "
            f"(missing {', '.join(health.missing_sections)}), link {link.url} → "
            f"{link.get_outcome_display()} {link.status_code or ''}, problem report "
            f"{report.reference}"
        )
