"""The owners' demo data: an institution user sees their services ranked, the one without a
cost section with a broken link and a fresh problem report, and answers it in the inbox."""

from __future__ import annotations

import re

from django.core.management import call_command
from django.test import RequestFactory

from improvement.models import ExternalLink, ServiceHealth
from service_requests.models import ServiceRequest

from .link_server import LinkServer


def test_owner_demo_scenario_end_to_end(client, world, django_capture_on_commit_callbacks):
    with LinkServer() as server, django_capture_on_commit_callbacks(execute=True):
        call_command("demo_owner_scenario", broken_url=server.url + "/missing")
    link = ExternalLink.objects.get(url=server.url + "/missing")
    assert (link.outcome, link.status_code) == (ExternalLink.BROKEN, 404)
    health = ServiceHealth.objects.get(identifier="PAK-OWN-2")
    assert "cost" in health.missing_sections and health.links_broken == 1
    report = ServiceRequest.objects.get(service_identifier="PAK-OWN-2", request_kind="problem")

    assert client.login(
        request=RequestFactory().post("/admin/login/"),
        username="demo-owner",
        password="demo-parole-2026",
    )
    dashboard = client.get("/admin/owners/").content.decode()
    ranked = re.findall(r'href="/admin/owners/services/([^/]+)/"', dashboard)
    assert ranked[0] == "PAK-OWN-2" and "PAK-OTH-1" not in ranked
    service = client.get("/admin/owners/services/PAK-OWN-2/").content.decode()
    assert server.url + "/missing" in service and report.reference in service
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"/admin/service-requests/{report.pk}/", {"action": "status", "status": "accepted"}
        )
    assert answer.status_code == 302
    assert ServiceRequest.objects.get(pk=report.pk).status == "accepted"

    with LinkServer() as server:  # idempotent: a second run adds nothing
        call_command("demo_owner_scenario", broken_url=server.url + "/missing")
    assert ServiceRequest.objects.filter(request_kind="problem").count() == 1
