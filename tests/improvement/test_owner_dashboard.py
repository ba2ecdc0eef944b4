"""The owners' dashboard: an institution's services ranked by what needs attention, charts
that work without JavaScript with their numbers as tables, CSV export, per-service view."""

from __future__ import annotations

import csv
import io
import re

from catalogue_pages.models import PageFeedback, ServicePage
from improvement.completeness import refresh_completeness
from improvement.models import ExternalLink, ServiceHealth
from improvement.services import refresh_pages
from improvement.statistics import refresh_statistics
from service_requests.models import ServiceRequest

DASHBOARD = "/admin/owners/"


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_dashboard_ranks_the_institutions_services_by_attention(client, world):
    client.force_login(world.owner)
    body = client.get(DASHBOARD).content.decode()
    ranked = re.findall(r'href="/admin/owners/services/([^/]+)/"', body)
    assert ranked[:2] == ["PAK-OWN-2", "PAK-OWN-1"]  # the one without a cost section first
    assert "PAK-OTH-1" not in body


def test_dashboard_puts_broken_links_and_problem_reports_first(client, world):
    ExternalLink.objects.filter(url="https://e.example/pieteikt").update(
        outcome=ExternalLink.BROKEN, status_code=404
    )
    ServicePage.objects.filter(identifier="PAK-OWN-2").update(channels=[])
    refresh_pages([world.complete.pk, world.no_cost.pk])
    client.force_login(world.owner)
    body = client.get(DASHBOARD).content.decode()
    ranked = re.findall(r'href="/admin/owners/services/([^/]+)/"', body)
    assert ranked[0] == "PAK-OWN-1"
    health = ServiceHealth.objects.get(identifier="PAK-OWN-1")
    assert health.links_broken == 1 and health.attention > 0


def test_dashboard_counts_low_satisfaction(world):
    before = ServiceHealth.objects.get(identifier="PAK-OWN-1").attention
    for useful in (False, False, False, True):
        PageFeedback.objects.create(page=world.complete, useful=useful)
    refresh_statistics(["PAK-OWN-1"])
    health = ServiceHealth.objects.get(identifier="PAK-OWN-1")
    assert (health.feedback_no, health.feedback_yes) == (3, 1)
    assert health.attention > before


def test_dashboard_shows_the_institutions_recent_comments(client, world):
    PageFeedback.objects.create(page=world.no_cost, useful=False, comment="Kur ir cena?")
    PageFeedback.objects.create(page=world.foreign, useful=False, comment="Svešs komentārs")
    client.force_login(world.owner)
    body = client.get(DASHBOARD).content.decode()
    assert "Kur ir cena?" in body and "Svešs komentārs" not in body


def test_dashboard_shows_only_the_users_own_institutions(client, world):
    client.force_login(world.other_owner)
    body = client.get(DASHBOARD).content.decode()
    assert "PAK-OTH-1" in body and "PAK-OWN-1" not in body
    assert (
        "PAK-OWN-1"
        not in client.get(
            DASHBOARD + "?institution=" + world.owner_org.register_iri
        ).content.decode()
    )
    refused = client.get("/admin/owners/services/PAK-OWN-1/")
    assert refused.status_code in (302, 403) and "Pases izsniegšana" not in refused.content.decode()
    client.force_login(world.outsider)
    assert client.get(DASHBOARD).status_code in (302, 403)


def test_dashboard_charts_are_svg_with_their_numbers_in_tables(client, world):
    client.force_login(world.owner)
    body = client.get(DASHBOARD).content.decode()
    assert body.count('<svg id="chart-') == 3
    assert 'role="img"' in body and 'aria-labelledby="chart-score-title"' in body
    assert "<script" not in body.split('<svg id="chart-attention"')[1].split("</svg>")[0]
    # 2 services: both in the 75–99 % bucket (88 %) or 100 %: the table says so.
    assert re.search(r"<td>75–99 %</td><td>1</td>", body)
    assert re.search(r"<td>100 %</td><td>1</td>", body)


def test_dashboard_csv_export_is_own_institution_and_injection_safe(client, world):
    ServicePage.objects.filter(pk=world.no_cost.pk).update(title='=HYPERLINK("http://evil")')
    refresh_completeness(["PAK-OWN-2"])
    client.force_login(world.owner)
    response = client.get(DASHBOARD + "export.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert [row[0] for row in rows[1:]] == ["PAK-OWN-2", "PAK-OWN-1"]
    assert rows[1][1] == '\'=HYPERLINK("http://evil")'
    assert "Maksa" in rows[1][5]


def test_owner_service_view_shows_comments_problem_reports_and_links(client, world):
    PageFeedback.objects.create(page=world.no_cost, useful=False, comment="Nav norādīta cena")
    report = ServiceRequest.objects.create(
        reference="PP-2026-000001",
        year=2026,
        sequence=1,
        idempotency_token="t1",
        service_identifier="PAK-OWN-2",
        service_title="Dzīvesvietas deklarēšana",
        request_kind="problem",
        provider_iri=world.owner_org.register_iri,
        contact_name="",
        email="",
        needed="Saite nestrādā",
    )
    ExternalLink.objects.filter(url="https://likumi.example/123").update(
        outcome=ExternalLink.BROKEN, status_code=404
    )
    refresh_statistics(["PAK-OWN-2"])
    client.force_login(world.owner)
    body = client.get("/admin/owners/services/PAK-OWN-2/").content.decode()
    assert "Nav norādīta cena" in body
    assert report.reference in body and f"/admin/service-requests/{report.pk}/" in body
    assert "https://likumi.example/123" in body and "404" in body
    public = client.get("/lv/statistics/services/PAK-OWN-2/").content.decode()
    assert "Nav norādīta cena" not in public and report.reference not in public


def test_dashboard_menu_item_only_for_institution_users(client, world, admin_user):
    client.force_login(world.owner)
    home = client.get("/admin/").content.decode()
    assert DASHBOARD in home
    # The admin home lists the owner's services needing attention (the one without a cost).
    assert "/admin/owners/services/PAK-OWN-2/" in home
    assert "/admin/owners/services/PAK-OTH-1/" not in home
    client.force_login(admin_user)
    body = client.get(DASHBOARD).content.decode()
    assert "PAK-OWN-1" in body or "PAK-OTH-1" in body
